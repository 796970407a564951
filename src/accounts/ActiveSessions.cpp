#include "accounts/ActiveSessions.h"

#include "accounts/AccountEvents.h"

namespace marquee::accounts {
namespace {

constexpr std::size_t kCapacity = 200'000;

std::string key_of(const std::string& user_id, const std::string& session_id) { return user_id + '\n' + session_id; }

}  // namespace

ActiveSessions::ActiveSessions(db::Database& db, const Clock& clock, Millis ttl, events::EventBus& bus)
    : store_(db), cache_(clock, ttl, kCapacity) {
  subscriptions_.push_back(bus.subscribe(kSessionEnded, [this](const events::Event& event) {
    if (auto session_id = events::data_string(event, "session_id")) cache_.erase(key_of(event.subject, *session_id));
  }));
  // An account's change (a role, a password, a lockout, the age gate) or deletion drops its
  // sessions only: a scan of the cache, but no other user's next request reads the database
  // again (a user toggling their age-gate attestation would otherwise cost every node that).
  auto the_accounts = [this](const events::Event& event) { cache_.erase_prefix(event.subject + '\n'); };
  subscriptions_.push_back(bus.subscribe(kAccountChanged, the_accounts));
  subscriptions_.push_back(bus.subscribe(kAccountDeleted, the_accounts));
  subscriptions_.push_back(bus.on_missed([this] { cache_.clear(); }));
}

ActiveSessions::Standing ActiveSessions::standing(const std::string& user_id, const std::string& session_id) {
  return cache_.get_or_load(key_of(user_id, session_id),
                            [&] { return store_.active_session_principal(user_id, session_id); });
}

ActiveSessions::Standing ActiveSessions::held(const std::string& user_id, const std::string& session_id) const {
  return cache_.get(key_of(user_id, session_id));
}


}  // namespace marquee::accounts
