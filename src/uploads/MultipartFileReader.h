#pragma once
// Pulls the first file out of a multipart/form-data body as it streams in, without
// buffering it: bytes of the file part go to `sink`; preamble, other fields and the
// epilogue are skipped. Robust to the boundary being split across chunks.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace marquee::uploads {

// The boundary parameter of a multipart/form-data Content-Type; nullopt when the type is
// not multipart/form-data or the boundary is missing or invalid (RFC 2046: 1–70 chars).
std::optional<std::string> multipart_boundary(std::string_view content_type);

class MultipartFileReader {
 public:
  using Sink = std::function<bool(std::string_view bytes)>;

  MultipartFileReader(std::string boundary, Sink sink);

  // Feeds the next chunk of the body. False when the body is malformed (error() says why)
  // or the sink refused bytes.
  bool feed(std::string_view chunk);
  // True once the file part has ended (its closing boundary was seen).
  bool file_complete() const { return saw_file_ && (state_ == State::after_file || state_ == State::done || state_ == State::skip_part); }
  std::uint64_t file_bytes() const { return file_bytes_; }
  const std::string& filename() const { return filename_; }
  const std::string& file_content_type() const { return file_type_; }
  const std::string& error() const { return error_; }

 private:
  enum class State { preamble, headers, skip_part, file, after_file, done, failed };
  bool fail(std::string why);
  bool parse_part_headers(std::string_view headers);

  std::string delimiter_;  // "\r\n--" + boundary
  Sink sink_;
  State state_ = State::preamble;
  std::string pending_;    // bytes held back while a delimiter might be starting
  std::string filename_, file_type_, error_;
  std::uint64_t file_bytes_ = 0;
  bool saw_file_ = false;
};

}  // namespace marquee::uploads
