#pragma once
// The one file a studio request carries: the raw body with a Content-Type of `media_type`
// ("image", "audio"), or the file part of a multipart/form-data body. Written to `path`.
// Throws Error(bad_request) for a form without a whole file part, and
// Error(unsupported_media_type) for any other body.
#include <string>
#include <string_view>

#include "http/Request.h"

namespace marquee::uploads {

void save_request_file(const http::Request& request, const std::string& path, std::string_view media_type);

}  // namespace marquee::uploads
