-- Perceptual fingerprints (docs/security.md#re-uploads-of-removed-videos): each processed
-- video's frame hashes, and the blocklist that new uploads are matched against.

-- One line per usable frame, about one a second: "<hash> <quality> <hash of the middle 95 %>
-- <hash of the middle 90 %>" (64 hex digits a hash).
CREATE TABLE video_fingerprints (
  video_id TEXT PRIMARY KEY REFERENCES videos (id) ON DELETE CASCADE,
  frames TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- A list of blocked frame hashes: a removed video's (id "video:<id>", kept when the video
-- itself is deleted) or one an operator imported ("import:<id>").
CREATE TABLE fingerprint_lists (
  id TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
-- A frame of a list may have several hashes (its crops); an imported hash is a frame of its own.
CREATE TABLE fingerprint_hashes (
  list_id TEXT NOT NULL REFERENCES fingerprint_lists (id) ON DELETE CASCADE,
  frame BIGINT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX fingerprint_hashes_list ON fingerprint_hashes (list_id);
