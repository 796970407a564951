#pragma once
// GET /api/search, /api/search/suggest, /api/tags, /api/tags/{tag}/videos, /api/categories;
// GET /api/admin/search/stats and POST /api/admin/search/refresh for admins.
#include "accounts/RequestAuth.h"
#include "http/Router.h"
#include "search/SearchService.h"

namespace marquee::search {

void register_search_routes(http::Router& router, SearchService& search, const accounts::RequestAuth& auth);

}  // namespace marquee::search
