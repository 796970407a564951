#pragma once
// A stored file as an HTTP answer (ranges, validators): sent from disk with sendfile when the
// store is local, read from the store otherwise. nullopt when the blob is not there.
#include <optional>
#include <string>

#include "blob/BlobStore.h"
#include "http/Request.h"
#include "http/Response.h"

namespace marquee::blob {

std::optional<http::Response> blob_response(const http::Request& request, blob::BlobStore& blobs,
                                            const std::string& key, const std::string& content_type,
                                            const std::string& cache_control);

}  // namespace marquee::blob
