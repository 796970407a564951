#pragma once
// One reply from Redis, copied out of hiredis's structure so no hiredis type reaches the
// code that uses a connection.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace marquee::redis {

struct RedisReply {
  enum class Type { nil, status, error, integer, string, array };
  Type type = Type::nil;
  std::int64_t integer = 0;
  std::string text;  // status, error and string replies
  std::vector<RedisReply> elements;

  bool is_error() const { return type == Type::error; }
  // An error reply whose code (its first word) is `code`: "NOSCRIPT", "NOAUTH" …
  bool is_error(std::string_view code) const {
    return type == Type::error && text.starts_with(code) && (text.size() == code.size() || text[code.size()] == ' ');
  }
};

}  // namespace marquee::redis
