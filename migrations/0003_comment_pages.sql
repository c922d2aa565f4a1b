-- Every page costs the same, whatever the blog's size (issue 11):
-- * each post keeps its approved-comment count, written by whoever changes
--   which comments readers see, so the post lists show it without the posts
--   side knowing anything of comments;
-- * replies are found by their parent (comment pages gather whole threads).

ALTER TABLE posts ADD COLUMN comment_count INTEGER NOT NULL DEFAULT 0;
UPDATE posts SET comment_count = (SELECT COUNT(*) FROM comments c WHERE c.post_slug = posts.slug AND c.status = 'approved');
CREATE INDEX comments_by_parent ON comments (parent_id);
