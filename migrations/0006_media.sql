-- Media (issue 12): images uploaded to R2 `MEDIA`, one row per file, named by
-- its content so a URL never changes meaning and the same file twice is one
-- object; the smaller widths made at upload; and which posts use each file.

CREATE TABLE media (
  key          TEXT PRIMARY KEY,     -- "<first 32 hex of sha256>.<ext>", the object's name in R2 and its URL /media/<key>
  sha256       TEXT NOT NULL UNIQUE,
  content_type TEXT NOT NULL,        -- from the bytes: image/jpeg|png|gif|webp|avif
  bytes        INTEGER NOT NULL,
  width        INTEGER NOT NULL,
  height       INTEGER NOT NULL,
  alt          TEXT NOT NULL DEFAULT '',
  name         TEXT NOT NULL DEFAULT '',   -- the file name it was uploaded as (shown to the author; never part of the URL)
  widths       TEXT NOT NULL DEFAULT '[]', -- JSON [[width, height, bytes], …]: WebP copies at /media/<hash>-<width>.webp
  created_at   INTEGER NOT NULL
);
CREATE INDEX media_created ON media (created_at DESC);

CREATE TABLE media_uses (
  media_key TEXT NOT NULL,
  post_slug TEXT NOT NULL,
  PRIMARY KEY (media_key, post_slug)
) WITHOUT ROWID;
CREATE INDEX media_uses_post ON media_uses (post_slug);

-- A post's cover image (WordPress's featured image): a media key.
ALTER TABLE posts ADD COLUMN cover TEXT;
