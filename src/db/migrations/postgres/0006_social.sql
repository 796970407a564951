-- Likes and dislikes: at most one rating per user per video. videos.likes_count and
-- dislikes_count count these rows and change in the same transaction as a row does.
CREATE TABLE video_ratings (
  video_id TEXT COLLATE "C" NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  rating TEXT NOT NULL,              -- like | dislike
  created_at BIGINT NOT NULL,        -- when the user first rated the video
  updated_at BIGINT NOT NULL,        -- when the current rating was given: a like's "liked at"
  PRIMARY KEY (video_id, user_id)
);
-- GET /api/me/liked: one user's likes, most recent first.
CREATE INDEX video_ratings_user ON video_ratings (user_id, rating, updated_at DESC, video_id DESC);

-- Comments and replies (parent_id set) on a video. videos.comments_count counts every
-- row of the video, replies included; replies_count counts a comment's direct replies;
-- likes_count counts its comment_likes rows.
CREATE TABLE comments (
  id TEXT COLLATE "C" PRIMARY KEY,   -- byte order, as in SQLite: pages sort ties by id
  video_id TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
  parent_id TEXT REFERENCES comments (id) ON DELETE CASCADE,  -- NULL for a top-level comment
  depth BIGINT NOT NULL DEFAULT 0,   -- 0 for a top-level comment, parent's depth + 1 for a reply
  author_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  body TEXT NOT NULL,                -- plain text, never HTML
  likes_count BIGINT NOT NULL DEFAULT 0,
  replies_count BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  edited_at BIGINT                   -- the last change of the text; NULL when never edited
);
-- The two sorts of a video's top-level comments, and a comment's replies oldest first.
CREATE INDEX comments_newest ON comments (video_id, created_at DESC, id DESC) WHERE parent_id IS NULL;
CREATE INDEX comments_top ON comments (video_id, likes_count DESC, created_at DESC, id DESC) WHERE parent_id IS NULL;
CREATE INDEX comments_replies ON comments (parent_id, created_at, id);
CREATE INDEX comments_author ON comments (author_id);

CREATE TABLE comment_likes (
  comment_id TEXT NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (comment_id, user_id)
);
CREATE INDEX comment_likes_user ON comment_likes (user_id);
