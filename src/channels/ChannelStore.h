#pragma once
// The SQL of channels and subscriptions. users.subscriber_count changes in the same write
// transaction as the subscription row it counts, and only when a row was really inserted
// or deleted (INSERT … ON CONFLICT DO NOTHING and DELETE report it), so the count stays
// exact however many subscribe, unsubscribe or toggle at once.
#include <optional>
#include <string>
#include <vector>

#include "channels/Channel.h"
#include "db/Database.h"

namespace marquee::channels {

// A place in a subscriber's listing, newest first (created_at DESC, channel_id DESC).
struct SubscriptionListPosition {
  Millis created_at = 0;
  std::string channel_id;
};

struct Subscribed {
  Subscription subscription;
  bool created = false;  // false: the subscription was already there
};

class ChannelStore {
 public:
  explicit ChannelStore(db::Database& db) : db_(db) {}

  // The channel whose username matches, ignoring ASCII case.
  std::optional<ChannelSummary> find_channel(const std::string& username);
  // Subscribes and counts it, unless already subscribed. nullopt when either account is gone.
  std::optional<Subscribed> subscribe(const std::string& subscriber_id, const std::string& channel_id, Millis now);
  // True when a subscription was removed (and uncounted).
  bool unsubscribe(const std::string& subscriber_id, const std::string& channel_id);
  // Newest first, at most `limit`.
  std::vector<Subscription> subscriptions(const std::string& subscriber_id,
                                          const std::optional<SubscriptionListPosition>& after, int limit);
  // Zeros for an unknown user.
  ChannelStats stats(const std::string& user_id);
  // Deletes every subscription of `subscriber_id` and uncounts each, in one transaction.
  void remove_subscriber(const std::string& subscriber_id);

 private:
  db::Database& db_;
};

}  // namespace marquee::channels
