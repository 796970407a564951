#pragma once
// Deterministic bytes that no offset or chunking mistake reproduces by accident (xorshift64),
// cheap enough for tens of megabytes.
#include <cstdint>
#include <string>

namespace marquee::testing {

inline std::string pseudo_random_bytes(std::size_t n, unsigned seed) {
  std::string out(n, '\0');
  std::uint64_t state = seed * 0x9E3779B97F4A7C15ull + 1;
  for (auto& c : out) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    c = static_cast<char>(state);
  }
  return out;
}

}  // namespace marquee::testing
