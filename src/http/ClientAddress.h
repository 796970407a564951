#pragma once
// Who a request comes from when proxies stand in front of Marquee. The socket's peer is the
// client unless it is a proxy the operator trusts (http.trusted_proxies: addresses and CIDR
// blocks); then X-Forwarded-For is read from the right, past every trusted proxy, and the
// first address that is not one is the client. X-Forwarded-For from anyone else is ignored, so
// a client cannot pick the address its rate limits count against.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/Headers.h"

namespace marquee::http {

// An IPv4 or IPv6 address as 16 bytes (IPv4 as IPv4-mapped IPv6); nullopt when it is neither.
using IpBytes = std::array<std::uint8_t, 16>;
std::optional<IpBytes> parse_ip(std::string_view address);

class TrustedProxies {
 public:
  // Throws Error(validation_failed) naming the entry that is not an address or a block.
  explicit TrustedProxies(const std::vector<std::string>& entries = {});

  bool trusts(std::string_view address) const;
  // The client's address as above. Every X-Forwarded-For field counts, in order; an entry
  // that is not an address stops the walk (the last trusted hop's peer is then the client).
  std::string client_address(std::string_view peer, const Headers& headers) const;

 private:
  struct Block {
    IpBytes network{};
    int prefix_bits = 128;
  };
  std::vector<Block> blocks_;
};

// The key a rate limit counts an address under: an IPv4 address as it is, an IPv6 address
// by its /64 (one subscriber's whole allocation, which they can rotate through freely).
// Anything else is returned unchanged.
std::string address_rate_key(std::string_view address);

}  // namespace marquee::http
