#include "search/SearchText.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "core/Text.h"

namespace marquee::search {

namespace {

const icu::Normalizer2& nfkd() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKDInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU NFKD data unavailable: ") + u_errorName(status));
  return *n;
}

bool is_mark(UChar32 cp) {
  auto category = u_charType(cp);
  return category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK || category == U_COMBINING_SPACING_MARK;
}

}  // namespace

bool is_word_char(char32_t cp) {
  auto c = static_cast<UChar32>(cp);
  return u_isalnum(c) || is_mark(c);
}

std::string fold(std::string_view text) {
  if (!text::is_valid_utf8(text)) return {};
  bool ascii = true;
  for (char c : text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) return text::lower_ascii(text);
  auto source = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())));
  source.foldCase();
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString decomposed = nfkd().normalize(source, status);
  if (U_FAILURE(status)) return {};
  icu::UnicodeString out;
  for (std::int32_t i = 0; i < decomposed.length();) {
    UChar32 cp = decomposed.char32At(i);
    i += U16_LENGTH(cp);
    if (!is_mark(cp)) out.append(cp);
  }
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::u32string folded = text::decode_utf8(fold(text));
  std::u32string word;
  auto flush = [&] {
    if (word.empty()) return;
    std::string w = text::encode_utf8(word);
    if (w.size() > kMaxWordBytes) {
      std::size_t cut = kMaxWordBytes;
      while (cut > 0 && (static_cast<unsigned char>(w[cut]) & 0xC0) == 0x80) --cut;  // a whole code point
      w.resize(cut);
    }
    out.push_back(std::move(w));
    word.clear();
  };
  for (char32_t cp : folded) {
    if (is_word_char(cp)) {
      word.push_back(cp);
    } else {
      flush();
    }
  }
  flush();
  return out;
}

}  // namespace marquee::search
