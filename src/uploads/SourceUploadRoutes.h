#pragma once
// Uploads for scripts and object-store-style clients, beside tus:
//   POST /api/videos/{id}/source — the whole file in one request, raw or multipart/form-data;
//   POST /api/uploads/ticket     — a one-time URL for one PUT (what an S3 presigned URL is);
//   PUT  /api/uploads/ticket/{token} — that URL on the local store.
// Same limits and validation as tus; a failed request leaves nothing behind.
#include "accounts/RequestAuth.h"
#include "http/Router.h"
#include "uploads/UploadService.h"

namespace marquee::uploads {

void register_source_upload_routes(http::Router& router, UploadService& uploads, videos::VideoService& videos,
                                   const accounts::RequestAuth& auth);

}  // namespace marquee::uploads
