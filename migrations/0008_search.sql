-- Search (issue 14): `/search?q=…` over titles, tags and text, with FTS5.
-- * post_search: one row per published, untrashed post (scheduled ones too:
--   the search keeps them out until their date, from posts), its rowid the
--   post's rowid in posts. It holds the text as src/search/normalize.ts makes
--   it (tags stripped from the HTML, entities decoded, NFKC, Hebrew points
--   removed: unicode61 would split a pointed word into letters), written by
--   the Worker in the same D1 batch as the post (src/posts/store.ts).
--   unicode61 folds case; remove_diacritics 2 folds Latin accents (café, cafe).
-- * search_queue: posts written before this migration. Their text cannot be
--   made in SQL (no HTML parser, no Unicode normalization), so the Worker
--   indexes them: a search indexes a few before answering (and the cron may),
--   until the queue is empty.
CREATE VIRTUAL TABLE post_search USING fts5(title, tags, body, tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE search_queue (
  slug  TEXT PRIMARY KEY
) WITHOUT ROWID;

INSERT INTO search_queue (slug) SELECT slug FROM posts WHERE status = 'published' AND trashed_at IS NULL;

-- A post that readers can no longer see leaves the index in the statement that hides or deletes it
-- (the Worker only ever adds and replaces rows: src/search/store.ts).
CREATE TRIGGER posts_hidden_unindex AFTER UPDATE OF status, trashed_at ON posts WHEN new.status <> 'published' OR new.trashed_at IS NOT NULL BEGIN DELETE FROM post_search WHERE rowid = new.rowid; END;
CREATE TRIGGER posts_deleted_unindex AFTER DELETE ON posts BEGIN DELETE FROM post_search WHERE rowid = old.rowid; DELETE FROM search_queue WHERE slug = old.slug; END;
