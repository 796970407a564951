#pragma once
// What a comment's text may be, and the one form it is stored in: valid UTF-8 with line
// breaks as \n, trimmed, 1 to 5000 code points, no control characters but \n and \t. The
// text is plain: it is stored and returned exactly so, and never interpreted as markup.
// Trimming removes Unicode white space, so a comment of only ideographic spaces is empty.
#include <cstddef>
#include <string>
#include <string_view>

namespace marquee::social {

inline constexpr std::size_t kMaxCommentLength = 5000;  // code points

// Throws Error(validation_failed) naming the field "text" when the text breaks a rule.
std::string normalized_comment_text(std::string_view raw);

}  // namespace marquee::social
