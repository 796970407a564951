#pragma once
// The JSON shapes of channels: the counts a public profile carries, subscriptions and blocks.
#include <boost/json/object.hpp>

#include "channels/Channel.h"
#include "channels/ChannelService.h"

namespace marquee::channels {

// {"subscriber_count","video_count"}: merged into GET /api/users/{username}.
boost::json::object channel_stats_json(const ChannelStats& stats);
// {"channel":{"id","username","display_name","avatar_url","subscriber_count"},"subscribed_at"}
boost::json::object subscription_json(const Subscription& subscription);
boost::json::object subscription_page_json(const SubscriptionPage& page);
// {"channel":{…as in a subscription},"blocked_at"}
boost::json::object block_json(const Block& block);
boost::json::object block_page_json(const BlockPage& page);

}  // namespace marquee::channels
