#include "blob/SigV4Signer.h"

#include <algorithm>
#include <ctime>
#include <map>

#include "core/Crypto.h"
#include "core/Error.h"
#include "core/Text.h"

namespace marquee::blob {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
constexpr std::chrono::seconds kMaxPresignExpiry{7 * 24 * 3600};

using Pairs = std::vector<std::pair<std::string, std::string>>;

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '~';
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

// Trimmed, with every inner run of whitespace collapsed to one space.
std::string canonical_header_value(std::string_view value) {
  std::string out;
  bool pending_space = false;
  for (char c : value) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

struct Timestamps {
  std::string long_date;   // 20130524T000000Z
  std::string short_date;  // 20130524
};

Timestamps format_time(std::chrono::system_clock::time_point now) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(
      std::chrono::time_point_cast<std::chrono::seconds>(now));
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[17];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &utc);
  std::string long_date(buffer);
  return {long_date, long_date.substr(0, 8)};
}

// Lowercased names to values (duplicates joined by ','), sorted by name.
std::map<std::string, std::string> canonical_headers(const Pairs& headers) {
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : headers) {
    auto [it, inserted] = out.try_emplace(text::lower_ascii(name), canonical_header_value(value));
    if (!inserted) it->second += "," + canonical_header_value(value);
  }
  return out;
}

// Encoded name=value pairs sorted by encoded name, then encoded value.
std::vector<std::pair<std::string, std::string>> encoded_sorted(const Pairs& query) {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(query.size());
  for (const auto& [name, value] : query) out.emplace_back(aws_uri_encode(name, true), aws_uri_encode(value, true));
  std::sort(out.begin(), out.end());
  return out;
}

std::string join_query(const std::vector<std::pair<std::string, std::string>>& encoded) {
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

struct Canonical {
  std::string request;
  std::string signed_headers;
};

Canonical canonical_request(std::string_view method, std::string_view path, const std::string& canonical_query,
                            const std::map<std::string, std::string>& headers, std::string_view payload_hash) {
  Canonical out;
  std::string header_block;
  for (const auto& [name, value] : headers) {
    header_block += name + ":" + value + "\n";
    if (!out.signed_headers.empty()) out.signed_headers += ';';
    out.signed_headers += name;
  }
  std::string encoded_path = aws_uri_encode(path.empty() ? std::string_view("/") : path, false);
  out.request.reserve(256 + header_block.size() + canonical_query.size() + encoded_path.size());
  out.request.append(method).append("\n");
  out.request.append(encoded_path).append("\n");
  out.request.append(canonical_query).append("\n");
  out.request.append(header_block).append("\n");
  out.request.append(out.signed_headers).append("\n");
  out.request.append(payload_hash);
  return out;
}

void erase_header(Pairs& headers, std::string_view lowercase_name) {
  std::erase_if(headers, [&](const auto& header) { return text::lower_ascii(header.first) == lowercase_name; });
}

}  // namespace

std::string aws_uri_encode(std::string_view text, bool encode_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c) || (c == '/' && !encode_slash)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

SigV4Signer::SigV4Signer(AwsCredentials credentials, std::string region, std::string service)
    : credentials_(std::move(credentials)), region_(std::move(region)), service_(std::move(service)) {}

namespace {

std::string signature(const AwsCredentials& credentials, const std::string& region, const std::string& service,
                      const Timestamps& time, const std::string& scope, const std::string& canonical) {
  std::string string_to_sign = std::string(kAlgorithm) + "\n" + time.long_date + "\n" + scope + "\n" +
                               crypto::to_hex(crypto::sha256(canonical));
  std::string key = crypto::hmac_sha256("AWS4" + credentials.secret_access_key, time.short_date);
  key = crypto::hmac_sha256(key, region);
  key = crypto::hmac_sha256(key, service);
  key = crypto::hmac_sha256(key, "aws4_request");
  return crypto::to_hex(crypto::hmac_sha256(key, string_to_sign));
}

}  // namespace

void SigV4Signer::sign(SignableRequest& request, std::chrono::system_clock::time_point now) const {
  auto time = format_time(now);
  std::string scope = time.short_date + "/" + region_ + "/" + service_ + "/aws4_request";
  for (std::string_view name : {"host", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token", "authorization"}) {
    erase_header(request.headers, name);
  }
  request.headers.emplace_back("host", request.host);
  request.headers.emplace_back("x-amz-date", time.long_date);
  request.headers.emplace_back("x-amz-content-sha256", request.payload_sha256);
  if (!credentials_.session_token.empty()) request.headers.emplace_back("x-amz-security-token", credentials_.session_token);

  auto canonical = canonical_request(request.method, request.path, join_query(encoded_sorted(request.query)),
                                     canonical_headers(request.headers), request.payload_sha256);
  std::string authorization = std::string(kAlgorithm) + " Credential=" + credentials_.access_key_id + "/" + scope +
                              ", SignedHeaders=" + canonical.signed_headers +
                              ", Signature=" + signature(credentials_, region_, service_, time, scope, canonical.request);
  request.headers.emplace_back("Authorization", std::move(authorization));
}

std::string SigV4Signer::presign(const SignableRequest& request, std::chrono::system_clock::time_point now,
                                 std::chrono::seconds expires) const {
  if (expires < std::chrono::seconds(1) || expires > kMaxPresignExpiry) {
    throw Error(ErrorCode::validation_failed, "a presigned URL expires between 1 second and 7 days after signing");
  }
  auto time = format_time(now);
  std::string scope = time.short_date + "/" + region_ + "/" + service_ + "/aws4_request";

  Pairs headers = request.headers;
  erase_header(headers, "host");
  headers.emplace_back("host", request.host);
  auto signed_headers = canonical_headers(headers);

  Pairs query = request.query;
  if (!credentials_.session_token.empty()) query.emplace_back("X-Amz-Security-Token", credentials_.session_token);
  query.emplace_back("X-Amz-Algorithm", std::string(kAlgorithm));
  query.emplace_back("X-Amz-Credential", credentials_.access_key_id + "/" + scope);
  query.emplace_back("X-Amz-Date", time.long_date);
  query.emplace_back("X-Amz-Expires", std::to_string(expires.count()));
  std::string signed_names;
  for (const auto& header : signed_headers) signed_names += (signed_names.empty() ? "" : ";") + header.first;
  query.emplace_back("X-Amz-SignedHeaders", signed_names);

  auto encoded = encoded_sorted(query);
  auto canonical = canonical_request(request.method, request.path, join_query(encoded), signed_headers, kUnsignedPayload);
  encoded.emplace_back("X-Amz-Signature", signature(credentials_, region_, service_, time, scope, canonical.request));
  std::sort(encoded.begin(), encoded.end());
  return join_query(encoded);
}

}  // namespace marquee::blob
