-- Feeds (src/feeds, docs/ranking.md). Rankings are computed every feeds.refresh_interval_s
-- into numbered snapshots: a cursor names the snapshot its first page came from and keeps
-- reading it while newer ones appear. Superseded snapshots are deleted after
-- feeds.snapshot_keep_s. Snapshot rows are a derived cache, so they carry no foreign keys:
-- readers join videos (a deleted video drops out) and pruning removes the rest.

-- One row per complete snapshot; its rows below are written in the same transaction.
CREATE TABLE feed_snapshots (
  generation BIGINT PRIMARY KEY,
  computed_at BIGINT NOT NULL
);
CREATE INDEX feed_snapshots_computed ON feed_snapshots (computed_at);

-- Trending: the best feeds.trending_size public, published videos of each window.
-- rank is 1-based: score DESC, then newer upload, then id DESC.
CREATE TABLE trending_scores (
  period TEXT NOT NULL,              -- 24h | 7d
  generation BIGINT NOT NULL,
  rank BIGINT NOT NULL,
  video_id TEXT COLLATE "C" NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (period, generation, rank)
);
-- The home feed's fresh uploads leave out what its trending snapshot already shows.
CREATE INDEX trending_scores_video ON trending_scores (period, generation, video_id);

-- Reels: the best feeds.reels_candidates short vertical videos by base heat. The per-viewer
-- terms (taste match, seeded exploration) are added when a page is served.
CREATE TABLE reel_scores (
  generation BIGINT NOT NULL,
  rank BIGINT NOT NULL,
  video_id TEXT COLLATE "C" NOT NULL,
  heat DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (generation, rank)
);

-- What the refresh reads: engagement events by time, without touching the tables.
CREATE INDEX video_viewers_counted ON video_viewers (counted_at, video_id);
CREATE INDEX video_ratings_recent ON video_ratings (updated_at, video_id, rating);
CREATE INDEX comments_recent ON comments (created_at, video_id);

-- video_tags.video_id was the one video id column left in the database's default collation;
-- joined with the "C" ids everywhere else (watch_history, video_ratings, videos) it could not
-- use its primary key, so a viewer's taste (and tag listings) scanned the whole table.
ALTER TABLE video_tags ALTER COLUMN video_id TYPE TEXT COLLATE "C";
