#include "dev/SeedRandom.h"

namespace marquee::dev {
namespace {

constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

}  // namespace

std::uint64_t SeedRandom::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

double SeedRandom::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

std::int64_t SeedRandom::between(std::int64_t low, std::int64_t high) {
  if (high <= low) return low;
  const auto span = static_cast<std::uint64_t>(high - low) + 1;
  return low + static_cast<std::int64_t>(next() % span);
}

std::string SeedRandom::public_id() {
  std::string id(12, 'A');
  std::uint64_t bits = next();
  for (int i = 0; i < 12; ++i) {
    if (i == 10) bits = next();
    id[static_cast<std::size_t>(i)] = kBase64Url[bits & 63];
    bits >>= 6;
  }
  return id;
}

}  // namespace marquee::dev
