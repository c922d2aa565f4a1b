/**
 * Rendered pages kept in isolate memory, keyed by the versions of what they
 * show (index build time, post and snapshot versions…), with their ETag.
 * A page is rendered once per version per isolate instead of once per view;
 * a new version is a new key, so nothing here is ever stale.
 *
 * Pages are kept as UTF-8 bytes: a view then sends them as they are instead
 * of encoding a 50 KiB string again (a Hebrew page is a two-byte string,
 * the costliest kind to encode). A page with a per-view part (the post
 * page's form token) keeps a hole where it goes, filled per view by fill().
 */
import { etagOf } from "../http/etag";

export interface CachedPage {
  /** The page as UTF-8, without its hole. */
  body: Uint8Array<ArrayBuffer>;
  /** Hashed from the page without its hole, so every isolate gives the same page the same tag. */
  etag: string;
  /** Where the per-view part goes (a byte offset), if the page has one. */
  holeAt?: number;
}

const MAX_PAGES = 200;
const pages = new Map<string, CachedPage>();
const encoder = new TextEncoder();

// Pages depend on the config too (title, base URL, time zone): one number per parsed config.
const configIds = new WeakMap<object, number>();
let configCount = 0;
function configId(config: object): number {
  let id = configIds.get(config);
  if (id === undefined) configIds.set(config, (id = ++configCount));
  return id;
}

/**
 * The page for `key`, rendered by `render` on the first call. `hole`: a
 * marker `render` put where a per-view part goes (at most once); it is cut
 * out and its place remembered.
 */
export async function cachedPage(config: object, key: string, render: () => string | Promise<string>, hole?: string): Promise<CachedPage> {
  const fullKey = `${configId(config)}\n${key}`;
  let page = pages.get(fullKey);
  if (!page) {
    const html = await render();
    const at = hole ? html.indexOf(hole) : -1;
    if (at < 0) {
      const body = new Uint8Array(encoder.encode(html));
      page = { body, etag: await etagOf(body) };
    } else {
      const head = encoder.encode(html.slice(0, at));
      const tail = encoder.encode(html.slice(at + hole!.length));
      const body = new Uint8Array(head.length + tail.length);
      body.set(head);
      body.set(tail, head.length);
      page = { body, etag: await etagOf(body), holeAt: head.length };
    }
    if (pages.size >= MAX_PAGES) pages.delete(pages.keys().next().value!);
    pages.set(fullKey, page);
  }
  return page;
}

/** The page's bytes with `part` in its hole (the bytes as they are when it has none). */
export function fill(page: CachedPage, part: string): Uint8Array<ArrayBuffer> {
  if (page.holeAt === undefined) return page.body;
  const inserted = encoder.encode(part);
  const out = new Uint8Array(page.body.length + inserted.length);
  out.set(page.body.subarray(0, page.holeAt));
  out.set(inserted, page.holeAt);
  out.set(page.body.subarray(page.holeAt), page.holeAt + inserted.length);
  return out;
}
