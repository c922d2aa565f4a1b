/** The media library through the real Worker: R2, the Images binding and D1 in workerd. */
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { admin, BASE, get } from "../helpers";
import { fromBase64, makePng } from "./png";
import * as fixtures from "../fixtures/media/images";
import { sniffImage } from "../../src/media/sniff";
import { sha256Hex } from "../../src/crypto";
import { storeImage } from "../../src/media/upload";



async function upload(files: { name: string; bytes: Uint8Array<ArrayBuffer>; type?: string }[], alt?: string): Promise<Response> {
  const form = new FormData();
  for (const f of files) form.append("file", new File([f.bytes], f.name, { type: f.type ?? "application/octet-stream" }));
  if (alt !== undefined) form.append("alt", alt);
  return admin("/api/admin/media", { method: "POST", body: form });
}

interface MediaJson {
  key: string;
  url: string;
  path: string;
  type: string;
  bytes: number;
  width: number;
  height: number;
  alt: string;
  reused: boolean;
  widths: { width: number; height: number; bytes: number; url: string }[];
  uses?: string[];
}

const mediaCount = async () => (await env.DB.prepare("SELECT COUNT(*) AS n FROM media").first<{ n: number }>())!.n;
const objectCount = async () => (await env.MEDIA!.list()).objects.length;

let big: Uint8Array<ArrayBuffer>;
let bigMedia: MediaJson;

beforeAll(async () => {
  big = await makePng(2000, 1200, 3);
});

