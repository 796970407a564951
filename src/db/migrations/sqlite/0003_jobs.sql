-- The durable job queue: every piece of background work (transcodes, thumbnails, cleanup)
-- is a row here, so any number of worker processes share one queue. A worker claims a job
-- by taking a lease (lease_owner until lease_expires_at) and renews it while it runs; a job
-- whose lease ran out is claimed again. States and kinds are checked in code, not by CHECK
-- constraints, so new ones need no table rebuild.
CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}',   -- JSON
  priority INTEGER NOT NULL DEFAULT 0,  -- higher runs first
  state TEXT NOT NULL DEFAULT 'queued', -- queued | running | succeeded | dead | cancelled
  attempts INTEGER NOT NULL DEFAULT 0,  -- claims so far, an expired lease included
  max_attempts INTEGER NOT NULL,
  run_at BIGINT NOT NULL,               -- not claimed before this time
  lease_owner TEXT,                     -- the worker that holds, or last held, the lease
  lease_expires_at BIGINT,              -- set while running
  last_error TEXT,
  subject TEXT,                         -- what the job works on (a video id), for cancel-by-subject
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  finished_at BIGINT
);
-- Claiming walks this in claim order (priority DESC, run_at, id) within one state.
CREATE INDEX jobs_claim_order ON jobs (state, priority DESC, run_at, id);
CREATE INDEX jobs_subject ON jobs (subject, state);
-- The admin listing: newest first, optionally one state's.
CREATE INDEX jobs_newest ON jobs (created_at DESC, id DESC);
CREATE INDEX jobs_state_newest ON jobs (state, created_at DESC, id DESC);
