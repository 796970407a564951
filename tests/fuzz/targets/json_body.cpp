// A JSON request body as every route reads it.
#include "FuzzSupport.h"
#include "core/Json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace marquee;
  fuzz::refusal_is_fine([&] {
    json::BodyReader body(fuzz::bytes_of(data, size));
    for (const char* key : {"title", "tags", "visibility", "limit", "password", ""}) {
      fuzz::refusal_is_fine([&] { (void)body.optional_string(key); });
      fuzz::refusal_is_fine([&] { (void)body.optional_int(key); });
      fuzz::refusal_is_fine([&] { (void)body.optional_bool(key); });
      fuzz::refusal_is_fine([&] { (void)body.optional_string_array(key); });
      fuzz::refusal_is_fine([&] { (void)body.required_string(key); });
    }
  });
  return 0;
}
