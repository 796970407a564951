#include "accounts/TokenSigner.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/Crypto.h"

namespace marquee::accounts {
namespace {

constexpr std::string_view kHeader = R"({"alg":"HS256","typ":"JWT"})";

}  // namespace

TokenSigner::TokenSigner(std::string secret, int ttl_seconds, const Clock& clock)
    : secret_(std::move(secret)), ttl_seconds_(ttl_seconds), clock_(clock) {}

std::string TokenSigner::sign(const Principal& principal, const std::string& session_id) const {
  Millis now = clock_.now_ms();
  boost::json::object claims{{"sub", principal.user_id},
                             {"sid", session_id},
                             {"name", principal.username},
                             {"role", role_name(principal.role)},
                             {"prem", principal.is_premium},
                             {"iat", now / 1000},
                             {"exp", now / 1000 + ttl_seconds_}};
  std::string signing_input =
      crypto::base64url_encode(kHeader) + "." + crypto::base64url_encode(boost::json::serialize(claims));
  return signing_input + "." + crypto::base64url_encode(crypto::hmac_sha256(secret_, signing_input));
}

std::optional<AccessClaims> TokenSigner::verify(const std::string& token) const {
  if (token.size() > 4096) return std::nullopt;
  auto dot1 = token.find('.');
  if (dot1 == std::string::npos) return std::nullopt;
  auto dot2 = token.find('.', dot1 + 1);
  if (dot2 == std::string::npos || token.find('.', dot2 + 1) != std::string::npos) return std::nullopt;

  auto header = crypto::base64url_decode(std::string_view(token).substr(0, dot1));
  if (!header) return std::nullopt;
  boost::system::error_code ec;
  auto header_json = boost::json::parse(*header, ec);
  if (ec || !header_json.is_object()) return std::nullopt;
  auto* alg = header_json.as_object().if_contains("alg");
  if (!alg || !alg->is_string() || alg->get_string() != "HS256") return std::nullopt;

  auto signature = crypto::base64url_decode(std::string_view(token).substr(dot2 + 1));
  if (!signature) return std::nullopt;
  std::string expected = crypto::hmac_sha256(secret_, std::string_view(token).substr(0, dot2));
  if (!crypto::constant_time_equal(*signature, expected)) return std::nullopt;

  auto payload = crypto::base64url_decode(std::string_view(token).substr(dot1 + 1, dot2 - dot1 - 1));
  if (!payload) return std::nullopt;
  auto claims_json = boost::json::parse(*payload, ec);
  if (ec || !claims_json.is_object()) return std::nullopt;
  const auto& claims = claims_json.as_object();
  auto* sub = claims.if_contains("sub");
  auto* sid = claims.if_contains("sid");
  auto* name = claims.if_contains("name");
  auto* role = claims.if_contains("role");
  auto* prem = claims.if_contains("prem");
  auto* iat = claims.if_contains("iat");
  auto* exp = claims.if_contains("exp");
  if (!sub || !sub->is_string() || !sid || !sid->is_string() || sid->get_string().empty() || !name || !name->is_string() || !role || !role->is_string() || !prem ||
      !prem->is_bool() || !iat || !iat->is_int64() || !exp || !exp->is_int64()) {
    return std::nullopt;
  }
  auto parsed_role = parse_role(role->get_string());
  if (!parsed_role) return std::nullopt;
  Millis expires = exp->get_int64() * 1000;
  if (clock_.now_ms() >= expires) return std::nullopt;

  AccessClaims out;
  out.principal = {std::string(sub->get_string()), std::string(name->get_string()), *parsed_role, prem->get_bool()};
  out.session_id = std::string(sid->get_string());
  out.issued_at_ms = iat->get_int64() * 1000;
  out.expires_at_ms = expires;
  return out;
}

}  // namespace marquee::accounts
