-- The creator studio's per-video analytics (docs/studio.md#analytics): rollups kept up to
-- date as views are flushed (views/ViewStore.cpp, in the flush's own transaction) and as
-- ratings and comments change (analytics/AnalyticsService.cpp, through their domain
-- events). GET /api/studio/videos/{id}/analytics reads these rows only, never raw ones.

-- Where a playback session came from (the beacon's first `source`), so the view it counts
-- is attributed to it even across a restart. '' until the session reports one.
ALTER TABLE video_viewers ADD COLUMN session_source TEXT NOT NULL DEFAULT '';

-- One row per video and UTC day (days since 1970-01-01) with anything to count.
CREATE TABLE video_daily_stats (
  video_id TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
  day BIGINT NOT NULL,
  views BIGINT NOT NULL DEFAULT 0,             -- counted views
  watched_ms BIGINT NOT NULL DEFAULT 0,        -- watch time of every session
  likes_added BIGINT NOT NULL DEFAULT 0,
  likes_removed BIGINT NOT NULL DEFAULT 0,     -- likes taken back, or turned into dislikes
  comments_added BIGINT NOT NULL DEFAULT 0,    -- comments and replies
  comments_removed BIGINT NOT NULL DEFAULT 0,  -- comments deleted, with their replies
  PRIMARY KEY (video_id, day)
);

-- Counted views by traffic source: home, search, similar, subscriptions, channel, playlist,
-- reels, external.
CREATE TABLE video_daily_sources (
  video_id TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
  day BIGINT NOT NULL,
  source TEXT NOT NULL,
  views BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (video_id, day, source)
);

-- The audience-retention curve: how many playback sessions reached each of 100 equal
-- points of the video (point i at i % of its duration). Point 0 counts every session.
CREATE TABLE video_audience_retention (
  video_id TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
  point BIGINT NOT NULL,
  sessions BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (video_id, point)
);
