-- Archives and neighbours (issue 14): every listed post is now also in the
-- list of its month (" m:2026-10", by its date in the blog's TIME_ZONE,
-- which SQL cannot compute), and the blog's list writes each post's
-- neighbours (`nav:<slug>`). A blog made before this migration gets both
-- from the REINDEX mark (' *', as migration 0004 left it): the cron's next
-- run (or `npm start`'s seed) rebuilds list_entries from posts and rewrites
-- every list, a run at a time (src/posts/list-build.ts, reindexLists).
INSERT INTO lists_dirty (list, from_pos, to_pos, stamp, since) SELECT ' *', 0, 0, 'migration', 0 WHERE EXISTS (SELECT 1 FROM posts)
  ON CONFLICT (list) DO NOTHING;
