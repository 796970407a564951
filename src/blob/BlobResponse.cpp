#include "blob/BlobResponse.h"

#include "http/FileResponse.h"

namespace marquee::blob {

std::optional<http::Response> blob_response(const http::Request& request, blob::BlobStore& blobs,
                                            const std::string& key, const std::string& content_type,
                                            const std::string& cache_control) {
  const auto info = blobs.stat(key);
  if (!info) return std::nullopt;
  if (auto path = blobs.local_path(key)) {
    const auto facts = http::stat_file(*path);
    if (!facts) return std::nullopt;
    return http::file_response(request, *facts, content_type, cache_control);
  }
  http::FileFacts facts;
  facts.size = info->size;
  facts.modified_ms = info->modified_ms;
  facts.etag = "\"" + info->etag + "\"";
  return http::file_response(request, facts, content_type, cache_control,
                             [&blobs, key](std::uint64_t first, std::uint64_t length) {
                               return blobs.read(key, first, length);
                             });
}

}  // namespace marquee::blob
