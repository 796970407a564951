-- Search (src/search, docs/search.md). The indexes below hold only what may be found:
-- listed videos (public, playable or ready), every channel and public user playlists. Triggers
-- keep them in the same transaction as the rows they index, so search never shows a deleted
-- or newly private video, whichever code path changed it (an edit, a status change, an
-- account deletion's cascade, a rename of the channel).

-- One row per listed video: its FTS5 row number and the facts filters need, so filtering a
-- match costs one rowid lookup.
CREATE TABLE search_documents (
  doc INTEGER PRIMARY KEY,
  video_id TEXT NOT NULL UNIQUE,
  owner_id TEXT NOT NULL,
  is_adult INTEGER NOT NULL,
  category TEXT NOT NULL,
  duration_ms BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX search_documents_newest ON search_documents (created_at DESC);

-- Column order is the weight order of docs/search.md: title, tags, channel, description.
CREATE VIRTUAL TABLE video_search USING fts5(
  title, tags, channel, description,
  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3', detail = full
);
-- The index's words and how many documents hold each: typo candidates and completions.
CREATE VIRTUAL TABLE video_search_terms USING fts5vocab(video_search, 'row');

-- Listed videos per tag and per category (docs/search.md: /api/tags, /api/categories).
CREATE TABLE tag_counts (
  tag TEXT PRIMARY KEY,
  videos BIGINT NOT NULL
);
CREATE INDEX tag_counts_top ON tag_counts (videos DESC, tag);
CREATE TABLE category_counts (
  category TEXT PRIMARY KEY,
  videos BIGINT NOT NULL
);

CREATE TRIGGER videos_search_insert AFTER INSERT ON videos
WHEN new.visibility = 'public' AND new.status IN ('playable', 'ready')
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
  is_adult, duration_ms ON videos
BEGIN
  DELETE FROM video_search WHERE rowid = (SELECT doc FROM search_documents WHERE video_id = old.id);
  UPDATE tag_counts SET videos = videos - 1
  WHERE tag IN (SELECT value FROM json_each(old.tags_json)) AND EXISTS (SELECT 1 FROM search_documents WHERE video_id = old.id);
  UPDATE category_counts SET videos = videos - 1
  WHERE category = old.category AND EXISTS (SELECT 1 FROM search_documents WHERE video_id = old.id);
  DELETE FROM tag_counts WHERE videos <= 0;
  DELETE FROM category_counts WHERE videos <= 0;
  DELETE FROM search_documents
  WHERE video_id = old.id AND NOT (new.visibility = 'public' AND new.status IN ('playable', 'ready'));
  INSERT INTO search_documents (video_id, owner_id, is_adult, category, duration_ms, created_at)
  SELECT new.id, new.owner_id, new.is_adult, new.category, new.duration_ms, new.created_at
  WHERE new.visibility = 'public' AND new.status IN ('playable', 'ready')
  ON CONFLICT (video_id) DO UPDATE SET owner_id = excluded.owner_id, is_adult = excluded.is_adult,
    category = excluded.category, duration_ms = excluded.duration_ms, created_at = excluded.created_at;
  INSERT INTO video_search (rowid, title, tags, channel, description)
  SELECT d.doc, new.title, new.tags_json, u.username || ' ' || u.display_name, new.description
  FROM search_documents d JOIN users u ON u.id = new.owner_id WHERE d.video_id = new.id;
  INSERT INTO tag_counts (tag, videos) SELECT value, 1 FROM json_each(new.tags_json)
  WHERE new.visibility = 'public' AND new.status IN ('playable', 'ready')
  ON CONFLICT (tag) DO UPDATE SET videos = videos + 1;
  INSERT INTO category_counts (category, videos) SELECT new.category, 1
  WHERE new.category <> '' AND new.visibility = 'public' AND new.status IN ('playable', 'ready')
  ON CONFLICT (category) DO UPDATE SET videos = videos + 1;
END;

CREATE TRIGGER videos_search_delete AFTER DELETE ON videos
WHEN old.visibility = 'public' AND old.status IN ('playable', 'ready')
BEGIN
  DELETE FROM video_search WHERE rowid = (SELECT doc FROM search_documents WHERE video_id = old.id);
  DELETE FROM search_documents WHERE video_id = old.id;
  UPDATE tag_counts SET videos = videos - 1 WHERE tag IN (SELECT value FROM json_each(old.tags_json));
  DELETE FROM tag_counts WHERE videos <= 0;
  UPDATE category_counts SET videos = videos - 1 WHERE category = old.category;
  DELETE FROM category_counts WHERE videos <= 0;
END;

-- Channels: every account is a channel, found by its username and display name. Renames and
-- deletions find their row by id (a scan: they are rare; users' rowids are not stable).
CREATE VIRTUAL TABLE channel_search USING fts5(
  user_id UNINDEXED, name, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE TRIGGER users_search_insert AFTER INSERT ON users BEGIN
  INSERT INTO channel_search (user_id, name) VALUES (new.id, new.username || ' ' || new.display_name);
END;
CREATE TRIGGER users_search_rename AFTER UPDATE OF username, display_name ON users
WHEN old.username IS NOT new.username OR old.display_name IS NOT new.display_name
BEGIN
  UPDATE channel_search SET name = new.username || ' ' || new.display_name WHERE user_id = old.id;
  -- The channel's name is a field of each of its videos' documents: re-index them.
  UPDATE videos SET title = title WHERE owner_id = new.id AND visibility = 'public' AND status IN ('playable', 'ready');
END;
CREATE TRIGGER users_search_delete AFTER DELETE ON users BEGIN
  DELETE FROM channel_search WHERE user_id = old.id;
END;
INSERT INTO channel_search (user_id, name) SELECT id, username || ' ' || display_name FROM users;

-- Public user playlists, by title and description.
CREATE VIRTUAL TABLE playlist_search USING fts5(
  playlist_id UNINDEXED, title, description, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE TRIGGER playlists_search_insert AFTER INSERT ON playlists
WHEN new.kind = 'user' AND new.visibility = 'public'
BEGIN
  INSERT INTO playlist_search (playlist_id, title, description) VALUES (new.id, new.title, new.description);
END;
CREATE TRIGGER playlists_search_update AFTER UPDATE OF title, description, visibility ON playlists BEGIN
  DELETE FROM playlist_search WHERE playlist_id = old.id;
  INSERT INTO playlist_search (playlist_id, title, description)
  SELECT new.id, new.title, new.description WHERE new.kind = 'user' AND new.visibility = 'public';
END;
CREATE TRIGGER playlists_search_delete AFTER DELETE ON playlists BEGIN
  DELETE FROM playlist_search WHERE playlist_id = old.id;
END;
INSERT INTO playlist_search (playlist_id, title, description)
SELECT id, title, description FROM playlists WHERE kind = 'user' AND visibility = 'public';

-- What was searched, per day, without who searched (docs/search.md: query log). Kept
-- search.log_retention_days; written in batches by every node that serves HTTP.
CREATE TABLE search_query_days (
  day BIGINT NOT NULL,            -- days since the epoch (UTC)
  query TEXT NOT NULL,            -- folded words, space-separated
  searches BIGINT NOT NULL,
  zero_results BIGINT NOT NULL,
  PRIMARY KEY (day, query)
);

-- Index what exists already: touching the indexed column re-runs the triggers above.
UPDATE videos SET title = title WHERE visibility = 'public' AND status IN ('playable', 'ready');
