/**
 * /api/admin/import/addresses: the old site's addresses (old-addresses.ts,
 * parseWxr's `bundle.addresses`), sent by the CLI after the posts, in
 * batches. Each is resolved to a path here (an imported post by its source,
 * a tag, the home page, or gone), kept in D1 (`old_addresses`) and copied
 * to KV as `old:<path>`, which the reader reads only for a request nothing
 * else answered (src/redirects/). A second import writes nothing: only
 * addresses whose answer changed are written, to D1 and KV.
 */
import { Hono } from "hono/tiny";
import * as v from "valibot";
import type { AppEnv } from "../../config";
import { jsonResponse } from "../../http/respond";
import type { PostStores } from "../../posts/store";
import { slugPath } from "../../posts/slug";
import { GONE, isLocalTarget, oldKey, pathKey } from "../../redirects/paths";
import { int, list, maxChars } from "../../checks";
import { parseBody, readJsonBody } from "../json";
import { siteKey, sourceKey, UNNAMED_SITE } from "./source";
import type { OldAddress } from "./old-addresses";

/** KV allows one write per key a second and a Worker 1,000 KV operations a request: a batch writes at most this many keys. */
export const MAX_ADDRESSES_PER_IMPORT = 200;

export interface AddressOutcome {
  /** Written (new, or answering differently than before). */
  recorded: number;
  unchanged: number;
  /** Not recorded, with the reason: an address that is not a normalized one, a post that is not here. */
  skipped: { path: string; reason: string }[];
}

/** A query address the reader looks up (paths.ts queryKey, and `?cat=` of a category). */
const QUERY_ADDRESS = /^\?(?:p|page_id|attachment_id|cat)=[1-9][0-9]{0,15}$/;

/** The tag page of a tag name, spelled as posts keep their tags (store.ts normalizeTags). */
const tagTarget = (tag: string) => `/tag/${encodeURIComponent(tag.trim().replace(/\s+/g, " "))}`;

/**
 * Records a batch of old addresses. `site` is the batch's: an address of
 * kind "post" that names none is of that site.
 */
export async function recordOldAddresses(stores: PostStores, site: string, addresses: OldAddress[], now = Date.now()): Promise<AddressOutcome> {
  const outcome: AddressOutcome = { recorded: 0, unchanged: 0, skipped: [] };
  const valid = addresses.filter((a) => {
    const ok = QUERY_ADDRESS.test(a.path) || (a.path !== "/" && pathKey(a.path) === a.path);
    if (!ok) outcome.skipped.push({ path: a.path, reason: "not an address as the import writes them (normalized: decoded, lower case, no trailing slash)" });
    return ok;
  });
  const items = valid.filter((a) => a.kind === "post").map((a) => [a.wpSite ?? site, a.wpId ?? 0]);
  const { results: posts } = await stores.DB.prepare(
    `SELECT p.wp_site AS site, p.wp_id AS id, p.slug FROM json_each(?1) AS s JOIN posts p ON p.wp_site = s.value ->> '$[0]' AND p.wp_id = s.value ->> '$[1]'`,
  )
    .bind(JSON.stringify(items))
    .all<{ site: string; id: number; slug: string }>();
  const slugs = new Map(posts.map((p) => [sourceKey(p.site, p.id), p.slug]));
  // A gone address never hides a post that lives at it (the 410 would stand where the author's draft preview is).
  const singleSegments = valid.filter((a) => a.kind === "gone" && !a.path.startsWith("?") && a.path.indexOf("/", 1) === -1).map((a) => a.path.slice(1));
  const { results: live } = await stores.DB.prepare("SELECT lower(slug) AS slug FROM posts WHERE lower(slug) IN (SELECT value FROM json_each(?1))").bind(JSON.stringify(singleSegments)).all<{ slug: string }>();
  const liveSlugs = new Set(live.map((r) => r.slug));

  const rows = new Map<string, { site: string | null; id: number | null; target: string }>();
  for (const a of valid) {
    if (rows.has(a.path)) continue;
    let target: string;
    let source: { site: string | null; id: number | null } = { site: null, id: null };
    if (a.kind === "post") {
      source = { site: a.wpSite ?? site, id: a.wpId ?? null };
      const slug = slugs.get(sourceKey(source.site!, source.id ?? 0));
      if (slug === undefined) {
        outcome.skipped.push({ path: a.path, reason: `its post (id ${a.wpId} of ${source.site}) is not on this blog` });
        continue;
      }
      target = slugPath(slug);
    } else if (a.kind === "tag") target = tagTarget(a.tag ?? "");
    else if (a.kind === "home") target = "/";
    else {
      if (liveSlugs.has(a.path.slice(1))) {
        outcome.skipped.push({ path: a.path, reason: "a post of this blog has that address" });
        continue;
      }
      target = "";
    }
    if (target !== "" && (!isLocalTarget(target) || target === "/tag/")) {
      outcome.skipped.push({ path: a.path, reason: "what it names has no address here" });
      continue;
    }
    rows.set(a.path, { ...source, target });
  }

  const { results: before } = await stores.DB.prepare("SELECT path, target FROM old_addresses WHERE path IN (SELECT value FROM json_each(?1))")
    .bind(JSON.stringify([...rows.keys()]))
    .all<{ path: string; target: string }>();
  const known = new Map(before.map((r) => [r.path, r.target]));
  const changed = [...rows].filter(([path, row]) => known.get(path) !== row.target);
  outcome.unchanged = rows.size - changed.length;
  outcome.recorded = changed.length;
  if (changed.length === 0) return outcome;
  await stores.DB.prepare(
    `INSERT INTO old_addresses (path, wp_site, wp_id, target, updated_at)
     SELECT r.value ->> '$[0]', r.value ->> '$[1]', r.value ->> '$[2]', r.value ->> '$[3]', ?2 FROM json_each(?1) AS r WHERE true
     ON CONFLICT (path) DO UPDATE SET wp_site = excluded.wp_site, wp_id = excluded.wp_id, target = excluded.target, updated_at = excluded.updated_at`,
  )
    .bind(JSON.stringify(changed.map(([path, r]) => [path, r.site, r.id, r.target])), now)
    .run();
  // D1 first, then KV. A KV write that fails fails the request; rewriteOldAddressKeys() writes every key again from D1.
  await Promise.all(changed.map(([path, r]) => stores.POSTS.put(oldKey(path), r.target === "" ? GONE : r.target)));
  return outcome;
}

