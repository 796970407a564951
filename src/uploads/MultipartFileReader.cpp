#include "uploads/MultipartFileReader.h"

#include "core/Text.h"

namespace marquee::uploads {
namespace {

constexpr std::size_t kMaxPartHeaders = 16 * 1024;

std::optional<std::string> parameter(std::string_view header, std::string_view name) {
  std::string lower = text::lower_ascii(header);
  std::string key = std::string(name) + "=";
  std::size_t pos = 0;
  while ((pos = lower.find(key, pos)) != std::string::npos) {
    bool starts = pos == 0 || lower[pos - 1] == ';' || lower[pos - 1] == ' ';
    if (!starts) {
      pos += key.size();
      continue;
    }
    std::size_t start = pos + key.size();
    if (start < header.size() && header[start] == '"') {
      auto end = header.find('"', start + 1);
      if (end == std::string_view::npos) return std::nullopt;
      return std::string(header.substr(start + 1, end - start - 1));
    }
    auto end = header.find(';', start);
    return text::trim(header.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  if (!text::lower_ascii(content_type).starts_with("multipart/form-data")) return std::nullopt;
  auto boundary = parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70) return std::nullopt;
  for (char c : *boundary) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) return std::nullopt;
  }
  return boundary;
}

MultipartFileReader::MultipartFileReader(std::string boundary, Sink sink)
    : delimiter_("\r\n--" + boundary), sink_(std::move(sink)) {
  // The first delimiter may come without its leading CRLF.
  pending_ = "\r\n";
}

bool MultipartFileReader::fail(std::string why) {
  state_ = State::failed;
  error_ = std::move(why);
  return false;
}

bool MultipartFileReader::parse_part_headers(std::string_view headers) {
  std::optional<std::string> disposition, type;
  std::size_t pos = 0;
  while (pos < headers.size()) {
    auto eol = headers.find("\r\n", pos);
    std::string_view line = headers.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    auto colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string name = text::lower_ascii(text::trim(line.substr(0, colon)));
      std::string value = text::trim(line.substr(colon + 1));
      if (name == "content-disposition") disposition = value;
      if (name == "content-type") type = value;
    }
    if (eol == std::string_view::npos) break;
    pos = eol + 2;
  }
  auto filename = disposition ? parameter(*disposition, "filename") : std::nullopt;
  if (!filename || !filename_.empty() || file_bytes_ > 0) return false;
  filename_ = *filename;
  file_type_ = type.value_or("application/octet-stream");
  return true;
}

bool MultipartFileReader::feed(std::string_view chunk) {
  if (state_ == State::failed) return false;
  pending_.append(chunk);
  for (;;) {
    switch (state_) {
      case State::preamble:
      case State::skip_part:
      case State::file:
      case State::after_file: {
        auto at = pending_.find(delimiter_);
        if (at == std::string::npos) {
          // Keep enough to recognise a delimiter split across chunks.
          std::size_t keep = std::min(pending_.size(), delimiter_.size() - 1);
          std::size_t flush = pending_.size() - keep;
          if (state_ == State::file && flush > 0) {
            if (!sink_(std::string_view(pending_).substr(0, flush))) return fail("the upload was refused");
            file_bytes_ += flush;
          }
          pending_.erase(0, flush);
          return true;
        }
        if (state_ == State::file) {
          if (at > 0 && !sink_(std::string_view(pending_).substr(0, at))) return fail("the upload was refused");
          file_bytes_ += at;
          state_ = State::after_file;
        }
        // After the delimiter: "--" ends the body, CRLF starts a part.
        std::size_t after = at + delimiter_.size();
        if (pending_.size() < after + 2) {
          pending_.erase(0, at);
          return true;
        }
        if (pending_.compare(after, 2, "--") == 0) {
          state_ = State::done;
          pending_.clear();
          return true;
        }
        if (pending_.compare(after, 2, "\r\n") != 0) return fail("malformed multipart delimiter");
        pending_.erase(0, after + 2);
        if (state_ == State::after_file) {
          state_ = State::skip_part;  // later parts are ignored
          continue;
        }
        state_ = State::headers;
        continue;
      }
      case State::headers: {
        if (pending_.starts_with("\r\n")) {  // a part without headers: not a file
          pending_.erase(0, 2);
          state_ = State::skip_part;
          continue;
        }
        auto end = pending_.find("\r\n\r\n");
        if (end == std::string::npos) {
          if (pending_.size() > kMaxPartHeaders) return fail("multipart part headers are too large");
          return true;
        }
        bool is_file = parse_part_headers(std::string_view(pending_).substr(0, end));
        pending_.erase(0, end + 4);
        state_ = is_file ? State::file : State::skip_part;
        saw_file_ = saw_file_ || is_file;
        continue;
      }
      case State::done:
        return true;
      case State::failed:
        return false;
    }
  }
}

}  // namespace marquee::uploads
