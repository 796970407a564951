-- Account security (docs/security.md): second factors, forced password resets, and the
-- sessions a user sees and ends.

-- TOTP (RFC 6238): the secret once confirmed (base32), the one being enrolled, and the last
-- time step a code was accepted at (a code is good once).
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_pending_secret TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;
-- An admin asked for a new password: the old one signs in only to set it.
ALTER TABLE users ADD COLUMN password_reset_required INTEGER NOT NULL DEFAULT 0;

-- Single-use recovery codes for a lost authenticator, stored hashed.
CREATE TABLE recovery_codes (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  used_at BIGINT,
  PRIMARY KEY (user_id, code_hash)
);

-- One row per session (refresh-token family): what device and address opened it, and when
-- it was last used. Whether it is still open is the refresh tokens' say.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT NOT NULL,
  user_agent TEXT NOT NULL DEFAULT '',
  ip_address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id, last_used_at);

-- Sessions opened before this migration, as far as their tokens tell.
INSERT INTO sessions (id, user_id, created_at, last_used_at)
SELECT family_id, MIN(user_id), MIN(created_at), MAX(created_at) FROM refresh_tokens GROUP BY family_id;
