#pragma once
// The tus `Upload-Metadata` header: comma-separated `key base64value` pairs (a key alone
// means an empty value). Parsing is strict, so a hostile header is a clear 400.
#include <map>
#include <string>
#include <string_view>

namespace marquee::uploads {

using UploadMetadata = std::map<std::string, std::string>;

// Throws Error(bad_request) on a malformed header: bad base64, empty or duplicate keys,
// keys with spaces or commas, more than 64 pairs or more than 16 KiB in all.
UploadMetadata parse_upload_metadata(std::string_view header);
std::string format_upload_metadata(const UploadMetadata& metadata);

}  // namespace marquee::uploads
