-- Live chat under a video: the last messages of each video are kept (realtime.chat_history);
-- older ones are deleted as new ones arrive.
CREATE TABLE chat_messages (
  id TEXT PRIMARY KEY,
  video_id TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX chat_messages_video_newest ON chat_messages (video_id, created_at DESC, id DESC);
CREATE INDEX chat_messages_user ON chat_messages (user_id);
