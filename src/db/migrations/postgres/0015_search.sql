-- Search (src/search, docs/search.md). The indexes below hold only what may be found:
-- listed videos (public, playable or ready), every channel and public user playlists. Triggers
-- keep them in the same transaction as the rows they index, so search never shows a deleted
-- or newly private video, whichever code path changed it (an edit, a status change, an
-- account deletion's cascade, a rename of the channel).
-- unaccent (folding) and btree_gin (the upload day beside the words in video_search's GIN
-- index) are a database's extensions, not a schema's: each is created in public when the
-- database has none yet (where every schema of the database finds it), and marquee_fold names
-- unaccent with its schema, whatever the search_path.
--
-- marquee_fold: case and diacritics folding ("Amélie" = "amelie"), declared IMMUTABLE so that
-- it may be used in indexes (unaccent itself is only STABLE: its dictionary could change).
DO $$
DECLARE
  extension text;
  home text;
BEGIN
  FOREACH extension IN ARRAY ARRAY['unaccent', 'btree_gin'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = extension) THEN
      IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'public') THEN
        EXECUTE format('CREATE EXTENSION %I SCHEMA public', extension);
      ELSE
        EXECUTE format('CREATE EXTENSION %I', extension);
      END IF;
    END IF;
  END LOOP;
  SELECT n.nspname INTO home FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
  WHERE e.extname = 'unaccent';
  EXECUTE format('CREATE FUNCTION marquee_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE '
                 'AS %L', format('SELECT lower(%I.unaccent(%L::regdictionary, $1))', home, home || '.unaccent'));
END $$;

