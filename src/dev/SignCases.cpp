#include "dev/SignCases.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <exception>
#include <utility>
#include <vector>

#include "blob/SigV4Signer.h"
#include "core/Error.h"

namespace marquee::dev {
namespace {

namespace bj = boost::json;
using Pairs = std::vector<std::pair<std::string, std::string>>;

std::string string_field(const bj::object& object, std::string_view key, std::string fallback = {}) {
  const auto* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return fallback;
  return std::string(value->as_string());
}

Pairs pairs_field(const bj::object& object, std::string_view key) {
  Pairs out;
  const auto* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return out;
  for (const auto& item : value->as_array()) {
    const auto& pair = item.as_array();
    out.emplace_back(std::string(pair.at(0).as_string()), std::string(pair.at(1).as_string()));
  }
  return out;
}

bj::value run_case(const bj::object& c) {
  blob::AwsCredentials credentials{string_field(c, "access_key_id"), string_field(c, "secret_access_key"),
                                   string_field(c, "session_token")};
  blob::SigV4Signer signer(std::move(credentials), string_field(c, "region"), string_field(c, "service", "s3"));
  std::chrono::system_clock::time_point now{std::chrono::seconds(c.at("time").to_number<std::int64_t>())};
  blob::SignableRequest request{string_field(c, "method"),      string_field(c, "host"),
                                string_field(c, "path"),        pairs_field(c, "query"),
                                pairs_field(c, "headers"),      string_field(c, "payload_sha256")};
  bj::object result;
  if (string_field(c, "mode") == "presign") {
    std::chrono::seconds expires{c.at("expires").to_number<std::int64_t>()};
    result["query"] = signer.presign(request, now, expires);
  } else {
    signer.sign(request, now);
    bj::array headers;
    for (const auto& [name, value] : request.headers) headers.push_back(bj::array{bj::string(name), bj::string(value)});
    result["headers"] = std::move(headers);
  }
  return result;
}

}  // namespace

std::string run_sign_cases(std::string_view cases_json) {
  boost::system::error_code ec;
  bj::value parsed = bj::parse(cases_json, ec);
  if (ec || !parsed.is_array()) throw Error(ErrorCode::bad_request, "expected a JSON array of signing cases");
  bj::array results;
  for (const auto& item : parsed.as_array()) {
    try {
      results.push_back(run_case(item.as_object()));
    } catch (const std::exception& e) {
      results.push_back(bj::object{{"error", e.what()}});
    }
  }
  return bj::serialize(results);
}

}  // namespace marquee::dev
