#include "uploads/UploadMetadata.h"

#include "core/Crypto.h"
#include "core/Error.h"
#include "core/Text.h"

namespace marquee::uploads {

UploadMetadata parse_upload_metadata(std::string_view header) {
  UploadMetadata out;
  if (header.size() > 16 * 1024) throw Error(ErrorCode::bad_request, "Upload-Metadata is larger than 16 KiB");
  std::string all = text::trim(header);
  if (all.empty()) return out;
  std::string_view rest = all;
  while (true) {
    auto comma = rest.find(',');
    std::string pair = text::trim(rest.substr(0, comma));
    if (pair.empty()) throw Error(ErrorCode::bad_request, "Upload-Metadata has an empty entry");
    auto space = pair.find(' ');
    std::string key = pair.substr(0, space);
    std::string value;
    if (space != std::string::npos) {
      auto decoded = crypto::base64_decode(text::trim(pair.substr(space + 1)));
      if (!decoded) throw Error(ErrorCode::bad_request, "Upload-Metadata value of '" + key + "' is not base64");
      value = std::move(*decoded);
    }
    if (key.empty() || key.size() > 128 || text::has_control_chars(key)) {
      throw Error(ErrorCode::bad_request, "Upload-Metadata has an invalid key");
    }
    if (out.count(key)) throw Error(ErrorCode::bad_request, "Upload-Metadata repeats the key '" + key + "'");
    out.emplace(std::move(key), std::move(value));
    if (out.size() > 64) throw Error(ErrorCode::bad_request, "Upload-Metadata has more than 64 entries");
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

std::string format_upload_metadata(const UploadMetadata& metadata) {
  std::string out;
  for (const auto& [k, v] : metadata) {
    if (!out.empty()) out += ",";
    out += k;
    if (!v.empty()) out += " " + crypto::base64_encode(v);
  }
  return out;
}

}  // namespace marquee::uploads
