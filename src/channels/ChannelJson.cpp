#include "channels/ChannelJson.h"

#include <boost/json/array.hpp>

#include "core/JsonPage.h"

namespace marquee::channels {

boost::json::object channel_stats_json(const ChannelStats& stats) {
  return {{"subscriber_count", stats.subscriber_count}, {"video_count", stats.video_count}};
}

boost::json::object subscription_json(const Subscription& subscription) {
  const ChannelSummary& channel = subscription.channel;
  return {{"channel",
           {{"id", channel.id},
            {"username", channel.username},
            {"display_name", channel.display_name},
            {"avatar_url", channel.avatar_url},
            {"subscriber_count", channel.subscriber_count}}},
          {"subscribed_at", to_rfc3339(subscription.subscribed_at)}};
}

boost::json::object subscription_page_json(const SubscriptionPage& page) {
  return json::page_json(page, subscription_json);
}

}  // namespace marquee::channels
