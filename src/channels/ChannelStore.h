#pragma once
// The SQL of channels, subscriptions and blocks. users.subscriber_count changes in the same
// write transaction as the subscription row it counts, and only when a row was really
// inserted or deleted (INSERT … ON CONFLICT DO NOTHING and DELETE report it), so the count
// stays exact however many subscribe, unsubscribe, block or toggle at once. A block and a
// subscription of the same pair never coexist: each of the two writes removes the other.
#include <optional>
#include <string>
#include <vector>

#include "channels/Channel.h"
#include "db/Database.h"

namespace marquee::channels {

// A place in a user's listing of channels, newest first (created_at DESC, channel_id DESC).
struct ChannelListPosition {
  Millis created_at = 0;
  std::string channel_id;
};

struct Subscribed {
  Subscription subscription;
  bool created = false;  // false: the subscription was already there
};

struct Blocked {
  Block block;
  bool created = false;  // false: the block was already there
};

class ChannelStore {
 public:
  explicit ChannelStore(db::Database& db) : db_(db) {}

  // The channel whose username matches, ignoring ASCII case.
  std::optional<ChannelSummary> find_channel(const std::string& username);
  // Subscribes and counts it, unless already subscribed; lifts a block of the channel.
  // nullopt when either account is gone.
  std::optional<Subscribed> subscribe(const std::string& subscriber_id, const std::string& channel_id, Millis now);
  // True when a subscription was removed (and uncounted).
  bool unsubscribe(const std::string& subscriber_id, const std::string& channel_id);
  // Newest first, at most `limit`.
  std::vector<Subscription> subscriptions(const std::string& subscriber_id,
                                          const std::optional<ChannelListPosition>& after, int limit);
  // Zeros for an unknown user.
  ChannelStats stats(const std::string& user_id);
  // Deletes every subscription of `subscriber_id` and uncounts each, in one transaction.
  void remove_subscriber(const std::string& subscriber_id);

  // Blocks the channel unless already blocked, and ends a subscription to it (uncounted).
  // nullopt when either account is gone.
  std::optional<Blocked> block(const std::string& user_id, const std::string& channel_id, Millis now);
  // True when a block was removed.
  bool unblock(const std::string& user_id, const std::string& channel_id);
  bool has_blocked(const std::string& user_id, const std::string& channel_id);
  // Newest first, at most `limit`.
  std::vector<Block> blocks(const std::string& user_id, const std::optional<ChannelListPosition>& after, int limit);

 private:
  db::Database& db_;
};

}  // namespace marquee::channels
