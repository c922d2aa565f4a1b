/**
 * Images in a post as readers get them: each `<img>` of a library file gets
 * its pixel size (no layout shift), a `srcset` of the widths made at upload
 * with `sizes` for the page's column, `decoding="async"`, and
 * `loading="lazy"` unless it is the first image a reader sees; an empty alt
 * takes the library's alt text. Done when a post is written to KV, never
 * per view; the post's HTML in D1 stays as the author wrote it, so doing it
 * again (new alt text, a rebuilt post) gives the same result.
 */
import { MEDIA_REFERENCE, mediaByKeys, mediaPath, widthKey, type MediaRecord } from "./store";

/** The post column: 42rem less 2 × 1.25rem of padding (views/style.ts), the whole screen less the padding below that. */
export const IMAGE_SIZES = "(min-width: 42rem) 39.5rem, calc(100vw - 2.5rem)";

export interface CoverImage {
  src: string;
  width: number;
  height: number;
  alt: string;
  srcset?: string;
}

export interface ShownImages {
  html: string;
  cover: CoverImage | null;
  /** Every library file the post uses (images, links to files, the cover). */
  uses: string[];
  /** `/media/` files the post names that the library does not have. */
  missing: string[];
}

const srcsetOf = (m: MediaRecord) => (m.widths.length === 0 ? undefined : [...m.widths.map((w) => `${mediaPath(widthKey(m.key, w.width))} ${w.width}w`), `${mediaPath(m.key)} ${m.width}w`].join(", "));

const keyOfSrc = (src: string | null): string | null => /^\/media\/([0-9a-f]{32}\.(?:jpg|png|gif|webp|avif))$/.exec(src ?? "")?.[1] ?? null;

export function coverOf(m: MediaRecord, alt = ""): CoverImage {
  const srcset = srcsetOf(m);
  return { src: mediaPath(m.key), width: m.width, height: m.height, alt: alt || m.alt, ...(srcset ? { srcset } : {}) };
}

export async function showImages(db: D1Database, html: string, options: { cover?: string | null }): Promise<ShownImages> {
  const named = new Set([...html.matchAll(MEDIA_REFERENCE)].map((m) => m[1]!));
  if (options.cover) named.add(options.cover);
  const records = await mediaByKeys(db, named);
  const missing = [...named].filter((key) => !records.has(key));
  const cover = options.cover ? records.get(options.cover) : undefined;
  let first = !cover;
  const out = !/<img/i.test(html)
    ? html
    : await new HTMLRewriter()
        .on("img", {
          element(img) {
            const m = records.get(keyOfSrc(img.getAttribute("src")) ?? "");
            const eager = first;
            first = false;
            img.setAttribute("decoding", "async");
            if (!eager) img.setAttribute("loading", "lazy");
            if (!m) return;
            // A width the author chose is kept; the height follows it.
            const chosen = Number(img.getAttribute("width"));
            const width = Number.isInteger(chosen) && chosen > 0 ? chosen : m.width;
            img.setAttribute("width", String(width));
            img.setAttribute("height", String(Math.max(1, Math.round((m.height * width) / m.width))));
            const srcset = srcsetOf(m);
            if (srcset) {
              img.setAttribute("srcset", srcset);
              img.setAttribute("sizes", IMAGE_SIZES);
            }
            if (!img.getAttribute("alt") && m.alt) img.setAttribute("alt", m.alt);
          },
        })
        .transform(new Response(html))
        .text();
  return { html: out, cover: cover ? coverOf(cover) : null, uses: [...records.keys()], missing };
}
