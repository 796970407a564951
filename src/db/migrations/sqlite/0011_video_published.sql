-- When a public video first became watchable (playable or ready): the moment its channel's
-- subscribers hear of it (the video.published event), once, however its visibility moves
-- afterwards. Set by a conditional update, so two nodes never both announce it.
ALTER TABLE videos ADD COLUMN published_at BIGINT;
-- Videos public and watchable before this column existed were published then: they are
-- never announced as new.
UPDATE videos SET published_at = created_at WHERE visibility = 'public' AND status IN ('playable', 'ready');
