-- Video records: metadata only. Media, renditions and processing details arrive in later
-- migrations as new columns or tables; status and visibility are checked in code (not by
-- CHECK constraints) so new states need no table rebuild.
CREATE TABLE videos (
  id TEXT COLLATE "C" PRIMARY KEY,   -- byte order, as in SQLite: pages sort ties by id
  owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  tags_json TEXT NOT NULL DEFAULT '[]',   -- the tags in the owner's order, for output
  category TEXT NOT NULL DEFAULT '',
  visibility TEXT NOT NULL DEFAULT 'public',
  is_premium BOOLEAN NOT NULL DEFAULT FALSE,
  is_adult BOOLEAN NOT NULL DEFAULT FALSE,
  status TEXT NOT NULL DEFAULT 'draft',
  failure_reason TEXT NOT NULL DEFAULT '',
  duration_ms BIGINT NOT NULL DEFAULT 0,
  width BIGINT NOT NULL DEFAULT 0,
  height BIGINT NOT NULL DEFAULT 0,
  views_count BIGINT NOT NULL DEFAULT 0,
  likes_count BIGINT NOT NULL DEFAULT 0,
  dislikes_count BIGINT NOT NULL DEFAULT 0,
  comments_count BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX videos_newest ON videos (created_at DESC, id DESC);
CREATE INDEX videos_owner_newest ON videos (owner_id, created_at DESC, id DESC);

-- One row per (video, lower-cased tag), for ?tag= filtering.
CREATE TABLE video_tags (
  video_id TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  PRIMARY KEY (video_id, tag)
);
CREATE INDEX video_tags_tag ON video_tags (tag, video_id);
