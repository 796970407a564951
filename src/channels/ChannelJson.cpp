#include "channels/ChannelJson.h"

#include <boost/json/array.hpp>

#include "core/JsonPage.h"

namespace marquee::channels {

boost::json::object channel_stats_json(const ChannelStats& stats) {
  return {{"subscriber_count", stats.subscriber_count}, {"video_count", stats.video_count}};
}

namespace {

boost::json::object channel_summary_json(const ChannelSummary& channel) {
  return {{"id", channel.id},
          {"username", channel.username},
          {"display_name", channel.display_name},
          {"avatar_url", channel.avatar_url},
          {"subscriber_count", channel.subscriber_count}};
}

}  // namespace

boost::json::object subscription_json(const Subscription& subscription) {
  return {{"channel", channel_summary_json(subscription.channel)},
          {"subscribed_at", to_rfc3339(subscription.subscribed_at)}};
}

boost::json::object subscription_page_json(const SubscriptionPage& page) {
  return json::page_json(page, subscription_json);
}

boost::json::object block_json(const Block& block) {
  return {{"channel", channel_summary_json(block.channel)}, {"blocked_at", to_rfc3339(block.blocked_at)}};
}

boost::json::object block_page_json(const BlockPage& page) { return json::page_json(page, block_json); }

}  // namespace marquee::channels
