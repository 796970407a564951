-- Moderation and the law (src/moderation, docs/moderation.md): reports grouped into cases, the
-- actions moderators take on them, appeals, DMCA notices and counter-notices, strikes, the
-- audit log, the age gate and the site settings an admin changes at run time.

-- A video's standing with the moderators: '' (none), 'held' (waiting for review before it is
-- public) or 'removed' (taken down; its files stay until moderation.removed_retention_days).
-- Only a video with '' is listed or watchable by others (videos::listed_condition).
ALTER TABLE videos ADD COLUMN moderation TEXT NOT NULL DEFAULT '';
ALTER TABLE videos ADD COLUMN moderation_reason TEXT NOT NULL DEFAULT '';  -- the public reason
ALTER TABLE videos ADD COLUMN moderated_at BIGINT;
ALTER TABLE videos ADD COLUMN moderation_action_id TEXT;  -- the action that held or removed it
CREATE INDEX videos_moderation_action ON videos (moderation_action_id) WHERE moderation_action_id IS NOT NULL;
CREATE INDEX videos_moderated ON videos (moderated_at) WHERE moderation <> '';
-- A moderator's age restriction: the owner may not clear is_adult while it is set.
ALTER TABLE videos ADD COLUMN adult_locked BIGINT NOT NULL DEFAULT 0;

-- An account's standing: suspended until a time, or banned (terminated); its age gate.
ALTER TABLE users ADD COLUMN suspended_until BIGINT;
ALTER TABLE users ADD COLUMN banned_at BIGINT;
ALTER TABLE users ADD COLUMN adult_attested_at BIGINT;  -- the user attested they are 18 or older
ALTER TABLE users ADD COLUMN birth_date TEXT;           -- YYYY-MM-DD, when stated
ALTER TABLE users ADD COLUMN trusted INTEGER NOT NULL DEFAULT 0;  -- uploads skip pre-moderation

-- Reports group into cases: one open case per target and source, so a hundred reports of one
-- video are one line of the queue with a count. `snapshot_json` keeps the target's text as it
-- was at the first report (title, description, comment text), so an edit cannot hide evidence.
CREATE TABLE moderation_cases (
  id TEXT PRIMARY KEY,
  target_type TEXT NOT NULL,           -- video | comment | user
  target_id TEXT NOT NULL,
  owner_id TEXT,                       -- the uploader, author or user the target belongs to
  source TEXT NOT NULL,                -- report | review | dmca | appeal
  reason TEXT NOT NULL,                -- the first report's reason (or review, rights, appeal)
  snapshot_json TEXT NOT NULL DEFAULT '{}',
  state TEXT NOT NULL DEFAULT 'open',  -- open | resolved
  outcome TEXT NOT NULL DEFAULT '',    -- the last action taken
  reports_count BIGINT NOT NULL DEFAULT 0,
  appeal_of TEXT,                      -- an appeal case: the action appealed
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  resolved_at BIGINT
);
-- (An appeal has a case of its own, one per appealed action.)
CREATE UNIQUE INDEX moderation_cases_open_target ON moderation_cases (target_type, target_id, source)
  WHERE state = 'open' AND source <> 'appeal';
CREATE INDEX moderation_cases_queue ON moderation_cases (state, created_at, id);
CREATE INDEX moderation_cases_owner ON moderation_cases (owner_id, created_at);

