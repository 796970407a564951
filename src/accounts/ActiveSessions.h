#pragma once
// What this node knows of signed-in sessions, so an access token stops working the moment its
// session ends, not when it expires: a token is honoured only while its session (the
// refresh-token family it was issued with) is unrevoked and its account exists, and the role
// and premium flag it acts with are the account's current ones, not those written into the
// token. Logout ends one session; "log out everywhere", a password change and deleting the
// account end them all; a demotion applies to every session at once.
//
// Each answer is one indexed read, kept for `ttl`: changes made through this node drop what
// it holds at once; a change made on another node is seen within `ttl` (auth.session_check_ms).
#include <memory>
#include <optional>
#include <string>

#include "accounts/AccountStore.h"
#include "accounts/Principal.h"
#include "core/Clock.h"
#include "core/ExpiringCache.h"

namespace marquee::accounts {

class ActiveSessions {
 public:
  // The session's current principal, or nullopt when it ended or its account is gone.
  using Standing = std::shared_ptr<const std::optional<Principal>>;

  ActiveSessions(db::Database& db, const Clock& clock, Millis ttl);

  // Reads the database when this node holds no fresh answer.
  Standing standing(const std::string& user_id, const std::string& session_id);
  // From memory alone (the I/O thread's fast paths): null when no fresh answer is held.
  Standing held(const std::string& user_id, const std::string& session_id) const;

  void session_ended(const std::string& user_id, const std::string& session_id);
  // The account's role, premium flag or existence changed, or all its sessions ended.
  void account_changed(const std::string& user_id);

 private:
  AccountStore store_;
  ExpiringCache<std::optional<Principal>> cache_;
};

}  // namespace marquee::accounts
