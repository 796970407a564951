-- A channel's banner (profiles/ProfilePictures.h): the URL of the stored picture, '' for none.
-- The avatar has had its column since 0001.
ALTER TABLE users ADD COLUMN banner_url TEXT NOT NULL DEFAULT '';
