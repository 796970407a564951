-- Views, watch history and retention. Beacons are buffered in memory and written here in
-- one transaction per flush (views/ViewService.h); nothing below is written per request.

-- What the server knows about one viewer of one video: when their view last counted (the
-- dedup window) and their current playback session, so watch time stays exact across
-- restarts. viewer_key is "u:<user id>" or "a:<anonymous id>"; user_id is set for signed-in
-- viewers so deleting the account deletes their rows. Rows untouched for 30 days are pruned.
CREATE TABLE video_viewers (
  video_id TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
  viewer_key TEXT NOT NULL,
  user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
  counted_at BIGINT,                              -- NULL: never counted
  session_id TEXT NOT NULL DEFAULT '',
  session_watched_ms BIGINT NOT NULL DEFAULT 0,   -- watch time the session reported so far
  session_max_position_ms BIGINT NOT NULL DEFAULT 0,
  session_sampled INTEGER NOT NULL DEFAULT 0,     -- the session is a completion sample
  completed INTEGER NOT NULL DEFAULT 0,           -- reached the end once: a new session from the start is a rewatch
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (video_id, viewer_key)
);
CREATE INDEX video_viewers_user ON video_viewers (user_id);
CREATE INDEX video_viewers_updated ON video_viewers (updated_at);

-- Per-video aggregates for feeds and ranking (views_count stays on videos). A row appears
-- with a video's first flushed beacon. Average completion = completion_sum / completion_samples.
CREATE TABLE video_stats (
  video_id TEXT PRIMARY KEY REFERENCES videos (id) ON DELETE CASCADE,
  watched_ms BIGINT NOT NULL DEFAULT 0,           -- total watch time of every session
  completion_sum REAL NOT NULL DEFAULT 0,         -- sum of each sample's max position / duration
  completion_samples BIGINT NOT NULL DEFAULT 0,   -- sessions that passed the minimum watch time
  rewatch_count BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);

-- A signed-in user's watch history: one row per video, most recent first.
CREATE TABLE watch_history (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  video_id TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
  position_ms BIGINT NOT NULL DEFAULT 0,          -- where to resume
  max_position_ms BIGINT NOT NULL DEFAULT 0,      -- completion ratio = max_position_ms / duration
  watched_ms BIGINT NOT NULL DEFAULT 0,
  rewatch_count BIGINT NOT NULL DEFAULT 0,
  first_watched_at BIGINT NOT NULL,
  last_watched_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, video_id)
);
CREATE INDEX watch_history_recent ON watch_history (user_id, last_watched_at DESC, video_id DESC);
CREATE INDEX watch_history_video ON watch_history (video_id);

-- History switches per user: paused records nothing; cleared_at drops beacons buffered
-- (on any node) before the history was cleared.
CREATE TABLE history_settings (
  user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  paused INTEGER NOT NULL DEFAULT 0,
  cleared_at BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);

-- Retention: retention_days NULL follows the site default (retention.default_days), 0 keeps
-- the video forever, N > 0 sets expires_at = created_at + N days.
ALTER TABLE videos ADD COLUMN retention_days BIGINT;
ALTER TABLE videos ADD COLUMN expires_at BIGINT;
CREATE INDEX videos_expiry ON videos (expires_at);
