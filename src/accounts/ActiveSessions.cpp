#include "accounts/ActiveSessions.h"

namespace marquee::accounts {
namespace {

constexpr std::size_t kCapacity = 200'000;

std::string key_of(const std::string& user_id, const std::string& session_id) { return user_id + '\n' + session_id; }

}  // namespace

ActiveSessions::ActiveSessions(db::Database& db, const Clock& clock, Millis ttl)
    : store_(db), cache_(clock, ttl, kCapacity) {}

ActiveSessions::Standing ActiveSessions::standing(const std::string& user_id, const std::string& session_id) {
  return cache_.get_or_load(key_of(user_id, session_id),
                            [&] { return store_.active_session_principal(user_id, session_id); });
}

ActiveSessions::Standing ActiveSessions::held(const std::string& user_id, const std::string& session_id) const {
  return cache_.get(key_of(user_id, session_id));
}

void ActiveSessions::session_ended(const std::string& user_id, const std::string& session_id) {
  cache_.erase(key_of(user_id, session_id));
}

// Rare (an admin's edit, a password change, a deletion): dropping everything is simpler than
// indexing sessions by account, and the next request of each session reads its row again.
void ActiveSessions::account_changed(const std::string&) { cache_.clear(); }

}  // namespace marquee::accounts
