#include "channels/ChannelService.h"

#include "channels/ChannelEvents.h"
#include "channels/ChannelListCursor.h"
#include "core/Error.h"

namespace marquee::channels {
namespace {

// The page size asked for, checked, and the position after which the page starts.
int page_limit(const ChannelListQuery& query, std::optional<ChannelListPosition>& after) {
  const std::int64_t limit = query.limit.value_or(kDefaultPageSize);
  if (limit < 1 || limit > kMaxPageSize) {
    throw_validation("limit", "limit must be between 1 and " + std::to_string(kMaxPageSize));
  }
  if (query.cursor && !query.cursor->empty()) after = decode_channel_list_cursor(*query.cursor);
  return static_cast<int>(limit);
}

// Cuts `page.items` (read one longer than `limit`) to the page and sets its cursor.
template <class Page, class Since>
void finish_page(Page& page, int limit, Since since) {
  if (page.items.size() <= static_cast<std::size_t>(limit)) return;
  page.items.resize(static_cast<std::size_t>(limit));
  const auto& last = page.items.back();
  page.next_cursor = encode_channel_list_cursor({since(last), last.channel.id});
}

}  // namespace

ChannelSummary ChannelService::channel_named(const std::string& username) {
  auto channel = store_.find_channel(username);
  if (!channel) throw_not_found("channel");
  return *channel;
}

ChannelSummary ChannelService::other_channel(const accounts::Principal& user, const std::string& username,
                                             const char* action) {
  ChannelSummary channel = channel_named(username);
  if (channel.id == user.user_id) {
    throw_validation("username", std::string("you cannot ") + action + " your own channel");
  }
  return channel;
}

void ChannelService::publish(const char* type, const std::string& user_id, const std::string& channel_id) {
  events::Event event;
  event.type = type;
  event.subject = user_id;
  event.data = events::data_of({{"channel_id", channel_id}});
  bus_.publish(std::move(event));
}

Subscribed ChannelService::subscribe(const accounts::Principal& subscriber, const std::string& username) {
  const ChannelSummary channel = other_channel(subscriber, username, "subscribe to");
  auto subscribed = store_.subscribe(subscriber.user_id, channel.id, clock_.now_ms());
  if (!subscribed) throw_not_found("channel");
  publish(kSubscriptionChanged, subscriber.user_id, channel.id);
  return *subscribed;
}

void ChannelService::unsubscribe(const accounts::Principal& subscriber, const std::string& username) {
  const std::string channel_id = channel_named(username).id;
  store_.unsubscribe(subscriber.user_id, channel_id);
  publish(kSubscriptionChanged, subscriber.user_id, channel_id);
}

SubscriptionPage ChannelService::subscriptions(const accounts::Principal& subscriber, const ChannelListQuery& query) {
  std::optional<ChannelListPosition> after;
  const int limit = page_limit(query, after);
  SubscriptionPage page;
  page.items = store_.subscriptions(subscriber.user_id, after, limit + 1);
  finish_page(page, limit, [](const Subscription& s) { return s.subscribed_at; });
  return page;
}

Blocked ChannelService::block(const accounts::Principal& user, const std::string& username) {
  const ChannelSummary channel = other_channel(user, username, "block");
  auto blocked = store_.block(user.user_id, channel.id, clock_.now_ms());
  if (!blocked) throw_not_found("channel");
  publish(kBlockChanged, user.user_id, channel.id);
  return *blocked;
}

void ChannelService::unblock(const accounts::Principal& user, const std::string& username) {
  const std::string channel_id = channel_named(username).id;
  store_.unblock(user.user_id, channel_id);
  publish(kBlockChanged, user.user_id, channel_id);
}

BlockPage ChannelService::blocks(const accounts::Principal& user, const ChannelListQuery& query) {
  std::optional<ChannelListPosition> after;
  const int limit = page_limit(query, after);
  BlockPage page;
  page.items = store_.blocks(user.user_id, after, limit + 1);
  finish_page(page, limit, [](const Block& b) { return b.blocked_at; });
  return page;
}

videos::VideoPage ChannelService::videos(const accounts::Caller& caller, const std::string& username,
                                         std::optional<std::int64_t> limit, std::optional<std::string> cursor,
                                         bool adult_allowed) {
  if (username.empty()) throw_not_found("channel");
  videos::VideoQuery query;
  query.channel = username;
  query.limit = limit;
  query.cursor = std::move(cursor);
  query.adult_allowed = adult_allowed;
  return videos_.list(caller, query);
}

}  // namespace marquee::channels
