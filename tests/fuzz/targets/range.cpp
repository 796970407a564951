// The Range header against a file of a fuzzed size: any satisfiable answer lies inside the file.
#include <cstring>

#include "FuzzSupport.h"
#include "http/FileResponse.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace marquee;
  if (size < 8) return 0;
  std::uint64_t file_size = 0;
  std::memcpy(&file_size, data, 8);
  file_size %= (1ull << 50);
  const std::string_view header = fuzz::bytes_of(data + 8, size - 8);
  http::ByteRange range;
  if (http::parse_range(header, file_size, range) == http::RangeResult::satisfiable) {
    fuzz::require(range.length > 0 && range.first < file_size && range.first + range.length <= file_size);
  }
  return 0;
}
