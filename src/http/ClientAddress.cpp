#include "http/ClientAddress.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

#include "core/Error.h"

namespace marquee::http {
namespace {

constexpr IpBytes kMappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0};

bool is_ipv4_mapped(const IpBytes& ip) { return std::memcmp(ip.data(), kMappedPrefix.data(), 12) == 0; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool in_block(const IpBytes& ip, const IpBytes& network, int prefix_bits) {
  int bits = prefix_bits;
  for (std::size_t i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    const std::uint8_t mask = bits >= 8 ? 0xff : static_cast<std::uint8_t>(0xff << (8 - bits));
    if ((ip[i] & mask) != (network[i] & mask)) return false;
  }
  return true;
}

// The X-Forwarded-For entries, left to right, over every field of that name.
std::vector<std::string_view> forwarded_chain(const Headers& headers) {
  std::vector<std::string_view> chain;
  for (const auto& [name, value] : headers) {
    if (!iequals(name, "X-Forwarded-For")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      chain.push_back(trim(rest.substr(0, comma)));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return chain;
}

}  // namespace

std::optional<IpBytes> parse_ip(std::string_view address) {
  if (address.empty() || address.size() > 45) return std::nullopt;
  char text[46];
  std::memcpy(text, address.data(), address.size());
  text[address.size()] = '\0';
  IpBytes ip{};
  in_addr v4{};
  if (inet_pton(AF_INET, text, &v4) == 1) {
    ip = kMappedPrefix;
    std::memcpy(ip.data() + 12, &v4, 4);
    return ip;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, text, &v6) == 1) {
    std::memcpy(ip.data(), &v6, 16);
    return ip;
  }
  return std::nullopt;
}

TrustedProxies::TrustedProxies(const std::vector<std::string>& entries) {
  for (const auto& entry : entries) {
    std::string_view text = trim(entry);
    int prefix = -1;
    if (const auto slash = text.find('/'); slash != std::string_view::npos) {
      const std::string_view bits = text.substr(slash + 1);
      auto [ptr, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
      if (ec != std::errc() || ptr != bits.data() + bits.size()) prefix = -2;
      text = text.substr(0, slash);
    }
    const auto ip = parse_ip(text);
    const bool v4 = ip && is_ipv4_mapped(*ip) && text.find(':') == std::string_view::npos;
    if (prefix == -1) prefix = v4 ? 32 : 128;
    if (!ip || prefix < 0 || prefix > (v4 ? 32 : 128)) {
      throw Error(ErrorCode::validation_failed,
                  "http.trusted_proxies: '" + entry + "' is not an address or a CIDR block (10.0.0.0/8, fd00::/8)");
    }
    blocks_.push_back({*ip, v4 ? 96 + prefix : prefix});
  }
}

bool TrustedProxies::trusts(std::string_view address) const {
  if (blocks_.empty()) return false;
  const auto ip = parse_ip(address);
  if (!ip) return false;
  for (const auto& block : blocks_) {
    if (in_block(*ip, block.network, block.prefix_bits)) return true;
  }
  return false;
}

std::string TrustedProxies::client_address(std::string_view peer, const Headers& headers) const {
  if (!trusts(peer)) return std::string(peer);
  std::string_view client = peer;
  const auto chain = forwarded_chain(headers);
  for (auto hop = chain.rbegin(); hop != chain.rend(); ++hop) {
    if (!parse_ip(*hop)) break;  // garbage: the proxy that added it is as far as we can see
    client = *hop;
    if (!trusts(*hop)) break;
  }
  return std::string(client);
}

std::string address_rate_key(std::string_view address) {
  // The common case, a plain IPv4 address, as it is (the socket layer wrote it canonically).
  if (address.find(':') == std::string_view::npos) return std::string(address);
  const auto ip = parse_ip(address);
  if (!ip) return std::string(address);
  char text[INET6_ADDRSTRLEN];
  if (is_ipv4_mapped(*ip)) {
    inet_ntop(AF_INET, ip->data() + 12, text, sizeof text);
    return text;
  }
  in6_addr network{};
  std::memcpy(&network, ip->data(), 8);  // the /64; the interface half stays zero
  inet_ntop(AF_INET6, &network, text, sizeof text);
  return std::string(text) + "/64";
}

}  // namespace marquee::http
