// A multipart/form-data upload: the boundary from Content-Type, then the body fed in chunks of
// fuzzed sizes. The file's bytes handed on never exceed the body's.
#include "FuzzSupport.h"
#include "uploads/MultipartFileReader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace marquee;
  const auto parts = fuzz::split_input(fuzz::bytes_of(data, size));
  const std::string_view content_type = parts.first, body = parts.second;
  const auto boundary = uploads::multipart_boundary(content_type);
  if (!boundary) return 0;
  std::size_t delivered = 0;
  uploads::MultipartFileReader reader(*boundary, [&](std::string_view bytes) {
    delivered += bytes.size();
    return true;
  });
  std::string_view rest = body;
  std::size_t step = 1;
  while (!rest.empty()) {
    const std::size_t n = std::min(rest.size(), step);
    if (!reader.feed(rest.substr(0, n))) break;
    rest.remove_prefix(n);
    step = step * 3 % 97 + 1;
  }
  fuzz::require(delivered <= body.size());
  fuzz::require(reader.file_bytes() == delivered);
  return 0;
}
