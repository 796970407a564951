#pragma once
// Accounts written straight into the database, each with an open session (a refresh-token
// family) and an access token for it: many signed-in users without paying argon2 for each
// registration. Access tokens name their session, and RequestAuth honours them only while
// it is open (accounts/ActiveSessions.h).
#include <string>
#include <vector>

#include "accounts/AgeGate.h"
#include "accounts/Principal.h"
#include "accounts/TokenSigner.h"
#include "audit/AuditLog.h"
#include "core/Config.h"
#include "db/Database.h"
#include "settings/SiteSettings.h"

namespace marquee::testing {

// Inserts each principal's account (unless it exists) and a session, and returns their access
// tokens in the same order.
std::vector<std::string> insert_signed_in_users(db::Database& db, const accounts::TokenSigner& signer,
                                                const std::vector<accounts::Principal>& people);
std::string insert_signed_in_user(db::Database& db, const accounts::TokenSigner& signer,
                                  const accounts::Principal& who);

// The age gate with the site settings behind it (the configured defaults), for tests that build
// a RequestAuth of their own.
struct AgeGateParts {
  AgeGateParts(db::Database& db, const Clock& clock, events::EventBus& bus)
      : audit(db, clock), settings(db, Config{}, clock, bus, audit), gate(settings, clock) {}
  audit::AuditLog audit;
  settings::SiteSettings settings;
  accounts::AgeGate gate;
};

}  // namespace marquee::testing
