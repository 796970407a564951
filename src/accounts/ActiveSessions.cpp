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
  // Rare (an admin's edit, a password change, a deletion): dropping everything is simpler
  // than indexing sessions by account, and each session's next request reads its row again.
  auto everything = [this](const events::Event&) { cache_.clear(); };
  subscriptions_.push_back(bus.subscribe(kAccountChanged, everything));
  subscriptions_.push_back(bus.subscribe(kAccountDeleted, everything));
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
