// Whose address a request counts as: the peer's, unless a trusted proxy forwarded it; and
// the key an address is rate-limited under.
#include <gtest/gtest.h>

#include "core/Error.h"
#include "http/ClientAddress.h"

namespace marquee::http {
namespace {

Headers forwarded(std::initializer_list<const char*> values) {
  Headers headers;
  for (const char* v : values) headers.add("X-Forwarded-For", v);
  return headers;
}

TEST(ClientAddress, WithoutTrustedProxiesTheHeaderIsIgnored) {
  TrustedProxies none;
  EXPECT_EQ(none.client_address("203.0.113.9", forwarded({"198.51.100.1"})), "203.0.113.9");
}

TEST(ClientAddress, AnUntrustedPeerCannotChooseItsAddress) {
  TrustedProxies proxies({"10.0.0.0/8"});
  EXPECT_EQ(proxies.client_address("203.0.113.9", forwarded({"10.0.0.5"})), "203.0.113.9");
}

TEST(ClientAddress, ATrustedProxyNamesTheClient) {
  TrustedProxies proxies({"127.0.0.1", "10.0.0.0/8"});
  EXPECT_EQ(proxies.client_address("127.0.0.1", forwarded({"198.51.100.7"})), "198.51.100.7");
  // A client that sends its own X-Forwarded-For gets it prepended to: the rightmost address
  // that is not a trusted proxy is the client, whatever it wrote to the left.
  EXPECT_EQ(proxies.client_address("127.0.0.1", forwarded({"6.6.6.6, 198.51.100.7, 10.1.2.3"})), "198.51.100.7");
  EXPECT_EQ(proxies.client_address("127.0.0.1", forwarded({"6.6.6.6", "198.51.100.7"})), "198.51.100.7");
  // Every hop a trusted proxy: the leftmost is as far as anyone can see.
  EXPECT_EQ(proxies.client_address("127.0.0.1", forwarded({"10.9.9.9, 10.1.2.3"})), "10.9.9.9");
  // No header: the proxy itself.
  EXPECT_EQ(proxies.client_address("127.0.0.1", {}), "127.0.0.1");
}

TEST(ClientAddress, GarbageStopsTheWalk) {
  TrustedProxies proxies({"127.0.0.1", "10.0.0.0/8"});
  EXPECT_EQ(proxies.client_address("127.0.0.1", forwarded({"198.51.100.7, not-an-ip, 10.1.2.3"})), "10.1.2.3");
  EXPECT_EQ(proxies.client_address("127.0.0.1", forwarded({"<script>"})), "127.0.0.1");
  EXPECT_EQ(proxies.client_address("127.0.0.1", forwarded({",,,"})), "127.0.0.1");
  EXPECT_EQ(proxies.client_address("127.0.0.1", forwarded({std::string(5000, '1').c_str()})), "127.0.0.1");
}

TEST(ClientAddress, Ipv6BlocksAndMappedAddresses) {
  TrustedProxies proxies({"fd00::/8", "::1"});
  EXPECT_TRUE(proxies.trusts("fd12:3456::1"));
  EXPECT_FALSE(proxies.trusts("fe80::1"));
  EXPECT_TRUE(proxies.trusts("::1"));
  EXPECT_EQ(proxies.client_address("::1", forwarded({"2001:db8::42"})), "2001:db8::42");
  TrustedProxies v4({"192.168.0.0/16"});
  EXPECT_TRUE(v4.trusts("::ffff:192.168.3.4"));  // how a dual-stack socket shows an IPv4 peer
  EXPECT_FALSE(v4.trusts("192.169.0.1"));
}

TEST(ClientAddress, RefusesEntriesThatAreNotAddresses) {
  for (const char* bad : {"localhost", "10.0.0.0/33", "fd00::/129", "10.0.0.0/", "10.0.0.0/x", "1.2.3"}) {
    EXPECT_THROW(TrustedProxies({bad}), Error) << bad;
  }
}

TEST(ClientAddress, Ipv6CountsByItsSlash64) {
  EXPECT_EQ(address_rate_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  EXPECT_EQ(address_rate_key("2001:db8:1:2::1"), address_rate_key("2001:db8:1:2:ffff::9"));
  EXPECT_NE(address_rate_key("2001:db8:1:2::1"), address_rate_key("2001:db8:1:3::1"));
  EXPECT_EQ(address_rate_key("198.51.100.7"), "198.51.100.7");
  EXPECT_EQ(address_rate_key("::ffff:198.51.100.7"), "198.51.100.7");
  EXPECT_EQ(address_rate_key("unix"), "unix");
}

}  // namespace
}  // namespace marquee::http
