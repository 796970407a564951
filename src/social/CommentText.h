#pragma once
// What a comment's text may be, and the one form it is stored in: prose as core/UserText.h
// defines it — valid UTF-8 in NFC with line breaks as \n, trimmed, 1 to 5000 code points,
// no control characters but \n and \t, no bidi embeddings, overrides or isolates, and
// something visible in it (a comment of only ideographic spaces or zero-width characters
// is empty). The text is plain: it is stored and returned so, never interpreted as markup.
#include <cstddef>
#include <string>
#include <string_view>

namespace marquee::social {

inline constexpr std::size_t kMaxCommentLength = 5000;  // code points

// Throws Error(validation_failed) naming the field "text" when the text breaks a rule.
std::string normalized_comment_text(std::string_view raw);

}  // namespace marquee::social
