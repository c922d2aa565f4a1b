-- Post lists in pages (issue 11): the home page, a tag page, the feed and the
-- sitemap each read a few small KV keys, never one key holding every post.
-- * list_entries: which posts each list shows, in order. List '' is the
--   blog's own list (every published post whose time has come); any other
--   list is a tag's, by its key (NFC, lower case: computed by the Worker, so
--   SQL cannot fill it in here). A post's position in a list is the number of
--   entries before it: an indexed count, which is what KV chunks are cut by.
-- * lists_dirty: the lists whose KV chunks a writer must rewrite, from which
--   position to which, written in the writer's own D1 batch and cleared once
--   KV has the chunks; the cron finishes what a writer left (as snapshot_dirty
--   does for comments). List ' *' (a tag never starts with a space) means
--   "rebuild list_entries from posts first".
-- * scheduled_posts: published posts whose time has not come yet; the cron
--   lists each once it has.

CREATE TABLE list_entries (
  list          TEXT NOT NULL,
  published_at  INTEGER NOT NULL,
  slug          TEXT NOT NULL,
  -- The lists' order, oldest first; posts of the same time newest-first by slug, as the old index had them.
  PRIMARY KEY (list, published_at, slug DESC)
) WITHOUT ROWID;
CREATE INDEX list_entries_by_slug ON list_entries (slug);

CREATE TABLE lists_dirty (
  list      TEXT PRIMARY KEY,
  from_pos  INTEGER NOT NULL,                          -- the first position whose chunk is stale…
  to_pos    INTEGER NOT NULL,                          -- …up to this one (a huge number: to the end)
  stamp     TEXT NOT NULL,                             -- the marking writer's: it clears only its own mark
  since     INTEGER NOT NULL
);

CREATE TABLE scheduled_posts (
  slug    TEXT PRIMARY KEY,
  due_at  INTEGER NOT NULL
);

-- A blog made before this migration: its own list now (it needs no tag keys), so a post published before
-- the cron's next run finds its neighbours; then every list from its posts (the cron, or `npm start`'s seed).
INSERT INTO list_entries (list, published_at, slug)
  SELECT '', published_at, slug FROM posts WHERE status = 'published' AND published_at <= CAST(strftime('%s', 'now') AS INTEGER) * 1000;
INSERT INTO scheduled_posts (slug, due_at)
  SELECT slug, published_at FROM posts WHERE status = 'published' AND published_at > CAST(strftime('%s', 'now') AS INTEGER) * 1000;
INSERT INTO lists_dirty (list, from_pos, to_pos, stamp, since) SELECT ' *', 0, 0, 'migration', 0 WHERE EXISTS (SELECT 1 FROM posts);
