-- Resumable uploads on a shared object store (uploads/StoredParts.h): the bytes of an
-- upload go to the store as the parts of one multipart upload, so any node can resume it.
-- upload_offset stays the durable offset: the parts cover [0, parts_end) and the blob
-- uploads/<id>/tail holds [parts_end, upload_offset), the bytes too few for a part.
ALTER TABLE uploads ADD COLUMN store_upload_id TEXT;
-- tus: bytes through Marquee; direct: the client PUTs them to presigned store URLs
-- (POST /api/uploads/presigned) and Marquee only verifies the object.
ALTER TABLE uploads ADD COLUMN kind TEXT NOT NULL DEFAULT 'tus';

CREATE TABLE upload_parts (
  upload_id TEXT NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
  part_number INTEGER NOT NULL,
  end_offset BIGINT NOT NULL,
  etag TEXT NOT NULL,
  PRIMARY KEY (upload_id, part_number)
);
