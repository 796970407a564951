-- Channels a user blocked ("Block channel", "Don't recommend channel"): none of their videos
-- shows in that user's feeds. A block and a subscription to the same channel never coexist:
-- blocking ends the subscription (and uncounts it) in the same transaction, subscribing lifts
-- the block. Either account's deletion removes the row.
CREATE TABLE blocks (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  blocked_user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, blocked_user_id)
);
CREATE INDEX blocks_user_newest ON blocks (user_id, created_at DESC, blocked_user_id DESC);
CREATE INDEX blocks_blocked_user ON blocks (blocked_user_id);