describe("what a file is, from its bytes", () => {
  const cases: [string, string, string][] = [
    ["jpeg", fixtures.jpeg, "image/jpeg"],
    ["progressive jpeg", fixtures.progressiveJpeg, "image/jpeg"],
    ["png", fixtures.png, "image/png"],
    ["gif", fixtures.gif, "image/gif"],
    ["lossy webp", fixtures.webpLossy, "image/webp"],
    ["lossless webp", fixtures.webpLossless, "image/webp"],
    ["webp with alpha (VP8X)", fixtures.webpAlpha, "image/webp"],
    ["avif", fixtures.avif, "image/avif"],
  ];
  for (const [label, b64, type] of cases) {
    it(`${label}: type and size; cut short it is damaged (422)`, () => {
      const bytes = fromBase64(b64);
      expect(sniffImage(bytes)).toEqual({ ok: true, type, ...fixtures.SIZE });
      for (const cut of [bytes.length - 1, Math.floor(bytes.length * 0.6), 40]) {
        const result = sniffImage(bytes.subarray(0, cut));
        expect(result.ok, `${label} cut at ${cut}`).toBe(false);
        expect(result.ok ? 0 : result.status, `${label} cut at ${cut}`).toBe(422);
      }
    });
  }

  it("refuses what is not a raster image (415), saying why", () => {
    const text = (s: string) => new TextEncoder().encode(s);
    const svg = sniffImage(text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'));
    expect(svg).toMatchObject({ ok: false, status: 415 });
    expect(svg.ok ? "" : svg.reason).toMatch(/SVG.*scripts.*PNG or WebP/);
    expect(sniffImage(text("%PDF-1.7 …"))).toMatchObject({ ok: false, status: 415, reason: expect.stringMatching(/PDF/) });
    expect(sniffImage(text("just some text"))).toMatchObject({ ok: false, status: 415 });
    expect(sniffImage(new Uint8Array(0))).toMatchObject({ ok: false, status: 415, reason: expect.stringMatching(/empty/) });
  });

  it("refuses an image with more pixels than a Worker can decode (422)", () => {
    const png = fromBase64(fixtures.png);
    const huge = png.slice();
    new DataView(huge.buffer).setUint32(16, 20000);
    new DataView(huge.buffer).setUint32(20, 20000);
    expect(sniffImage(huge)).toMatchObject({ ok: false, status: 422, reason: expect.stringMatching(/20000 × 20000/) });
  });
});

describe("upload", () => {
  it("stores a PNG under its content's name, with WebP widths made once by the Images binding", async () => {
    const res = await upload([{ name: "trail.png", bytes: big }], "A trail in the Carmel");
    expect(res.status).toBe(201);
    const { media } = (await res.json()) as { media: MediaJson[] };
    bigMedia = media[0]!;
    const sha = await sha256Hex(big);
    expect(bigMedia.key).toBe(`${sha.slice(0, 32)}.png`);
    expect(bigMedia).toMatchObject({ type: "image/png", width: 2000, height: 1200, bytes: big.byteLength, alt: "A trail in the Carmel", reused: false, path: `/media/${bigMedia.key}` });
    expect(bigMedia.widths.map((w) => [w.width, w.height])).toEqual([[480, 288], [960, 576], [1600, 960]]);
    for (const w of bigMedia.widths) {
      const file = await get(new URL(w.url).pathname);
      expect(file.status).toBe(200);
      expect(file.headers.get("content-type")).toBe("image/webp");
      const bytes = new Uint8Array(await file.arrayBuffer());
      expect(bytes.byteLength).toBe(w.bytes);
      expect(sniffImage(bytes)).toMatchObject({ ok: true, type: "image/webp", width: w.width, height: w.height });
      expect(w.bytes).toBeLessThan(big.byteLength);
    }
  });

  it("the same file again is the same record (200, reused), whatever its name", async () => {
    const before = await objectCount();
    const res = await upload([{ name: "copy-of-trail.PNG.jpg", bytes: big }]);
    expect(res.status).toBe(200);
    const { media } = (await res.json()) as { media: MediaJson[] };
    expect(media[0]).toMatchObject({ key: bigMedia.key, reused: true });
    expect(await objectCount()).toBe(before);
  });

  it("takes every type, several files at once; a file narrower than every width gets none", async () => {
    const files = [
      { name: "a.jpg", bytes: fromBase64(fixtures.jpeg) },
      { name: "b.gif", bytes: fromBase64(fixtures.gif) },
      { name: "c.webp", bytes: fromBase64(fixtures.webpLossy) },
      { name: "d.avif", bytes: fromBase64(fixtures.avif) },
    ];
    const res = await upload(files);
    expect(res.status).toBe(201);
    const { media } = (await res.json()) as { media: MediaJson[] };
    expect(media.map((m) => [m.type, m.key.split(".")[1], m.widths.length])).toEqual([
      ["image/jpeg", "jpg", 0],
      ["image/gif", "gif", 0],
      ["image/webp", "webp", 0],
      ["image/avif", "avif", 0],
    ]);
  });

  it("bad input: each refused with its status and reason, and nothing stored", async () => {
    const rows = await mediaCount();
    const objects = await objectCount();
    const png = fromBase64(fixtures.png);
    const cases: [string, () => Promise<Response>, number, RegExp][] = [
      ["svg", () => upload([{ name: "logo.svg", bytes: new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') as Uint8Array<ArrayBuffer> }]), 415, /logo\.svg: SVG/],
      ["a text file named .png", () => upload([{ name: "notes.png", bytes: new TextEncoder().encode("hello") as Uint8Array<ArrayBuffer>, type: "image/png" }]), 415, /notes\.png: .*not an image/],
      ["truncated png", () => upload([{ name: "cut.png", bytes: png.slice(0, png.length - 20) }]), 422, /cut\.png: .*damaged or incomplete/],
      ["one bad file among good ones", () => upload([{ name: "ok.jpg", bytes: fromBase64(fixtures.progressiveJpeg) }, { name: "bad.webp", bytes: fromBase64(fixtures.webpLossless).slice(0, 30) }]), 422, /bad\.webp: .*No file of this upload was stored/],
      ["over 20 MiB", () => upload([{ name: "huge.png", bytes: new Uint8Array(20 * 1024 * 1024 + 1) }]), 413, /huge\.png: .*at most 20 MiB/],
      ["no file", () => admin("/api/admin/media", { method: "POST", body: new FormData() }), 400, /No file was sent/],
      ["not multipart", () => admin("/api/admin/media", { method: "POST", json: { file: "x" } }), 415, /multipart\/form-data/],
      ["broken multipart", () => admin("/api/admin/media", { method: "POST", headers: { "Content-Type": "multipart/form-data; boundary=xyz" }, body: "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n\x89PNG" }), 400, /could not be read/],
    ];
    for (const [label, send, status, message] of cases) {
      const res = await send();
      expect(res.status, label).toBe(status);
      expect(((await res.json()) as { error: { message: string } }).error.message, label).toMatch(message);
    }
    expect(await mediaCount()).toBe(rows);
    expect(await objectCount()).toBe(objects);
  });

  it("without the Images binding the original is stored alone, and says so", async () => {
    const png = await makePng(1000, 600, 9);
    const stored = await storeImage({ DB: env.DB, MEDIA: env.MEDIA }, png, { name: "no-binding.png", widths: [480, 960] });
    expect(stored).toMatchObject({ ok: true, reused: false, note: expect.stringMatching(/no Images binding/) });
    expect(stored.ok && stored.record.widths).toEqual([]);
    expect((await get(`/media/${stored.ok ? stored.record.key : ""}`)).status).toBe(200);
    // Without R2 nothing can be stored: 503, naming the binding.
    expect(await storeImage({ DB: env.DB }, png, { widths: [] })).toMatchObject({ ok: false, status: 503, reason: expect.stringMatching(/MEDIA/) });
  });

  it("needs the admin token", async () => {
    const form = new FormData();
    form.append("file", new File([fromBase64(fixtures.jpeg)], "a.jpg"));
    const res = await exports.default.fetch(new Request(BASE + "/api/admin/media", { method: "POST", body: form }));
    expect(res.status).toBe(401);
  });
});

describe("/media/<key>", () => {
  it("serves the file with its type, a year of immutable caching, ETag and 304, HEAD", async () => {
    const res = await get(bigMedia.path);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(res.headers.get("content-security-policy")).toContain("sandbox");
    expect(await sha256Hex(new Uint8Array(await res.arrayBuffer()))).toBe(await sha256Hex(big));
    const etag = res.headers.get("etag")!;
    expect(etag).toBe(`"${bigMedia.key}"`);
    const again = await get(bigMedia.path, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    const head = await get(bigMedia.path, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(big.byteLength));
    expect(head.headers.get("content-type")).toBe("image/png");
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it("answers byte ranges (206) and refuses impossible ones (416)", async () => {
    const size = big.byteLength;
    const cases: [string, number, number][] = [
      ["bytes=0-99", 0, 99],
      ["bytes=100-", 100, size - 1],
      ["bytes=-50", size - 50, size - 1],
      [`bytes=10-${size + 500}`, 10, size - 1],
    ];
    for (const [range, from, to] of cases) {
      const res = await get(bigMedia.path, { headers: { Range: range } });
      expect(res.status, range).toBe(206);
      expect(res.headers.get("content-range"), range).toBe(`bytes ${from}-${to}/${size}`);
      // Compared by hash: a deep comparison of megabytes is slow.
      expect(await sha256Hex(new Uint8Array(await res.arrayBuffer())), range).toBe(await sha256Hex(big.slice(from, to + 1)));
    }
    for (const range of [`bytes=${size}-`, "bytes=-0", "bytes=500-100"]) {
      const res = await get(bigMedia.path, { headers: { Range: range } });
      expect(res.status, range).toBe(416);
      expect(res.headers.get("content-range"), range).toBe(`bytes */${size}`);
    }
    // Several ranges, or a range of another copy (If-Range): the whole file.
    expect((await get(bigMedia.path, { headers: { Range: "bytes=0-1,5-6" } })).status).toBe(200);
    expect((await get(bigMedia.path, { headers: { Range: "bytes=0-1", "If-Range": '"other"' } })).status).toBe(200);
  });

  it("unknown and malformed keys are 404", async () => {
    for (const path of ["/media/0123456789abcdef0123456789abcdef.png", "/media/../wrangler.toml", "/media/x.png", `/media/${bigMedia.key.replace(".png", ".jpg")}`]) {
      expect((await get(path)).status, path).toBe(404);
    }
  });
});

describe("images in posts", () => {
  it("a post's images get their size, srcset, sizes, lazy loading after the first; the cover leads", async () => {
    const small = ((await (await upload([{ name: "small.jpg", bytes: fromBase64(fixtures.progressiveJpeg) }])).json()) as { media: MediaJson[] }).media[0]!;
    const markdown = `First:\n\n![](${bigMedia.path})\n\nSecond:\n\n![A small one](${small.path})\n\n![](https://elsewhere.example/x.png)`;
    const put = await admin("/api/admin/posts/with-images", { method: "PUT", json: { title: "With images", markdown } });
    expect(put.status).toBe(201);
    const { warnings } = (await put.json()) as { warnings: string[] };
    expect(warnings).toEqual([expect.stringMatching(/https:\/\/elsewhere\.example\/x\.png is not on this blog/)]);
    const html = await (await get("/with-images")).text();
    const imgs = [...html.matchAll(/<img\b[^>]*>/g)].map((m) => m[0]);
    expect(imgs[0]).toContain(`src="${bigMedia.path}"`);
    expect(imgs[0]).toContain('width="2000"');
    expect(imgs[0]).toContain('height="1200"');
    expect(imgs[0]).toContain('alt="A trail in the Carmel"');
    expect(imgs[0]).toContain(`srcset="${bigMedia.widths.map((w) => `${new URL(w.url).pathname} ${w.width}w`).join(", ")}, ${bigMedia.path} 2000w"`);
    expect(imgs[0]).toContain('sizes="(min-width: 42rem) 39.5rem, calc(100vw - 2.5rem)"');
    expect(imgs[0]).toContain('decoding="async"');
    expect(imgs[0]).not.toContain("loading=");
    expect(imgs[1]).toContain('alt="A small one"');
    expect(imgs[1]).toContain('loading="lazy"');
    expect(imgs[1]).not.toContain("srcset");
    expect(imgs[2]).toContain('loading="lazy"');
    // D1 keeps the body as it was written.
    const stored = await env.DB.prepare("SELECT html FROM posts WHERE slug = 'with-images'").first<{ html: string }>();
    expect(stored!.html).not.toContain("srcset");

    const cover = await admin("/api/admin/posts/with-images", { method: "PUT", json: { title: "With images", markdown, cover: small.key } });
    expect(cover.status).toBe(200);
    const page = await (await get("/with-images")).text();
    const first = /<img\b[^>]*>/.exec(page)![0];
    expect(first).toContain(`src="${small.path}"`);
    expect(first).toContain('fetchpriority="high"');
    expect([...page.matchAll(/<img\b[^>]*>/g)].slice(1).every((m) => m[0].includes('loading="lazy"'))).toBe(true);
    const json = (await (await get("/api/posts/with-images")).json()) as { cover: { url: string; width: number; alt: string } };
    expect(json.cover).toEqual({ url: `${BASE}${small.path}`, width: 64, height: 48, alt: "" });
    const csp = (await get("/with-images")).headers.get("content-security-policy")!;
    expect(csp).toContain("img-src 'self' data:");
  });

  it("the library lists each file with the posts that use it; alt text edits show on those posts; delete is refused while used", async () => {
    const list = (await (await admin("/api/admin/media")).json()) as { media: MediaJson[]; total: number };
    const entry = list.media.find((m) => m.key === bigMedia.key)!;
    expect(entry.uses).toEqual(["with-images"]);

    const patch = await admin(`/api/admin/media/${bigMedia.key}`, { method: "PATCH", json: { alt: "The wadi from the trail" } });
    expect(patch.status).toBe(200);
    expect(await (await get("/with-images")).text()).toContain('alt="The wadi from the trail"');

    const refused = await admin(`/api/admin/media/${bigMedia.key}`, { method: "DELETE" });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { status: 409, message: expect.stringMatching(/used by a post: with-images/) }, posts: ["with-images"] });
    expect((await get(bigMedia.path)).status).toBe(200);

    // Once no post uses it, it goes, widths and all.
    await admin("/api/admin/posts/with-images", { method: "PUT", json: { title: "With images", markdown: "No pictures now.", cover: null } });
    const gone = await admin(`/api/admin/media/${bigMedia.key}`, { method: "DELETE" });
    expect(gone.status).toBe(200);
    expect((await get(bigMedia.path)).status).toBe(404);
    for (const w of bigMedia.widths) expect((await get(new URL(w.url).pathname)).status).toBe(404);
    expect((await admin(`/api/admin/media/${bigMedia.key}`, { method: "DELETE" })).status).toBe(404);
  });
});
