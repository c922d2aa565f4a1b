-- Closing what a hostile tester found (issue 10):
-- * imported posts and comments are keyed by their source site and id, so two
--   WordPress sites' comment 123 are two comments (the column-level UNIQUE on
--   wp_id goes, which SQLite can only do by rebuilding the table);
-- * a form token is good for one comment (comments.form_token, unique);
-- * admin sessions live on the server, so signing out ends them.

PRAGMA defer_foreign_keys = on;

CREATE TABLE posts_next (
  slug          TEXT PRIMARY KEY,
  title         TEXT NOT NULL,
  lang          TEXT NOT NULL,
  html          TEXT NOT NULL,
  excerpt       TEXT NOT NULL,
  tags          TEXT NOT NULL DEFAULT '[]',           -- JSON array of strings
  status        TEXT NOT NULL CHECK (status IN ('published', 'draft')),
  published_at  INTEGER NOT NULL,                      -- may lie in the future: scheduled
  updated_at    INTEGER NOT NULL,
  comments_open INTEGER NOT NULL DEFAULT 1,
  source        TEXT,                                  -- Markdown as the author wrote it, if any
  wp_site       TEXT,                                  -- the WordPress site it came from (its base_site_url), with…
  wp_id         INTEGER                                -- …its id there: (wp_site, wp_id) makes a second import change nothing
);
-- rowid carried over: this blog's own export numbers its posts by it.
INSERT INTO posts_next (rowid, slug, title, lang, html, excerpt, tags, status, published_at, updated_at, comments_open, source, wp_site, wp_id)
  SELECT rowid, slug, title, lang, html, excerpt, tags, status, published_at, updated_at, comments_open, source,
         CASE WHEN wp_id IS NULL THEN NULL ELSE '' END, wp_id
  FROM posts;
DROP TABLE posts;
ALTER TABLE posts_next RENAME TO posts;
CREATE INDEX posts_by_status_date ON posts (status, published_at DESC);
CREATE UNIQUE INDEX posts_by_source ON posts (wp_site, wp_id) WHERE wp_id IS NOT NULL;

CREATE TABLE comments_next (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  post_slug     TEXT NOT NULL,
  parent_id     INTEGER REFERENCES comments_next (id),
  author_name   TEXT NOT NULL,
  author_email  TEXT,                                  -- AES-GCM ciphertext (base64), never rendered
  email_hash    TEXT,                                  -- keyed hash, for "approved before?" lookups
  author_url    TEXT,
  body          TEXT NOT NULL,
  body_hash     TEXT,                                  -- SHA-256 of the normalized body: duplicate checks
  status        TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'spam', 'trash')),
  is_author     INTEGER NOT NULL DEFAULT 0,            -- written by the blog's author, from the desk
  spam_score    REAL,                                  -- NULL until the scorer has seen it
  spam_reasons  TEXT,                                  -- JSON array of readable reasons
  decided_by    TEXT CHECK (decided_by IN ('auto', 'author')),
  decided_at    INTEGER,
  created_at    INTEGER NOT NULL,
  ip_hash       TEXT,                                  -- salted hash of the client address, never the raw IP
  ip_sealed     TEXT,                                  -- the address, AES-GCM sealed: kept only while Akismet is on (it needs it)
  user_agent    TEXT,
  form_age_ms   INTEGER,                               -- time between form render and submit
  akismet_tries INTEGER NOT NULL DEFAULT 0,             -- failed Akismet calls; after a few the comment is scored locally
  trained_as    TEXT CHECK (trained_as IN ('spam', 'ham')), -- what the learner counted it as, so a changed decision moves the counts
  wp_site       TEXT,                                  -- the WordPress site it came from, with…
  wp_id         INTEGER,                               -- …its id there, for idempotent imports
  wp_parent_id  INTEGER,                               -- the WordPress parent id (same site), resolved to parent_id on import
  form_token    TEXT                                   -- the signature of the form token it was sent with: one comment per token
);
INSERT INTO comments_next (id, post_slug, parent_id, author_name, author_email, email_hash, author_url, body, body_hash, status, is_author,
    spam_score, spam_reasons, decided_by, decided_at, created_at, ip_hash, ip_sealed, user_agent, form_age_ms, akismet_tries, trained_as,
    wp_site, wp_id, wp_parent_id)
  SELECT id, post_slug, parent_id, author_name, author_email, email_hash, author_url, body, body_hash, status, is_author,
    spam_score, spam_reasons, decided_by, decided_at, created_at, ip_hash, ip_sealed, user_agent, form_age_ms, akismet_tries, trained_as,
    CASE WHEN wp_id IS NULL THEN NULL ELSE '' END, wp_id, wp_parent_id
  FROM comments;
DROP TABLE comments;
ALTER TABLE comments_next RENAME TO comments;
CREATE INDEX comments_by_post_status ON comments (post_slug, status, created_at);
CREATE INDEX comments_by_status_created ON comments (status, created_at);
CREATE INDEX comments_unscored ON comments (akismet_tries, created_at) WHERE spam_score IS NULL;
CREATE INDEX comments_by_client ON comments (ip_hash, body_hash, created_at);
CREATE INDEX comments_by_email ON comments (email_hash, status);
CREATE UNIQUE INDEX comments_by_source ON comments (wp_site, wp_id) WHERE wp_id IS NOT NULL;
CREATE UNIQUE INDEX comments_by_form_token ON comments (form_token) WHERE form_token IS NOT NULL;

-- Admin sessions: the cookie holds an id and its signature; the row is what
-- makes it valid, so signing out (one or everywhere) ends it on the server.
CREATE TABLE admin_sessions (
  id_hash     TEXT PRIMARY KEY,                        -- SHA-256 of the session id: a leaked table signs nobody in
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  user_agent  TEXT
);
CREATE INDEX admin_sessions_by_expiry ON admin_sessions (expires_at);