CREATE TABLE reports (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES moderation_cases (id) ON DELETE CASCADE,
  reporter_id TEXT REFERENCES users (id) ON DELETE SET NULL,  -- NULL: anonymous, or deleted since
  reason TEXT NOT NULL,
  text TEXT NOT NULL DEFAULT '',
  timestamp_ms BIGINT,                 -- where in the video, when the reporter said
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX reports_once_per_reporter ON reports (case_id, reporter_id);
CREATE INDEX reports_case ON reports (case_id, created_at);
CREATE INDEX reports_reporter ON reports (reporter_id, created_at DESC, id DESC);

-- What moderators (or the DMCA and review rules, moderator_id NULL) did, with a public reason
-- shown to the user and an internal note that is not.
CREATE TABLE moderation_actions (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES moderation_cases (id) ON DELETE CASCADE,
  action TEXT NOT NULL,                -- dismiss | approve | remove | restore | age_restrict | warn | suspend | ban
  moderator_id TEXT,
  user_id TEXT,                        -- the account it affects
  public_reason TEXT NOT NULL DEFAULT '',
  internal_note TEXT NOT NULL DEFAULT '',
  until_at BIGINT,                     -- suspend: until when
  created_at BIGINT NOT NULL
);
CREATE INDEX moderation_actions_case ON moderation_actions (case_id, created_at);
CREATE INDEX moderation_actions_user ON moderation_actions (user_id, created_at);

-- One appeal per action, by the user it affected; it opens a case of its own.
CREATE TABLE moderation_appeals (
  id TEXT PRIMARY KEY,
  action_id TEXT NOT NULL UNIQUE REFERENCES moderation_actions (id) ON DELETE CASCADE,
  case_id TEXT NOT NULL REFERENCES moderation_cases (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open',  -- open | granted | denied
  created_at BIGINT NOT NULL,
  decided_at BIGINT
);

-- DMCA notices (17 U.S.C. §512(c)(3)) as received, and per video what became of it.
CREATE TABLE dmca_notices (
  id TEXT PRIMARY KEY,
  complainant_name TEXT NOT NULL,
  complainant_email TEXT NOT NULL,
  complainant_address TEXT NOT NULL,
  complainant_phone TEXT NOT NULL,
  signature TEXT NOT NULL,
  work TEXT NOT NULL,                  -- the copyrighted work
  urls_json TEXT NOT NULL,             -- the infringing URLs, as given
  statements_json TEXT NOT NULL,       -- the statements the sender affirmed, word for word
  submitted_by TEXT,                   -- the signed-in sender, if any
  access_key_hash TEXT NOT NULL,       -- SHA-256 of the key that lets the sender follow the notice
  court_action_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE TABLE dmca_notice_videos (
  notice_id TEXT NOT NULL REFERENCES dmca_notices (id) ON DELETE CASCADE,
  video_id TEXT NOT NULL,
  owner_id TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'removed',  -- removed | countered | restored | court_action
  case_id TEXT,
  action_id TEXT,                      -- the removal; only a video it still keeps down is restored
  restore_at BIGINT,                   -- countered: restored at this time unless a court action is reported
  PRIMARY KEY (notice_id, video_id)
);
CREATE INDEX dmca_notice_videos_owner ON dmca_notice_videos (owner_id);
CREATE TABLE dmca_counter_notices (
  id TEXT PRIMARY KEY,
  notice_id TEXT NOT NULL REFERENCES dmca_notices (id) ON DELETE CASCADE,
  video_id TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  phone TEXT NOT NULL,
  email TEXT NOT NULL,
  signature TEXT NOT NULL,
  statements_json TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (notice_id, video_id)
);

-- Copyright strikes: one per video removed by an upheld notice; they expire, and go when the
-- video is restored by a counter-notice.
CREATE TABLE strikes (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  notice_id TEXT NOT NULL,
  video_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  withdrawn_at BIGINT,
  UNIQUE (notice_id, video_id)
);
CREATE INDEX strikes_user ON strikes (user_id, expires_at);

-- Every moderation, admin and role change. Append-only: the triggers below refuse to change
-- or delete a row, whoever asks.
CREATE TABLE audit_log (
  id TEXT PRIMARY KEY,
  at BIGINT NOT NULL,
  seq BIGINT NOT NULL,                 -- orders entries of one moment as their node wrote them
  actor_id TEXT,                       -- NULL: the system (a scheduled restore, a review rule)
  action TEXT NOT NULL,                -- e.g. moderation.remove, account.role, settings.update
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  before_json TEXT NOT NULL DEFAULT '{}',
  after_json TEXT NOT NULL DEFAULT '{}',
  request_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_newest ON audit_log (at DESC, seq DESC);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at DESC, seq DESC);
CREATE INDEX audit_log_target ON audit_log (target_id, at DESC, seq DESC);

-- Settings an admin changes at run time (GET/PATCH /api/admin/settings); absent keys take
-- their configured defaults.
CREATE TABLE site_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- The search index holds listed videos only: the triggers of 0015 again, with moderation.
DROP TRIGGER videos_search_insert;
DROP TRIGGER videos_search_update;
DROP TRIGGER videos_search_delete;
DROP TRIGGER users_search_rename;
CREATE TRIGGER videos_search_insert AFTER INSERT ON videos
WHEN new.visibility = 'public' AND new.status IN ('playable', 'ready') AND new.moderation = ''
BEGIN
  INSERT INTO search_documents (video_id, owner_id, is_adult, category, duration_ms, created_at)
  VALUES (new.id, new.owner_id, new.is_adult, new.category, new.duration_ms, new.created_at);
  INSERT INTO video_search (rowid, title, tags, channel, description)
  SELECT d.doc, new.title, new.tags_json, u.username || ' ' || u.display_name, new.description
  FROM search_documents d JOIN users u ON u.id = new.owner_id WHERE d.video_id = new.id;
  INSERT INTO tag_counts (tag, videos) SELECT value, 1 FROM json_each(new.tags_json) WHERE true
  ON CONFLICT (tag) DO UPDATE SET videos = videos + 1;
  INSERT INTO category_counts (category, videos) SELECT new.category, 1 WHERE new.category <> ''
  ON CONFLICT (category) DO UPDATE SET videos = videos + 1;
END;

-- Every change to what is indexed takes the old row out and puts the new one in: one trigger,
-- so the two halves run in this order (SQLite does not order separate triggers). A video that
-- stays listed keeps its row number: an edit does not make it the newest in the index.
CREATE TRIGGER videos_search_update AFTER UPDATE OF title, description, tags_json, category, visibility, status,
  is_adult, duration_ms, moderation ON videos
BEGIN
  DELETE FROM video_search WHERE rowid = (SELECT doc FROM search_documents WHERE video_id = old.id);
  UPDATE tag_counts SET videos = videos - 1
  WHERE tag IN (SELECT value FROM json_each(old.tags_json)) AND EXISTS (SELECT 1 FROM search_documents WHERE video_id = old.id);
  UPDATE category_counts SET videos = videos - 1
  WHERE category = old.category AND EXISTS (SELECT 1 FROM search_documents WHERE video_id = old.id);
  DELETE FROM tag_counts WHERE videos <= 0;
  DELETE FROM category_counts WHERE videos <= 0;
  DELETE FROM search_documents
  WHERE video_id = old.id AND NOT (new.visibility = 'public' AND new.status IN ('playable', 'ready') AND new.moderation = '');
  INSERT INTO search_documents (video_id, owner_id, is_adult, category, duration_ms, created_at)
  SELECT new.id, new.owner_id, new.is_adult, new.category, new.duration_ms, new.created_at
  WHERE new.visibility = 'public' AND new.status IN ('playable', 'ready') AND new.moderation = ''
  ON CONFLICT (video_id) DO UPDATE SET owner_id = excluded.owner_id, is_adult = excluded.is_adult,
    category = excluded.category, duration_ms = excluded.duration_ms, created_at = excluded.created_at;
  INSERT INTO video_search (rowid, title, tags, channel, description)
  SELECT d.doc, new.title, new.tags_json, u.username || ' ' || u.display_name, new.description
  FROM search_documents d JOIN users u ON u.id = new.owner_id WHERE d.video_id = new.id;
  INSERT INTO tag_counts (tag, videos) SELECT value, 1 FROM json_each(new.tags_json)
  WHERE new.visibility = 'public' AND new.status IN ('playable', 'ready') AND new.moderation = ''
  ON CONFLICT (tag) DO UPDATE SET videos = videos + 1;
  INSERT INTO category_counts (category, videos) SELECT new.category, 1
  WHERE new.category <> '' AND new.visibility = 'public' AND new.status IN ('playable', 'ready') AND new.moderation = ''
  ON CONFLICT (category) DO UPDATE SET videos = videos + 1;
END;

CREATE TRIGGER videos_search_delete AFTER DELETE ON videos
WHEN old.visibility = 'public' AND old.status IN ('playable', 'ready') AND old.moderation = ''
BEGIN
  DELETE FROM video_search WHERE rowid = (SELECT doc FROM search_documents WHERE video_id = old.id);
  DELETE FROM search_documents WHERE video_id = old.id;
  UPDATE tag_counts SET videos = videos - 1 WHERE tag IN (SELECT value FROM json_each(old.tags_json));
  DELETE FROM tag_counts WHERE videos <= 0;
  UPDATE category_counts SET videos = videos - 1 WHERE category = old.category;
  DELETE FROM category_counts WHERE videos <= 0;
END;

CREATE TRIGGER users_search_rename AFTER UPDATE OF username, display_name ON users
WHEN old.username IS NOT new.username OR old.display_name IS NOT new.display_name
BEGIN
  UPDATE channel_search SET name = new.username || ' ' || new.display_name WHERE user_id = old.id;
  -- The channel's name is a field of each of its videos' documents: re-index them.
  UPDATE videos SET title = title WHERE owner_id = new.id AND visibility = 'public' AND status IN ('playable', 'ready')
    AND moderation = '';
END;
