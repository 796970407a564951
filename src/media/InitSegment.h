#pragma once
// Reads the RFC 6381 codec string of an H.264 rendition from its fMP4 init segment (the
// avcC box: profile_idc, constraint flags, level_idc), so the master playlist's CODECS
// states what the encoder actually produced rather than what was asked for.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace marquee::media {

// "avc1.64001f"; nullopt when the file is missing or holds no avcC box.
std::optional<std::string> read_avc_codecs(const std::filesystem::path& init_segment);
std::optional<std::string> avc_codecs_from_bytes(std::string_view mp4_bytes);

}  // namespace marquee::media
