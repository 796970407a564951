#include "playback/PlaylistRewriter.h"

namespace marquee::playback {
namespace {

std::string with_query(std::string_view uri, std::string_view query) {
  std::string out(uri);
  out += (uri.find('?') == std::string_view::npos) ? '?' : '&';
  out += query;
  return out;
}

std::string rewrite_uri_attributes(std::string_view line, std::string_view query) {
  std::string out;
  std::size_t pos = 0;
  constexpr std::string_view key = "URI=\"";
  while (true) {
    auto at = line.find(key, pos);
    if (at == std::string_view::npos) break;
    auto start = at + key.size();
    auto end = line.find('"', start);
    if (end == std::string_view::npos) break;
    out.append(line.substr(pos, start - pos));
    out += with_query(line.substr(start, end - start), query);
    pos = end;
  }
  out.append(line.substr(pos));
  return out;
}

// Rebuilds `text` line by line: `rewrite` appends each line's new form (given without its
// line ending) to `out`, and the original \n or \r\n endings are kept.
template <class Rewrite>
std::string map_lines(std::string_view text, Rewrite&& rewrite) {
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto eol = text.find('\n', pos);
    std::string_view line = text.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    bool cr = !line.empty() && line.back() == '\r';
    if (cr) line.remove_suffix(1);
    rewrite(line, out);
    if (cr) out += '\r';
    if (eol == std::string_view::npos) break;
    out += '\n';
    pos = eol + 1;
  }
  return out;
}

}  // namespace

std::string append_query_to_playlist(std::string_view playlist, std::string_view query) {
  return map_lines(playlist, [&](std::string_view line, std::string& out) {
    if (line.empty()) return;
    if (line.front() != '#') {
      out += with_query(line, query);
    } else if (line.find("URI=\"") != std::string_view::npos) {
      out += rewrite_uri_attributes(line, query);
    } else {
      out += line;
    }
  });
}

std::string append_query_to_storyboard(std::string_view vtt, std::string_view query) {
  bool header = true;  // "WEBVTT" and its header lines, up to the first blank line
  return map_lines(vtt, [&](std::string_view line, std::string& out) {
    if (line.empty()) {
      header = false;
    } else if (header || line.find("-->") != std::string_view::npos || line.starts_with("NOTE")) {
      out += line;
    } else {
      auto fragment = line.find('#');
      out += with_query(line.substr(0, fragment), query);
      if (fragment != std::string_view::npos) out += line.substr(fragment);
    }
  });
}

std::string with_target_duration_at_least(std::string_view playlist, int seconds) {
  constexpr std::string_view tag = "#EXT-X-TARGETDURATION:";
  const auto at = playlist.find(tag);
  if (at == std::string_view::npos || (at > 0 && playlist[at - 1] != '\n')) return std::string(playlist);
  const auto value_start = at + tag.size();
  auto value_end = playlist.find_first_of("\r\n", value_start);
  if (value_end == std::string_view::npos) value_end = playlist.size();
  const std::string_view value = playlist.substr(value_start, value_end - value_start);
  int current = 0;
  for (char c : value) {
    if (c < '0' || c > '9' || current > 100'000) return std::string(playlist);  // not ours to fix
    current = current * 10 + (c - '0');
  }
  if (value.empty() || current >= seconds) return std::string(playlist);
  std::string out(playlist.substr(0, value_start));
  out += std::to_string(seconds);
  out.append(playlist.substr(value_end));
  return out;
}

}  // namespace marquee::playback
