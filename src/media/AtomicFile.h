#pragma once
// Publishing a file that readers may fetch at any moment (playlists, VTT): the contents go
// to a sibling temp file that is renamed over the target, so a reader sees the old file or
// the new one, never a mix.
#include <filesystem>
#include <string>

namespace marquee::media {

// Throws marquee::Error (internal) on I/O failure; the temp file is removed then.
void write_file_atomically(const std::filesystem::path& path, const std::string& contents);

}  // namespace marquee::media
