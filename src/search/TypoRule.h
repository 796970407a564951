#pragma once
// How many typos a word may have and still match (docs/search.md): none under 5 letters, one
// from 5, two from 9. A typo is one insertion, deletion, substitution or swap of neighbouring
// letters (optimal string alignment distance), counted in code points.
#include <cstddef>
#include <string_view>

namespace marquee::search {

// The typos allowed in a word of `code_points` letters.
int allowed_typos(std::size_t code_points);

// The optimal string alignment distance of `a` and `b` (code points), or `limit` + 1 when it
// is more than `limit`; stops as soon as that is certain.
int typo_distance(std::u32string_view a, std::u32string_view b, int limit);

}  // namespace marquee::search
