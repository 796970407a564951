#pragma once
// What every fuzz target shares: the bytes as a string_view, and "refused with an Error is a
// fine answer": a parser may say no to hostile input, but it may not crash, hang, read out of
// bounds or throw anything else (which the server would turn into a 500).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/Error.h"

namespace marquee::fuzz {

inline std::string_view bytes_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

template <typename F>
void refusal_is_fine(F&& parse) {
  try {
    parse();
  } catch (const marquee::Error&) {
  }
}

// Splits the input at the first NUL: two inputs from one (a header and a body, a query and a
// size), so the fuzzer controls both.
inline std::pair<std::string_view, std::string_view> split_input(std::string_view input) {
  const auto nul = input.find('\0');
  if (nul == std::string_view::npos) return {input, {}};
  return {input.substr(0, nul), input.substr(nul + 1)};
}

// Aborts (a finding) when an invariant the target checks does not hold.
inline void require(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace marquee::fuzz
