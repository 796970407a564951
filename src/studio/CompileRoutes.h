#pragma once
// Compiles and their final videos (POST /api/studio/projects/{id}/compile,
// GET /api/studio/final-videos/{id}, GET /api/studio/projects/{id}/final-videos), and the
// music library (GET /api/studio/music; POST and DELETE /api/admin/music, admins only).
#include "accounts/RequestAuth.h"
#include "http/Router.h"
#include "studio/FileSigner.h"
#include "studio/FinalVideos.h"
#include "studio/MusicLibrary.h"

namespace marquee::studio {

void register_compile_routes(http::Router& router, FinalVideos& finals, MusicLibrary& music, const FileSigner& signer,
                             const accounts::RequestAuth& auth, const Clock& clock, int url_ttl_s,
                             std::string work_root);

}  // namespace marquee::studio