-- Weights A–D are title, tags, channel, description (docs/search.md).
CREATE FUNCTION marquee_video_document(title text, tags_json text, channel text, description text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT setweight(to_tsvector('simple', marquee_fold(title)), 'A')
            || setweight(to_tsvector('simple', marquee_fold(tags_json)), 'B')
            || setweight(to_tsvector('simple', marquee_fold(channel)), 'C')
            || setweight(to_tsvector('simple', marquee_fold(description)), 'D') $$;

-- One row per listed video: its document and the facts filters need.
CREATE TABLE video_search (
  video_id TEXT PRIMARY KEY REFERENCES videos (id) ON DELETE CASCADE,
  owner_id TEXT NOT NULL,
  is_adult BOOLEAN NOT NULL,
  category TEXT NOT NULL,
  duration_ms BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  upload_day INTEGER GENERATED ALWAYS AS ((created_at / 86400000)::integer) STORED,
  document tsvector NOT NULL
);
-- One GIN index of the words and the upload day: a broad query's newest matches are looked for
-- among the last days' uploads, both lists intersected inside the index before any row is read
-- (SearchService::find_newest_matches, docs/search.md); words alone use it as well.
CREATE INDEX video_search_document ON video_search USING gin (upload_day, document);
CREATE INDEX video_search_newest ON video_search (created_at DESC);

-- Listed videos per tag and per category (docs/search.md: /api/tags, /api/categories).
CREATE TABLE tag_counts (
  tag TEXT PRIMARY KEY,
  videos BIGINT NOT NULL
);
CREATE INDEX tag_counts_top ON tag_counts (videos DESC, tag);
-- Prefixes are byte ranges (SearchStore::prefix_range), whatever the database's collation.
CREATE INDEX tag_counts_prefix ON tag_counts (tag COLLATE "C");
CREATE INDEX users_username_prefix ON users (username_key COLLATE "C");
CREATE TABLE category_counts (
  category TEXT PRIMARY KEY,
  videos BIGINT NOT NULL
);

CREATE FUNCTION marquee_index_video() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.visibility = 'public' AND OLD.status IN ('playable', 'ready') THEN
    DELETE FROM video_search WHERE video_id = OLD.id;
    IF FOUND THEN  -- counted only if it was indexed (not so for the rows this migration indexes)
      UPDATE tag_counts SET videos = videos - 1
        WHERE tag IN (SELECT jsonb_array_elements_text(OLD.tags_json::jsonb));
      DELETE FROM tag_counts WHERE videos <= 0;
      UPDATE category_counts SET videos = videos - 1 WHERE category = OLD.category;
      DELETE FROM category_counts WHERE videos <= 0;
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN
    IF OLD.visibility = 'public' AND OLD.status IN ('playable', 'ready') THEN
      UPDATE tag_counts SET videos = videos - 1
        WHERE tag IN (SELECT jsonb_array_elements_text(OLD.tags_json::jsonb));
      DELETE FROM tag_counts WHERE videos <= 0;
      UPDATE category_counts SET videos = videos - 1 WHERE category = OLD.category;
      DELETE FROM category_counts WHERE videos <= 0;
    END IF;
    RETURN NULL;  -- the row of video_search goes by its foreign key's cascade
  END IF;
  IF NEW.visibility = 'public' AND NEW.status IN ('playable', 'ready') THEN
    INSERT INTO video_search (video_id, owner_id, is_adult, category, duration_ms, created_at, document)
    SELECT NEW.id, NEW.owner_id, NEW.is_adult, NEW.category, NEW.duration_ms, NEW.created_at,
           marquee_video_document(NEW.title, NEW.tags_json, u.username || ' ' || u.display_name, NEW.description)
    FROM users u WHERE u.id = NEW.owner_id;
    -- In tag order, so concurrent publishes lock the counters in one order.
    INSERT INTO tag_counts (tag, videos)
    SELECT t, 1 FROM (SELECT DISTINCT jsonb_array_elements_text(NEW.tags_json::jsonb) AS t) tags ORDER BY t
    ON CONFLICT (tag) DO UPDATE SET videos = tag_counts.videos + 1;
    IF NEW.category <> '' THEN
      INSERT INTO category_counts (category, videos) VALUES (NEW.category, 1)
      ON CONFLICT (category) DO UPDATE SET videos = category_counts.videos + 1;
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER videos_search AFTER INSERT OR DELETE
  OR UPDATE OF title, description, tags_json, category, visibility, status, is_adult, duration_ms
  ON videos FOR EACH ROW EXECUTE FUNCTION marquee_index_video();

-- Channels: every account is a channel, found by its username and display name.
CREATE TABLE channel_search (
  user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  document tsvector NOT NULL
);
CREATE INDEX channel_search_document ON channel_search USING gin (document);

CREATE FUNCTION marquee_index_channel() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.username IS NOT DISTINCT FROM OLD.username
     AND NEW.display_name IS NOT DISTINCT FROM OLD.display_name THEN
    RETURN NULL;  -- a profile edit that names the columns without changing them
  END IF;
  INSERT INTO channel_search (user_id, document)
  VALUES (NEW.id, to_tsvector('simple', marquee_fold(NEW.username || ' ' || NEW.display_name)))
  ON CONFLICT (user_id) DO UPDATE SET document = EXCLUDED.document;
  IF TG_OP = 'UPDATE' THEN
    -- The channel's name is a field of each of its videos' documents: re-index them.
    UPDATE videos SET title = title
      WHERE owner_id = NEW.id AND visibility = 'public' AND status IN ('playable', 'ready');
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER users_search AFTER INSERT OR UPDATE OF username, display_name
  ON users FOR EACH ROW EXECUTE FUNCTION marquee_index_channel();
INSERT INTO channel_search (user_id, document)
SELECT id, to_tsvector('simple', marquee_fold(username || ' ' || display_name)) FROM users;

-- Public user playlists, by title (weight A) and description (B).
CREATE TABLE playlist_search (
  playlist_id TEXT PRIMARY KEY REFERENCES playlists (id) ON DELETE CASCADE,
  document tsvector NOT NULL
);
CREATE INDEX playlist_search_document ON playlist_search USING gin (document);

CREATE FUNCTION marquee_index_playlist() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM playlist_search WHERE playlist_id = NEW.id;
  IF NEW.kind = 'user' AND NEW.visibility = 'public' THEN
    INSERT INTO playlist_search (playlist_id, document)
    VALUES (NEW.id, setweight(to_tsvector('simple', marquee_fold(NEW.title)), 'A')
                 || setweight(to_tsvector('simple', marquee_fold(NEW.description)), 'B'));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER playlists_search AFTER INSERT OR UPDATE OF title, description, visibility
  ON playlists FOR EACH ROW EXECUTE FUNCTION marquee_index_playlist();
INSERT INTO playlist_search (playlist_id, document)
SELECT id, setweight(to_tsvector('simple', marquee_fold(title)), 'A')
        || setweight(to_tsvector('simple', marquee_fold(description)), 'B')
FROM playlists WHERE kind = 'user' AND visibility = 'public';

-- What was searched, per day, without who searched (docs/search.md: query log). Kept
-- search.log_retention_days; written in batches by every node that serves HTTP.
CREATE TABLE search_query_days (
  day BIGINT NOT NULL,            -- days since the epoch (UTC)
  query TEXT NOT NULL,            -- folded words, space-separated
  searches BIGINT NOT NULL,
  zero_results BIGINT NOT NULL,
  PRIMARY KEY (day, query)
);

-- Index what exists already: touching an indexed column runs the trigger above.
UPDATE videos SET title = title WHERE visibility = 'public' AND status IN ('playable', 'ready');
