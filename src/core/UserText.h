#pragma once
// The rules every field people type into follows, in two kinds. A name (video and playlist
// titles, display names, categories, tags) is one short line that identifies something, so
// nothing in it may change how it looks without being seen: no control characters or line
// breaks, no bidi controls, no stray invisible characters. Prose (descriptions, bios,
// comments) is running text, so line breaks, tabs, the bidi marks mixed-direction writers
// use and zero-width characters stay; only the bidi controls that reorder whole runs go.
// Both kinds are valid UTF-8, stored in NFC, trimmed, counted in code points, and refused
// when nothing in them would be seen. Each function throws Error(validation_failed) with a
// message naming `field`, and returns the form to store.
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>

namespace marquee::text {

enum class Presence { required, optional };

inline constexpr std::size_t kNoLengthLimit = std::numeric_limits<std::size_t>::max();

// An optional name with nothing visible in it (white space alone) becomes "".
std::string clean_name(std::string_view raw, const std::string& field, std::size_t max_code_points,
                       Presence presence = Presence::required);

// Line breaks \r\n and \r become \n. Optional prose with nothing visible in it becomes "".
std::string clean_prose(std::string_view raw, const std::string& field, std::size_t max_code_points,
                        Presence presence);

}  // namespace marquee::text
