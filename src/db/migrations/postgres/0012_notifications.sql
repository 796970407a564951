-- Notifications, stored so an offline user finds them later. `dedupe_key` makes each fact
-- notify a user once however often its event is delivered (kind:subject[:detail]).
CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  subject_id TEXT NOT NULL,        -- the video or comment it is about
  actor_id TEXT,                   -- who caused it (the channel, the replier), when someone did
  data_json TEXT NOT NULL DEFAULT '{}',
  dedupe_key TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  read_at BIGINT
);
CREATE UNIQUE INDEX notifications_once ON notifications (user_id, dedupe_key);
CREATE INDEX notifications_user_newest ON notifications (user_id, created_at DESC, id DESC);
CREATE INDEX notifications_user_unread ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_subject ON notifications (subject_id);

-- Per-kind opt-outs: a row with enabled = 0 turns that kind off; no row means on.
CREATE TABLE notification_settings (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  PRIMARY KEY (user_id, kind)
);

-- The new_video fan-out pages through a channel's subscribers in id order.
CREATE INDEX subscriptions_channel_subscriber ON subscriptions (channel_id, subscriber_id);
