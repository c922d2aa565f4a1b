-- Comment pages in KV (issue 11): what each chunk of a post's threads was
-- built from, so a rebuild rewrites only the chunks whose threads changed;
-- and, with a stale mark, which comments changed (NULL: rebuild it all).

CREATE TABLE comment_chunks (
  slug   TEXT NOT NULL,
  chunk  INTEGER NOT NULL,        -- k >= 0: threads [k*P, k*P+P); -1: the feed; -2: the summary
  built  TEXT NOT NULL,           -- what it was built from: page size and thread heads, or the feed's ids and pages
  PRIMARY KEY (slug, chunk)
);

ALTER TABLE snapshot_dirty ADD COLUMN ids TEXT;  -- JSON array of the comments that changed, or NULL for all
