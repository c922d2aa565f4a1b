-- edgepress: the first schema. Migrations run in order (wrangler d1 migrations
-- apply DB --remote for a deploy; npm start and the tests apply them too) and
-- each runs once. Times are UTC milliseconds since the epoch.

-- Posts: the truth behind the KV copies (post:<slug>, index:posts). Readers
-- never query this table; publishPost() writes here, then rebuilds KV.
CREATE TABLE IF NOT EXISTS posts (
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
  wp_id         INTEGER UNIQUE                         -- WordPress post id, for idempotent imports
);
CREATE INDEX IF NOT EXISTS posts_by_status_date ON posts (status, published_at DESC);

-- Comments: D1 is the truth; approved ones are snapshotted into KV per post.
CREATE TABLE IF NOT EXISTS comments (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  post_slug     TEXT NOT NULL,
  parent_id     INTEGER REFERENCES comments (id),
  author_name   TEXT NOT NULL,
  author_email  TEXT,                                  -- AES-GCM ciphertext (base64), never rendered
  email_hash    TEXT,                                  -- keyed hash, for "approved before?" lookups
  author_url    TEXT,
  body          TEXT NOT NULL,
  body_hash     TEXT,                                  -- SHA-256 of the normalized body: duplicate checks
  status        TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'spam', 'trash')),
  is_author     INTEGER NOT NULL DEFAULT 0,            -- written by the blog's author
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
  wp_id         INTEGER UNIQUE,                        -- WordPress comment id, for idempotent imports
  wp_parent_id  INTEGER                                -- WordPress parent id, resolved to parent_id after an import batch
);
CREATE INDEX IF NOT EXISTS comments_by_post_status ON comments (post_slug, status, created_at);
CREATE INDEX IF NOT EXISTS comments_by_status_created ON comments (status, created_at);
CREATE INDEX IF NOT EXISTS comments_unscored ON comments (akismet_tries, created_at) WHERE spam_score IS NULL;
CREATE INDEX IF NOT EXISTS comments_by_client ON comments (ip_hash, body_hash, created_at);
CREATE INDEX IF NOT EXISTS comments_by_email ON comments (email_hash, status);

-- Posts whose KV comment snapshot must be rebuilt: written in the same D1
-- transaction as the change, cleared once KV has the new snapshot. A writer
-- that dies in between leaves the row, and the next cron run rebuilds it.
CREATE TABLE IF NOT EXISTS snapshot_dirty (
  slug  TEXT PRIMARY KEY,
  since INTEGER NOT NULL
);

-- The spam learner's counts (naive Bayes), trained by the author's decisions.
CREATE TABLE IF NOT EXISTS spam_tokens (
  token TEXT PRIMARY KEY,
  spam  INTEGER NOT NULL DEFAULT 0,
  ham   INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS spam_totals (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  spam_docs INTEGER NOT NULL,
  ham_docs  INTEGER NOT NULL
);

-- One row per digest period (the author's local day, from DIGEST_HOUR), claimed
-- before sending so a duplicated or retried cron run never sends twice; a
-- failed send stays 'failed' and the next run sends what was missed.
CREATE TABLE IF NOT EXISTS digest_log (
  period        TEXT PRIMARY KEY,                      -- e.g. 2026-11-26 (local date the digest is due)
  state         TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'failed', 'empty')),
  claimed_at    INTEGER NOT NULL,
  attempts      INTEGER NOT NULL DEFAULT 1,
  covers_from   INTEGER,                               -- comments created after this time…
  covers_to     INTEGER,                               -- …and up to this one
  comment_count INTEGER,
  message_id    TEXT,
  sent_at       INTEGER,
  error         TEXT
);
