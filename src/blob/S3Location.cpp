#include "blob/S3Location.h"

#include <cstdlib>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "blob/BlobStore.h"
#include "core/Error.h"

namespace marquee::blob {
namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

[[noreturn]] void reject(const std::string& why) {
  throw Error(ErrorCode::validation_failed, "blob url: " + why, {{"field", "blob.url"}});
}

// S3's bucket naming rules (3–63 of a-z 0-9 . -, starting and ending with a letter or
// digit), which also keeps a bucket name safe inside a Host header and a path.
bool is_valid_bucket(std::string_view bucket) {
  if (bucket.size() < 3 || bucket.size() > 63) return false;
  for (char c : bucket) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) return false;
  }
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  return alnum(bucket.front()) && alnum(bucket.back()) && bucket.find("..") == std::string_view::npos;
}

bool is_valid_host(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  for (char c : host) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
              c == ':' || c == '[' || c == ']';
    if (!ok) return false;
  }
  return true;
}

bool is_valid_region(std::string_view region) {
  if (region.empty() || region.size() > 64) return false;
  for (char c : region) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

void set_endpoint(S3Location& location, std::string_view endpoint) {
  auto parsed = boost::urls::parse_absolute_uri(endpoint);
  if (!parsed) reject("endpoint must be an absolute http(s) URL");
  const std::string scheme(parsed->scheme());
  if (scheme != "http" && scheme != "https") reject("endpoint must use http or https");
  if (parsed->has_userinfo()) reject("endpoint must not carry credentials (use AWS_ACCESS_KEY_ID)");
  if (!parsed->encoded_path().empty() && parsed->encoded_path() != "/") reject("endpoint must not have a path");
  if (parsed->has_query() || parsed->has_fragment()) reject("endpoint must not have a query");
  std::string host(parsed->encoded_host_and_port());
  if (!is_valid_host(host)) reject("endpoint host is not valid");
  location.scheme = scheme;
  location.host = host;
}

}  // namespace

std::string S3Location::object_key(std::string_view key) const {
  return prefix.empty() ? std::string(key) : prefix + "/" + std::string(key);
}

std::string S3Location::request_host() const { return path_style ? host : bucket + "." + host; }

std::string S3Location::object_path(std::string_view object_key) const {
  return (path_style ? "/" + bucket + "/" : std::string("/")) + std::string(object_key);
}

std::string S3Location::bucket_path() const { return path_style ? "/" + bucket : std::string("/"); }

std::string S3Location::describe() const {
  return "s3://" + bucket + (prefix.empty() ? "" : "/" + prefix) + " at " + scheme + "://" + host + " (" + region +
         ", " + (path_style ? "path-style" : "virtual-hosted") + ")";
}

S3Location parse_s3_location(std::string_view url, const std::string& access_key_id,
                             const std::string& secret_access_key) {
  if (url.size() > 2048) reject("too long");
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed || parsed->scheme() != "s3") reject("must look like s3://bucket/prefix?endpoint=…&region=…");
  if (parsed->has_userinfo()) reject("must not carry credentials (use AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)");
  if (parsed->has_port()) reject("the bucket has no port (put the server in endpoint=)");

  S3Location location;
  location.bucket = std::string(parsed->host());
  if (!is_valid_bucket(location.bucket)) reject("bucket names are 3-63 characters of a-z 0-9 . -");

  std::string path = parsed->path();
  while (!path.empty() && path.front() == '/') path.erase(0, 1);
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (!path.empty() && !is_valid_blob_key(path)) reject("the prefix must be segments of A-Z a-z 0-9 . _ -");
  location.prefix = path;

  std::string endpoint, region, addressing;
  for (auto param : parsed->params()) {
    if (param.key == "endpoint") endpoint = param.value;
    else if (param.key == "region") region = param.value;
    else if (param.key == "addressing") addressing = param.value;
    else reject("unknown parameter '" + std::string(param.key.substr(0, 40)) + "'");
  }

  if (region.empty()) region = env("AWS_REGION");
  if (region.empty()) region = env("AWS_DEFAULT_REGION");
  if (region.empty()) region = "us-east-1";
  if (!is_valid_region(region) && region != "auto") reject("region must be a-z 0-9 -");
  location.region = region;

  if (endpoint.empty()) endpoint = env("AWS_ENDPOINT_URL_S3");
  if (endpoint.empty()) endpoint = env("AWS_ENDPOINT_URL");
  const bool custom_endpoint = !endpoint.empty();
  if (custom_endpoint) {
    set_endpoint(location, endpoint);
  } else {
    location.scheme = "https";
    location.host = "s3." + region + ".amazonaws.com";
  }

  if (addressing.empty()) {
    // Virtual-hosted needs a DNS name per bucket, which a custom server rarely has, and a
    // dotted bucket name breaks TLS certificate matching on AWS.
    location.path_style = custom_endpoint || location.bucket.find('.') != std::string::npos;
  } else if (addressing == "path") {
    location.path_style = true;
  } else if (addressing == "virtual") {
    location.path_style = false;
  } else {
    reject("addressing must be path or virtual");
  }

  location.credentials.access_key_id = access_key_id.empty() ? env("AWS_ACCESS_KEY_ID") : access_key_id;
  location.credentials.secret_access_key =
      secret_access_key.empty() ? env("AWS_SECRET_ACCESS_KEY") : secret_access_key;
  if (access_key_id.empty()) location.credentials.session_token = env("AWS_SESSION_TOKEN");
  if (location.credentials.access_key_id.empty() || location.credentials.secret_access_key.empty()) {
    reject("no credentials: set blob.s3_access_key_id and blob.s3_secret_access_key, or AWS_ACCESS_KEY_ID and "
           "AWS_SECRET_ACCESS_KEY");
  }
  return location;
}

}  // namespace marquee::blob
