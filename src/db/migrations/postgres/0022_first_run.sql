-- The first run (accounts/FirstRun.h): the one-time setup code every node prints while the
-- site has never had an admin, and when it was used. One row at most; once completed_at is
-- set the first run is over for good, whatever happens to the admin accounts later.
CREATE TABLE first_run (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  code TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  completed_at BIGINT
);

-- A site that already has an admin has had its first run.
INSERT INTO first_run (id, code, created_at, completed_at)
  SELECT 1, '', 0, 0 WHERE EXISTS (SELECT 1 FROM users WHERE role = 'admin');
