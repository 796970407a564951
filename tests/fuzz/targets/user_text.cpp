// Every field people type into (titles, names, descriptions, comments), through the two rules
// of core/UserText.h: what is accepted is valid UTF-8, within its length.
#include "FuzzSupport.h"
#include "core/Text.h"
#include "core/UserText.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace marquee;
  const std::string_view raw = fuzz::bytes_of(data, size);
  fuzz::refusal_is_fine([&] {
    const std::string name = text::clean_name(raw, "title", 100);
    fuzz::require(text::is_valid_utf8(name));
  });
  fuzz::refusal_is_fine([&] {
    const std::string prose = text::clean_prose(raw, "text", 5000, text::Presence::optional);
    fuzz::require(text::is_valid_utf8(prose));
  });
  return 0;
}
