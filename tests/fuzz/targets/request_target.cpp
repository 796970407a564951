// The request line's target and the parts of a request the server reads from it: the path
// (percent-decoded), query parameters, cookies, and the paging and flag parameters.
#include "FuzzSupport.h"
#include "http/QueryParams.h"
#include "http/Request.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace marquee;
  const auto parts = fuzz::split_input(fuzz::bytes_of(data, size));
  const std::string_view target = parts.first, cookie = parts.second;
  http::Request request;
  request.target = std::string(target);
  if (!request.parse_target()) return 0;
  fuzz::require(request.path.empty() || request.path.front() == '/');
  request.headers.add("Cookie", std::string(cookie));
  for (const char* name : {"q", "cursor", "limit", "adult", "", "a b"}) (void)request.query(name);
  for (const char* name : {"marquee_access", "marquee_refresh", "x"}) (void)request.cookie(name);
  fuzz::refusal_is_fine([&] { (void)http::limit_param(request); });
  fuzz::refusal_is_fine([&] { (void)http::adult_param(request); });
  return 0;
}
