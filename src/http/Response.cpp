#include "http/Response.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace marquee::http {

Response Response::json(int status, const boost::json::value& value) {
  Response r;
  r.status = status;
  r.body = boost::json::serialize(value);
  r.headers.set("Content-Type", "application/json");
  return r;
}

Response Response::text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers.set("Content-Type", std::move(content_type));
  return r;
}

Response Response::no_content() {
  Response r;
  r.status = 204;
  return r;
}

Response Response::error(ErrorCode code, const std::string& message, const std::map<std::string, std::string>& details) {
  boost::json::object detail_object;
  for (const auto& [k, v] : details) detail_object[k] = v;
  boost::json::object error{{"code", code_name(code)}, {"message", message}};
  if (!detail_object.empty()) error["details"] = std::move(detail_object);
  return json(http_status(code), boost::json::object{{"error", std::move(error)}});
}

}  // namespace marquee::http
