#pragma once
// What this node knows of signed-in sessions, so an access token stops working the moment its
// session ends, not when it expires: a token is honoured only while its session (the
// refresh-token family it was issued with) is unrevoked and its account exists, and the role
// and premium flag it acts with are the account's current ones, not those written into the
// token. Logout ends one session; "log out everywhere", a password change and deleting the
// account end them all; a demotion applies to every session at once.
//
// Each answer is one indexed read, kept for `ttl`. The accounts feature's events
// (AccountEvents.h) drop what a node holds: at once on the node that made the change, and on
// the others as soon as the bus brings them; `ttl` (auth.session_check_ms, 30 s) is the
// bound when the bus missed one. (At 2 s, re-reading every session's standing at each expiry
// cost signed-in reels a p99 of 44 ms instead of 12 ms: bench feeds on PostgreSQL.)
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "accounts/AccountStore.h"
#include "accounts/Principal.h"
#include "core/Clock.h"
#include "core/ExpiringCache.h"
#include "events/EventBus.h"

namespace marquee::accounts {

class ActiveSessions {
 public:
  // The session's current principal, or nullopt when it ended or its account is gone.
  using Standing = std::shared_ptr<const std::optional<Principal>>;

  ActiveSessions(db::Database& db, const Clock& clock, Millis ttl, events::EventBus& bus);

  // Reads the database when this node holds no fresh answer.
  Standing standing(const std::string& user_id, const std::string& session_id);
  // From memory alone (the I/O thread's fast paths): null when no fresh answer is held.
  Standing held(const std::string& user_id, const std::string& session_id) const;

 private:
  AccountStore store_;
  ExpiringCache<std::optional<Principal>> cache_;
  std::vector<events::Subscription> subscriptions_;
};

}  // namespace marquee::accounts
