#pragma once
// /api/studio/projects…: projects and their clips (docs/studio.md). Every route is the
// signed-in caller's own: another account's ids answer 404.
#include "accounts/RequestAuth.h"
#include "http/Router.h"
#include "studio/FileSigner.h"
#include "studio/FinalVideos.h"
#include "studio/StudioService.h"

namespace marquee::studio {

struct StudioRouteOptions {
  int url_ttl_s = 3'600;  // how long the file URLs in an answer stay good
};

void register_studio_routes(http::Router& router, StudioService& studio, FinalVideos& finals, const FileSigner& signer,
                            const accounts::RequestAuth& auth, const Clock& clock, StudioRouteOptions options);

}  // namespace marquee::studio
