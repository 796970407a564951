#pragma once
// What a handler returns. A response body is either bytes in memory or a byte range of a
// file, which the transport sends with sendfile(2) without copying it through user space.
#include <boost/json/fwd.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/Error.h"
#include "http/Headers.h"
#include "http/RateLimitFields.h"

namespace marquee::http {

struct FileRange {
  std::string path;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  std::optional<FileRange> file;
  std::optional<RateLimitFields> rate_limit;

  std::uint64_t body_size() const { return file ? file->length : body.size(); }

  static Response json(int status, const boost::json::value& value);
  static Response text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  static Response no_content();
  // The one error envelope: {"error":{"code","message","details"}}.
  static Response error(ErrorCode code, const std::string& message,
                        const std::map<std::string, std::string>& details = {});
};

}  // namespace marquee::http
