// tus's Upload-Metadata (comma-separated "key base64value" pairs) and the message framing
// headers every request passes (Content-Length, Transfer-Encoding, Host).
#include "FuzzSupport.h"
#include "http/Headers.h"
#include "http/MessageFraming.h"
#include "uploads/UploadMetadata.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace marquee;
  const auto parts = fuzz::split_input(fuzz::bytes_of(data, size));
  const std::string_view metadata = parts.first, framing = parts.second;
  fuzz::refusal_is_fine([&] { (void)uploads::parse_upload_metadata(metadata); });
  http::Headers headers;
  std::string_view rest = framing;
  while (!rest.empty()) {  // "name: value" lines
    const auto end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos) headers.add(std::string(line.substr(0, colon)), std::string(line.substr(colon + 1)));
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  (void)http::framing_problem(headers, 11);
  (void)http::framing_problem(headers, 10);
  return 0;
}
