-- Playlists: a user's own ordered lists of videos, plus one "Watch later" and one "Saved"
-- system playlist per user (kind watch_later | saved), created when first needed. Kinds and
-- visibility are checked in code, not by CHECK constraints.
CREATE TABLE playlists (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL DEFAULT 'user',
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  visibility TEXT NOT NULL DEFAULT 'private',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX playlists_owner_newest ON playlists (owner_id, created_at DESC, id DESC);
CREATE UNIQUE INDEX playlists_one_system_kind_per_owner ON playlists (owner_id, kind) WHERE kind <> 'user';

-- The videos of a playlist. `position` is an ordering key, unique within a playlist while
-- edits hold the playlist's lock; it may have gaps (a deleted video cascades away without
-- renumbering), so the API shows each item's rank, never the key.
CREATE TABLE playlist_items (
  playlist_id TEXT NOT NULL REFERENCES playlists (id) ON DELETE CASCADE,
  video_id TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
  position BIGINT NOT NULL,
  added_at BIGINT NOT NULL,
  PRIMARY KEY (playlist_id, video_id)
);
CREATE INDEX playlist_items_order ON playlist_items (playlist_id, position);
CREATE INDEX playlist_items_video ON playlist_items (video_id);

-- Who follows which channel (a channel is a user). users.subscriber_count changes in the
-- same transaction as the row it counts, so it stays exact.
CREATE TABLE subscriptions (
  subscriber_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  channel_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (subscriber_id, channel_id)
);
CREATE INDEX subscriptions_subscriber_newest ON subscriptions (subscriber_id, created_at DESC, channel_id DESC);
CREATE INDEX subscriptions_channel ON subscriptions (channel_id);
ALTER TABLE users ADD COLUMN subscriber_count BIGINT NOT NULL DEFAULT 0;
