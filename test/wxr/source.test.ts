/** Site keys and the "<site> <id>" sources our exports record (src/admin/wxr/source.ts). */
import { describe, expect, it } from "vitest";
import { formatSource, normalizeSite, parseSource, siteKey, UNNAMED_SITE } from "../../src/admin/wxr/source";

describe("site keys", () => {
  it("make one key of the spellings of one address", () => {
    for (const address of ["https://Blog.Example.com/", "HTTPS://blog.example.com", "https://blog.example.com:443//", " https://blog.example.com/?p=1#top "]) {
      expect(normalizeSite(address), address).toBe("https://blog.example.com");
    }
    expect(normalizeSite("http://127.0.0.1:8081")).toBe("http://127.0.0.1:8081");
    expect(normalizeSite("https://example.com/Blog/")).toBe("https://example.com/Blog"); // a path is the site's, case and all
    expect(normalizeSite("https://user:secret@example.com/")).toBe("https://example.com");
  });

  it("are http(s) addresses only, or the marker of a file that names no site", () => {
    for (const bad of ["", "example.com", "ftp://example.com", "javascript:alert(1)", "https://"]) expect(normalizeSite(bad), bad).toBeNull();
    expect(siteKey(UNNAMED_SITE)).toBe(UNNAMED_SITE);
    expect(siteKey("mailto:a@example.com")).toBeNull();
  });

  it("read back the sources an export writes, and nothing else", () => {
    expect(parseSource(formatSource({ site: "https://a.example", id: 12 }))).toEqual({ site: "https://a.example", id: 12 });
    expect(parseSource("HTTPS://A.example/ 12")).toEqual({ site: "https://a.example", id: 12 });
    expect(parseSource(`${UNNAMED_SITE} 3`)).toEqual({ site: UNNAMED_SITE, id: 3 });
    for (const bad of ["", "https://a.example", "https://a.example 0", "https://a.example -1", "https://a.example 1.5", "ftp://a.example 1", "https://a.example 99999999999999999"]) {
      expect(parseSource(bad), bad).toBeNull();
    }
  });
});
