-- The creator studio (docs/studio.md) and its credits (docs/billing.md).

-- Credits: an append-only ledger. A balance is the sum of an account's entries; nothing
-- updates or deletes an entry (an account's go with the account).
CREATE TABLE credit_transactions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  amount BIGINT NOT NULL,              -- credited (> 0) or spent (< 0)
  kind TEXT NOT NULL,                  -- signup | referral | purchase | generation | refund | reversal | grant
  reference TEXT,                      -- what it pays for or comes from: a clip's generation, a payment, an event
  created_at BIGINT NOT NULL
);
CREATE INDEX credit_transactions_user ON credit_transactions (user_id, created_at, id);
-- An entry of a kind applies once per reference: a refund, a webhook's event, a grant.
CREATE UNIQUE INDEX credit_transactions_once ON credit_transactions (user_id, kind, reference);

-- Projects: photos made into clips, compiled into a final video.
CREATE TABLE studio_projects (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  status TEXT NOT NULL,                -- in_progress | completed | archived
  music_track_id TEXT,
  width INTEGER NOT NULL,              -- the clips' frame size and rate
  height INTEGER NOT NULL,
  frame_rate INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX studio_projects_user ON studio_projects (user_id, created_at, id);

CREATE TABLE studio_clips (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES studio_projects (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,           -- the clip's place in its project ("order")
  status TEXT NOT NULL,                -- generating | ready | failed
  approved BIGINT NOT NULL DEFAULT 0,
  motion TEXT NOT NULL,
  easing TEXT NOT NULL,
  prompt TEXT NOT NULL DEFAULT '',
  duration_ms BIGINT NOT NULL,
  image_width INTEGER NOT NULL,
  image_height INTEGER NOT NULL,
  generation INTEGER NOT NULL,         -- 1, then one more per regeneration: names its debit and its file
  cost BIGINT NOT NULL,                -- what this generation was charged
  generator TEXT NOT NULL,
  failure_reason TEXT,
  video_bytes BIGINT,
  video_duration_ms BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX studio_clips_project ON studio_clips (project_id, position);

-- A compile of a project's clips: the MP4 it made, and the video it was published as.
CREATE TABLE studio_final_videos (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES studio_projects (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  status TEXT NOT NULL,                -- queued | compiling | ready | failed
  progress DOUBLE PRECISION NOT NULL DEFAULT 0,
  recipe TEXT NOT NULL,                -- JSON: clips (with their generations), transition, music
  duration_ms BIGINT,
  size_bytes BIGINT,
  failure_reason TEXT,
  video_id TEXT,                       -- the published video
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX studio_final_videos_project ON studio_final_videos (project_id, created_at, id);

-- The music an admin offers for compiles.
CREATE TABLE music_tracks (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  artist TEXT NOT NULL DEFAULT '',
  duration_ms BIGINT NOT NULL,
  format TEXT NOT NULL,                -- mp3 | aac | wav: the stored file's
  size_bytes BIGINT NOT NULL,
  created_by TEXT,
  created_at BIGINT NOT NULL
);
