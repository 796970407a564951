-- Resumable uploads (tus 1.0). The bytes live in <data_dir>/uploads/<id>.part until the
-- upload completes; upload_offset is the durable offset (fdatasync'd before it is stored).
CREATE TABLE uploads (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  video_id TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
  length BIGINT NOT NULL,
  upload_offset BIGINT NOT NULL DEFAULT 0,
  metadata TEXT NOT NULL DEFAULT '',       -- the raw Upload-Metadata header, echoed on HEAD
  filename TEXT NOT NULL DEFAULT '',
  filetype TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'receiving', -- receiving | received | done
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX uploads_owner_state ON uploads (owner_id, state);
CREATE INDEX uploads_state_expiry ON uploads (state, expires_at);
CREATE INDEX uploads_video ON uploads (video_id);

-- Bytes of source media a video holds, for per-user storage quotas.
ALTER TABLE videos ADD COLUMN source_bytes BIGINT NOT NULL DEFAULT 0;

-- One-time tickets for direct uploads (POST /api/uploads/ticket), stored hashed.
CREATE TABLE upload_tickets (
  token_hash TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  video_id TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
  max_bytes BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
