#include "social/RatingRoutes.h"

#include <boost/json/array.hpp>

#include "core/Json.h"
#include "http/QueryParams.h"
#include "social/RatingJson.h"
#include "videos/VideoJson.h"

namespace marquee::social {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;


}  // namespace

void register_rating_routes(http::Router& router, RatingService& ratings, const accounts::RequestAuth& auth) {
  router.add(
      Method::POST, "/api/videos/{id}/like",
      [&ratings, &auth](Request& request) {
        auto rater = auth.require_user(request);
        return Response::json(200, like_toggle_json(ratings.toggle_like(rater, request.param("id"))));
      },
      {"Like a video, or take the like back when the caller already likes it", "social", Access::user, "",
       "LikeToggle"});

  router.add(
      Method::PUT, "/api/videos/{id}/rating",
      [&ratings, &auth](Request& request) {
        auto rater = auth.require_user(request);
        std::string rating = json::BodyReader(request.body).required_string("rating");
        return Response::json(200, rating_json(ratings.rate(rater, request.param("id"), rating)));
      },
      {"Set the caller's rating of a video: like, dislike or none", "social", Access::user, "RatingRequest",
       "Rating"});

  router.add(
      Method::GET, "/api/videos/{id}/rating",
      [&ratings, &auth](Request& request) {
        auto rater = auth.require_user(request);
        return Response::json(200, rating_json(ratings.rating_of(rater, request.param("id"))));
      },
      {"The caller's own rating of a video, with its counters", "social", Access::user, "", "Rating"});

  router.add(
      Method::GET, "/api/me/liked",
      [&ratings, &auth](Request& request) {
        auto viewer = auth.require_user(request);
        LikedQuery query{http::limit_param(request), request.query("cursor"),
                         auth.passes_age_gate(request, accounts::Caller(viewer))};
        return Response::json(200, videos::video_page_json(ratings.liked_videos(viewer, query)));
      },
      {"Videos the caller likes, most recently liked first (only those the caller may still see)", "social",
       Access::user, "", "VideoList"});
}

}  // namespace marquee::social
