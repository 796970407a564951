-- Payments for credits (docs/billing.md): the packs an admin sells, each checkout, and every
-- provider event applied (so a replayed or duplicated webhook applies once).

CREATE TABLE credit_packs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  credits BIGINT NOT NULL,
  amount_cents BIGINT NOT NULL,
  currency TEXT NOT NULL,              -- ISO 4217, lower case ("usd")
  active BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE payments (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  pack_id TEXT NOT NULL,
  provider TEXT NOT NULL,              -- stripe
  session_id TEXT,                     -- the provider's checkout session
  payment_intent TEXT,                 -- the provider's payment, once paid (refunds and disputes name it)
  credits BIGINT NOT NULL,
  amount_cents BIGINT NOT NULL,
  currency TEXT NOT NULL,
  credits_reversed BIGINT NOT NULL DEFAULT 0,  -- taken back for refunds and disputes so far
  status TEXT NOT NULL,                -- pending | paid | refunded | disputed
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX payments_session ON payments (session_id);
CREATE INDEX payments_intent ON payments (payment_intent);
CREATE INDEX payments_user ON payments (user_id, created_at, id);

CREATE TABLE billing_events (
  id TEXT PRIMARY KEY,                 -- the provider's event id
  type TEXT NOT NULL,
  payment_id TEXT,
  received_at BIGINT NOT NULL
);

-- Referrals: each account's code, and who referred whom. Both sides are rewarded once, when
-- the referred account's first clip is made.
CREATE TABLE referral_codes (
  user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX referral_codes_code ON referral_codes (code);
CREATE TABLE referrals (
  referred_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  referrer_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  rewarded_at BIGINT
);
CREATE INDEX referrals_referrer ON referrals (referrer_id);

-- Admin settings are versioned (PUT /api/admin/config/{key} may name the version it read)
-- and name who changed them last; the audit log keeps every change.
ALTER TABLE site_settings ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE site_settings ADD COLUMN updated_by TEXT;
