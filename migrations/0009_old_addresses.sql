-- A moved WordPress blog's old addresses (issue 14): every address the import
-- recorded, normalized (src/redirects/paths.ts: decoded, NFC, lower case, no
-- trailing slash; `?p=123` for WordPress's query addresses), with where it
-- answers now. The reader never queries this table: each row is copied to KV
-- as `old:<path>`, read only when a request found nothing else. D1 keeps the
-- truth, so a second import writes only what changed and the keys can be rebuilt.
CREATE TABLE IF NOT EXISTS old_addresses (
  path        TEXT PRIMARY KEY,     -- the normalized old address
  wp_site     TEXT,                 -- the item it named (with wp_id), if any: a post, page or attachment
  wp_id       INTEGER,
  target      TEXT NOT NULL,        -- a path on this blog ('/<slug>', '/tag/<name>', '/'), or '' for gone (410)
  updated_at  INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS old_addresses_by_item ON old_addresses (wp_site, wp_id) WHERE wp_id IS NOT NULL;