/**
 * A post deleted for good: its old addresses answer 410 from now on. For
 * the permanent delete (posts' trash) to call; returns how many changed.
 */
export async function oldAddressesGone(stores: PostStores, slug: string, now = Date.now()): Promise<number> {
  const { results } = await stores.DB.prepare("UPDATE old_addresses SET target = '', updated_at = ?2 WHERE target = ?1 RETURNING path").bind(slugPath(slug), now).all<{ path: string }>();
  await Promise.all(results.map((r) => stores.POSTS.put(oldKey(r.path), GONE)));
  return results.length;
}

/** Every old address's KV key written again from D1, a page at a time (after restoring KV, or moving the blog's KV). */
export async function rewriteOldAddressKeys(stores: PostStores, after = "", limit = 500): Promise<{ written: number; next: string | null }> {
  const { results } = await stores.DB.prepare("SELECT path, target FROM old_addresses WHERE path > ?1 ORDER BY path LIMIT ?2").bind(after, limit).all<{ path: string; target: string }>();
  await Promise.all(results.map((r) => stores.POSTS.put(oldKey(r.path), r.target === "" ? GONE : r.target)));
  return { written: results.length, next: results.length === limit ? results.at(-1)!.path : null };
}

const siteSchema = v.pipe(v.string(), maxChars(2000), v.check((s: string) => siteKey(s) !== null, `must be the http(s) address of the site the items come from, or ${UNNAMED_SITE}`));

const AddressesBody = v.object({
  site: siteSchema,
  addresses: list(
    v.object({
      path: v.pipe(v.string(), maxChars(1000)),
      kind: v.picklist(["post", "tag", "home", "gone"]),
      wpSite: v.optional(siteSchema),
      wpId: v.optional(v.pipe(int, v.gtValue(0), v.maxValue(Number.MAX_SAFE_INTEGER))),
      tag: v.optional(v.pipe(v.string(), maxChars(200))),
    }),
    MAX_ADDRESSES_PER_IMPORT,
    `at most ${MAX_ADDRESSES_PER_IMPORT} addresses a request`,
  ),
});

/** The desk's route (mounted with the other import routes under /api/admin). */
export const adminOldAddresses = new Hono<AppEnv>();

adminOldAddresses.post("/import/addresses", async (c) => {
  const batch = parseBody(AddressesBody, await readJsonBody(c));
  const site = siteKey(batch.site)!;
  const addresses = batch.addresses.map((a) => ({ ...a, ...(a.wpSite !== undefined ? { wpSite: siteKey(a.wpSite)! } : {}) }));
  return jsonResponse(c, await recordOldAddresses(c.env, site, addresses), 200, "no-store");
});
