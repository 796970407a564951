#include "channels/ChannelRoutes.h"

#include <boost/json/array.hpp>

#include <charconv>

#include "channels/ChannelJson.h"
#include "core/Error.h"
#include "videos/VideoJson.h"

namespace marquee::channels {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

std::optional<std::int64_t> limit_from(const Request& request) {
  auto text = request.query("limit");
  if (!text || text->empty()) return std::nullopt;
  std::int64_t limit = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (ec != std::errc() || end != text->data() + text->size()) throw_validation("limit", "limit must be an integer");
  return limit;
}

boost::json::object video_page_json(const videos::VideoPage& page) {
  boost::json::array items;
  for (const auto& video : page.items) items.emplace_back(videos::video_json(video));
  boost::json::object out{{"items", std::move(items)}};
  if (page.next_cursor) {
    out["next_cursor"] = *page.next_cursor;
  } else {
    out["next_cursor"] = nullptr;
  }
  return out;
}

}  // namespace

void register_channel_routes(http::Router& router, ChannelService& channels, const accounts::RequestAuth& auth) {
  router.add(
      Method::GET, "/api/users/{username}/videos",
      [&channels, &auth](Request& request) {
        auto page = channels.videos(auth.caller(request), request.param("username"), limit_from(request),
                                    request.query("cursor"));
        return Response::json(200, video_page_json(page));
      },
      {"A channel's videos newest first: public and published ones, or all of them for its owner and moderators",
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
        SubscriptionQuery query{limit_from(request), request.query("cursor")};
        return Response::json(200, subscription_page_json(channels.subscriptions(auth.require_user(request), query)));
      },
      {"The channels you subscribe to, newest first", "channels", Access::user, "", "SubscriptionList"});
}

}  // namespace marquee::channels
