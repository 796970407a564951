-- What the transcode produced: progress while it runs, one row per rendition, and which
-- images exist. Files live in the blob store under videos/{id}/hls and videos/{id}/thumbs.
ALTER TABLE videos ADD COLUMN progress INTEGER NOT NULL DEFAULT 0;
ALTER TABLE videos ADD COLUMN has_poster INTEGER NOT NULL DEFAULT 0;
ALTER TABLE videos ADD COLUMN has_storyboard INTEGER NOT NULL DEFAULT 0;

CREATE TABLE renditions (
  video_id TEXT NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
  name TEXT NOT NULL,               -- "720p"; also its directory under hls/
  width BIGINT NOT NULL,
  height BIGINT NOT NULL,
  bandwidth BIGINT NOT NULL,        -- peak bits/s (planned while processing, measured when ready)
  average_bandwidth BIGINT NOT NULL,
  codecs TEXT NOT NULL,
  playlist TEXT NOT NULL,           -- relative to hls/: "720p/index.m3u8"
  PRIMARY KEY (video_id, name)
);
