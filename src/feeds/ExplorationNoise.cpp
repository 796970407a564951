#include "feeds/ExplorationNoise.h"

namespace marquee::feeds {
namespace {

constexpr Millis kDayMs = 24ll * 3600 * 1000;

}  // namespace

std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

std::uint64_t mix64(std::uint64_t value) {
  value += 0x9e3779b97f4a7c15ull;
  value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ull;
  value = (value ^ (value >> 27)) * 0x94d049bb133111ebull;
  return value ^ (value >> 31);
}

double exploration(std::uint64_t seed, std::string_view video_id) {
  return exploration_of_hash(seed, fnv1a64(video_id));
}

double exploration_of_hash(std::uint64_t seed, std::uint64_t video_id_hash) {
  return static_cast<double>(mix64(seed ^ video_id_hash) >> 11) * 0x1.0p-53;
}

std::uint64_t session_seed(std::string_view session, std::string_view user_id, Millis now) {
  if (!session.empty()) return fnv1a64("session:" + std::string(session));
  const std::string who = user_id.empty() ? std::string("anonymous") : "user:" + std::string(user_id);
  return fnv1a64(who + ":" + std::to_string(now / kDayMs));
}

}  // namespace marquee::feeds
