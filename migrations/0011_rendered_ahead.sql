-- Pages rendered ahead of time (issue 11): a post's comment threads are kept
-- rendered beside their chunk (`comments:<slug>:html:<k>`), and each post of
-- a list carries its entry's markup, so a first view in a new isolate joins
-- stored markup instead of rendering it. A blog made before this migration
-- gets both as its keys are rewritten: every post with comments is marked
-- stale (the cron rebuilds its pages, a few posts a run), and the REINDEX
-- mark (' *', as migrations 0004 and 0010 left it) rewrites every list.
-- Until then its pages render as they did.
INSERT INTO snapshot_dirty (slug, since, ids) SELECT DISTINCT post_slug, 0, NULL FROM comments WHERE status = 'approved'
  ON CONFLICT (slug) DO UPDATE SET ids = NULL;
INSERT INTO lists_dirty (list, from_pos, to_pos, stamp, since) SELECT ' *', 0, 0, 'migration', 0 WHERE EXISTS (SELECT 1 FROM posts)
  ON CONFLICT (list) DO NOTHING;
