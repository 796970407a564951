#pragma once
// The deterministic random source of `marquee dev seed`: the same seed gives the same data,
// so a benchmark database can be rebuilt exactly. SplitMix64 (fast, and good enough for
// synthetic data; never for secrets).
#include <cstdint>
#include <string>
#include <vector>

namespace marquee::dev {

class SeedRandom {
 public:
  explicit SeedRandom(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next();
  // Uniform in [0, 1).
  double uniform();
  // Uniform in [low, high].
  std::int64_t between(std::int64_t low, std::int64_t high);
  bool chance(double probability) { return uniform() < probability; }
  template <typename T>
  const T& pick(const std::vector<T>& items) {
    return items[static_cast<std::size_t>(between(0, static_cast<std::int64_t>(items.size()) - 1))];
  }
  // A public id: 12 base64url characters, as new_public_id() makes.
  std::string public_id();

 private:
  std::uint64_t state_;
};

}  // namespace marquee::dev
