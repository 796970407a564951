#pragma once
// HTTP face of channels: a channel's videos (/api/users/{username}/videos), subscribing to
// it (/api/users/{username}/subscription), blocking it (/api/users/{username}/block), and the
// caller's subscriptions and blocks (/api/me/subscriptions, /api/me/blocks). The channel's counts join its public profile through
// channel_stats_json, which the composition root hands to the accounts routes.
#include "accounts/RequestAuth.h"
#include "channels/ChannelService.h"
#include "http/Router.h"

namespace marquee::channels {

void register_channel_routes(http::Router& router, ChannelService& channels, const accounts::RequestAuth& auth);

}  // namespace marquee::channels
