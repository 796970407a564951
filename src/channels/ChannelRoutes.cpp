#include "channels/ChannelRoutes.h"

#include <boost/json/array.hpp>


#include "channels/ChannelJson.h"
#include "core/Error.h"
#include "http/QueryParams.h"
#include "videos/VideoJson.h"

namespace marquee::channels {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;


}  // namespace

void register_channel_routes(http::Router& router, ChannelService& channels, const accounts::RequestAuth& auth) {
  router.add(
      Method::GET, "/api/users/{username}/videos",
      [&channels, &auth](Request& request) {
        const auto caller = auth.caller(request);
        auto page = channels.videos(caller, request.param("username"), http::limit_param(request),
                                    request.query("cursor"),
                                    http::adult_param(request) && auth.passes_age_gate(request, caller));
        return Response::json(200, videos::video_page_json(page));
      },
      {"A channel's videos newest first: public and published ones (adult ones with ?adult=true past the age "
       "gate), or all of them for its owner and moderators",
       "channels", Access::public_, "", "VideoList"});

  router.add(
      Method::POST, "/api/users/{username}/subscription",
      [&channels, &auth](Request& request) {
        auto subscribed = channels.subscribe(auth.require_user(request), request.param("username"));
        return Response::json(subscribed.created ? 201 : 200, subscription_json(subscribed.subscription));
      },
      {"Subscribe to a channel; 200 when already subscribed, 400 for your own", "channels", Access::user, "",
       "Subscription", 201});

  router.add(
      Method::DELETE, "/api/users/{username}/subscription",
      [&channels, &auth](Request& request) {
        channels.unsubscribe(auth.require_user(request), request.param("username"));
        return Response::no_content();
      },
      {"Unsubscribe from a channel; idempotent", "channels", Access::user, "", "", 204});

  router.add(
      Method::GET, "/api/me/subscriptions",
      [&channels, &auth](Request& request) {
        ChannelListQuery query{http::limit_param(request), request.query("cursor")};
        return Response::json(200, subscription_page_json(channels.subscriptions(auth.require_user(request), query)));
      },
      {"The channels you subscribe to, newest first", "channels", Access::user, "", "SubscriptionList"});

  router.add(
      Method::POST, "/api/users/{username}/block",
      [&channels, &auth](Request& request) {
        auto blocked = channels.block(auth.require_user(request), request.param("username"));
        return Response::json(blocked.created ? 201 : 200, block_json(blocked.block));
      },
      {"Block a channel: its videos never show in your feeds, and a subscription to it ends; 200 when already "
       "blocked, 400 for your own",
       "channels", Access::user, "", "Block", 201});

  router.add(
      Method::DELETE, "/api/users/{username}/block",
      [&channels, &auth](Request& request) {
        channels.unblock(auth.require_user(request), request.param("username"));
        return Response::no_content();
      },
      {"Unblock a channel; idempotent", "channels", Access::user, "", "", 204});

  router.add(
      Method::GET, "/api/me/blocks",
      [&channels, &auth](Request& request) {
        ChannelListQuery query{http::limit_param(request), request.query("cursor")};
        return Response::json(200, block_page_json(channels.blocks(auth.require_user(request), query)));
      },
      {"The channels you blocked, newest first", "channels", Access::user, "", "BlockList"});
}

}  // namespace marquee::channels
