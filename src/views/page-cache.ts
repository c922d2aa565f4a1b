/**
 * Rendered pages kept in isolate memory, keyed by the versions of what they
 * show (index build time, post and snapshot versions…), with their ETag.
 * A page is rendered once per version per isolate instead of once per view;
 * a new version is a new key, so nothing here is ever stale.
 */
import { etagOf } from "../http/etag";

export interface CachedPage {
  html: string;
  etag: string;
}

const MAX_PAGES = 200;
const pages = new Map<string, CachedPage>();

// Pages depend on the config too (title, base URL, time zone): one number per parsed config.
const configIds = new WeakMap<object, number>();
let configCount = 0;
function configId(config: object): number {
  let id = configIds.get(config);
  if (id === undefined) configIds.set(config, (id = ++configCount));
  return id;
}

export async function cachedPage(config: object, key: string, render: () => string | Promise<string>): Promise<CachedPage> {
  const fullKey = `${configId(config)}\n${key}`;
  let page = pages.get(fullKey);
  if (!page) {
    const html = await render();
    page = { html, etag: await etagOf(html) };
    if (pages.size >= MAX_PAGES) pages.delete(pages.keys().next().value!);
    pages.set(fullKey, page);
  }
  return page;
}
