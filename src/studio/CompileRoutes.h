#pragma once
// Compiles and their final videos (POST /api/studio/projects/{id}/compile,
// GET /api/studio/final-videos/{id}, GET /api/studio/projects/{id}/final-videos), and the
// music library (GET /api/studio/music; POST and DELETE /api/admin/music, admins only).
#include "accounts/RequestAuth.h"
#include "blob/BlobStore.h"
#include "http/Router.h"
#include "studio/FileSigner.h"
#include "studio/FinalVideos.h"
#include "studio/MusicLibrary.h"

namespace marquee::studio {

struct CompileRouteOptions {
  int url_ttl_s = 3'600;
  std::string work_root;
  bool public_music_previews = false;  // studio.music_previews = public
};

void register_compile_routes(http::Router& router, FinalVideos& finals, MusicLibrary& music, blob::BlobStore& blobs,
                             const FileSigner& signer, const accounts::RequestAuth& auth, const Clock& clock,
                             CompileRouteOptions options);

}  // namespace marquee::studio
