#pragma once
// The seeded random term of the reels ranking: a value in [0, 1) per (session seed, video)
// that is the same on every page and every server for one seed, and unrelated across
// seeds. A hash, not a generator, so no state is kept between requests.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/Clock.h"

namespace marquee::feeds {

// FNV-1a, 64 bits.
std::uint64_t fnv1a64(std::string_view text);
// SplitMix64's finalizer: spreads nearby inputs over all 64 bits.
std::uint64_t mix64(std::uint64_t value);
// mix64(seed ^ fnv1a64(video_id)) scaled to [0, 1) with 53 bits.
double exploration(std::uint64_t seed, std::string_view video_id);
// The same from fnv1a64(video_id) computed beforehand (reel candidates keep it).
double exploration_of_hash(std::uint64_t seed, std::uint64_t video_id_hash);

// The seed of a reels session: from the client's `session` value when it sent one, else from
// the caller (user id, or "anonymous") and the UTC day, so a viewer's order holds all day.
std::uint64_t session_seed(std::string_view session, std::string_view user_id, Millis now);

}  // namespace marquee::feeds
