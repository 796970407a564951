#pragma once
// GET /api/media/{kind}/{id}?exp=&sig=: a studio file by its signed URL (FileSigner.h), and
// POST /api/media/sign: signed URLs for up to 100 files at once, each only when the caller
// may read it.
#include <functional>
#include <optional>
#include <string>

#include "accounts/RequestAuth.h"
#include "blob/BlobStore.h"
#include "http/Router.h"
#include "studio/FileSigner.h"
#include "studio/StudioService.h"

namespace marquee::studio {

struct FileRouteOptions {
  int url_ttl_s = 3'600;
  // The signed poster URL of a video the caller may see (its own playback rules), or nullopt.
  std::function<std::optional<std::string>(const http::Request&, const std::string& video_id)> video_poster_url;
};

void register_studio_file_routes(http::Router& router, StudioService& studio, blob::BlobStore& blobs,
                                 const FileSigner& signer, const accounts::RequestAuth& auth, const Clock& clock,
                                 FileRouteOptions options);

}  // namespace marquee::studio
