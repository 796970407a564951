#include "views/RetentionRoutes.h"

#include <boost/json/object.hpp>

#include "core/Error.h"
#include "core/Json.h"

namespace marquee::views {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

boost::json::object retention_json(const RetentionSetting& setting) {
  return {
      {"video_id", setting.video_id},
      {"days", setting.days ? boost::json::value(*setting.days) : nullptr},
      {"site_default_days", setting.site_default_days},
      {"expires_at", setting.expires_at ? boost::json::value(to_rfc3339(*setting.expires_at)) : nullptr},
  };
}

}  // namespace

void register_retention_routes(http::Router& router, RetentionService& retention, const accounts::RequestAuth& auth) {
  router.add(
      Method::GET, "/api/videos/{id}/retention",
      [&retention, &auth](Request& request) {
        return Response::json(200, retention_json(retention.get(auth.require_user(request), request.param("id"))));
      },
      {"A video's retention: its override, the site default and when it expires (owner or moderator)", "videos",
       Access::user, "", "Retention"});

  router.add(
      Method::PATCH, "/api/videos/{id}/retention",
      [&retention, &auth](Request& request) {
        auto who = auth.require_user(request);
        json::BodyReader body(request.body);
        if (!body.object().contains("days")) {
          throw_validation("days", "days is required: a number of days, 0 to keep forever, or null for the site default");
        }
        auto days = body.optional_int("days");
        return Response::json(200, retention_json(retention.set(who, request.param("id"), days)));
      },
      {"Set how many days a video is kept after its creation (0: forever; null: the site default)", "videos",
       Access::user, "RetentionPatch", "Retention"});
}

}  // namespace marquee::views
