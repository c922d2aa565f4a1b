/**
 * Seeds the demo blog, idempotently: a post already in D1 is left alone (the
 * author may have edited it), so running it twice changes nothing.
 * Run by `npm start` (scripts/start.js) and by tests; never by the Worker.
 */
import { publishPost, type PostStores } from "../posts/store";
import { DEMO_POSTS } from "./posts";

export interface SeedReport {
  postsAdded: string[];
}

export async function seedDemo(stores: PostStores): Promise<SeedReport> {
  const report: SeedReport = { postsAdded: [] };
  for (const post of DEMO_POSTS) {
    const existing = await stores.DB.prepare("SELECT 1 FROM posts WHERE slug = ?1").bind(post.slug).first();
    if (existing) continue;
    await publishPost(stores, post, post.updatedAt);
    report.postsAdded.push(post.slug);
  }
  return report;
}
