#pragma once
// HTTP face of video ratings: the like toggle, the explicit rating, the caller's own rating
// and the caller's liked videos. Reads the request, asks RatingService, shapes the answer.
#include "accounts/RequestAuth.h"
#include "http/Router.h"
#include "social/RatingService.h"

namespace marquee::social {

void register_rating_routes(http::Router& router, RatingService& ratings, const accounts::RequestAuth& auth);

}  // namespace marquee::social
