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
#include "studio/FinalVideos.h"
#include "studio/MusicLibrary.h"
#include "studio/StudioService.h"

namespace marquee::studio {

struct FileRouteOptions {
  int url_ttl_s = 3'600;
  // The signed poster URL of a video the caller may see (its own playback rules), or nullopt.
  std::function<std::optional<std::string>(const http::Request&, const std::string& video_id)> video_poster_url;
};

// The files the studio signs URLs for: clips', final videos' and music tracks'.
struct StudioFiles {
  StudioService& clips;
  FinalVideos& finals;
  MusicLibrary& music;

  // Where the file is kept, whoever owns it; nullopt when there is none.
  std::optional<std::string> key(FileKind kind, const std::string& id) const;
  // Whether `user_id` may have a URL for it: theirs (a track: any), and there.
  bool readable_by(const std::string& user_id, FileKind kind, const std::string& id) const;
};

void register_studio_file_routes(http::Router& router, StudioFiles files, blob::BlobStore& blobs,
                                 const FileSigner& signer, const accounts::RequestAuth& auth, const Clock& clock,
                                 FileRouteOptions options);

}  // namespace marquee::studio
