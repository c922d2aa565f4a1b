-- The posts' trash (issue 13): a deleted post keeps its row and its comments
-- for TRASH_DAYS, off the blog (no KV key, in no list), restorable; then the
-- cron purges it. NULL: not in the trash.
ALTER TABLE posts ADD COLUMN trashed_at INTEGER;
CREATE INDEX posts_trashed ON posts (trashed_at) WHERE trashed_at IS NOT NULL;
