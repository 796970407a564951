#include "playlists/PlaylistFieldRules.h"

#include "core/Error.h"
#include "core/Text.h"

namespace marquee::playlists {
namespace {

std::string checked_text(std::string_view raw, const std::string& field) {
  if (!text::is_valid_utf8(raw)) throw_validation(field, field + " must be valid UTF-8");
  if (text::has_control_chars(raw)) throw_validation(field, field + " must not contain control characters");
  return text::trim(raw);
}

void check_length(const std::string& value, std::size_t min, std::size_t max, const std::string& field) {
  std::size_t length = text::code_points(value);
  if (length < min || length > max) {
    std::string range = min == 0 ? "at most " + std::to_string(max) : std::to_string(min) + " to " + std::to_string(max);
    throw_validation(field, field + " must be " + range + " characters long");
  }
}

}  // namespace

std::string normalized_title(std::string_view raw) {
  std::string title = checked_text(raw, "title");
  if (title.find_first_of("\n\t") != std::string::npos) {
    throw_validation("title", "title must be one line");
  }
  if (title.empty()) throw_validation("title", "title must not be empty");
  check_length(title, 1, kMaxTitleLength, "title");
  return title;
}

std::string normalized_description(std::string_view raw) {
  std::string unix_newlines;
  unix_newlines.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\r') {
      unix_newlines.push_back(raw[i]);
    } else if (i + 1 >= raw.size() || raw[i + 1] != '\n') {
      unix_newlines.push_back('\n');
    }
  }
  std::string description = checked_text(unix_newlines, "description");
  check_length(description, 0, kMaxDescriptionLength, "description");
  return description;
}

PlaylistVisibility checked_visibility(std::string_view raw) {
  auto visibility = parse_visibility(raw);
  if (!visibility) throw_validation("visibility", "visibility must be public, unlisted or private");
  return *visibility;
}

}  // namespace marquee::playlists
