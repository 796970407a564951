#pragma once
// A resumable upload: where its bytes go (a video), how many are expected and how many are
// durably stored. `receiving` until the last byte is synced, `received` until the bytes
// are handed to the video pipeline, then `done`.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/Clock.h"

namespace marquee::uploads {

enum class UploadState { receiving, received, done };
std::string_view upload_state_name(UploadState state);
UploadState parse_upload_state(std::string_view name);

struct Upload {
  std::string id;
  std::string owner_id;
  std::string video_id;
  std::uint64_t length = 0;
  std::uint64_t offset = 0;
  std::string metadata;  // raw Upload-Metadata header
  std::string filename;
  std::string filetype;
  bool direct = false;  // the client sends the bytes straight to the store (DirectUploads)
  UploadState state = UploadState::receiving;
  Millis created_at = 0;
  Millis updated_at = 0;
  Millis expires_at = 0;
};

}  // namespace marquee::uploads
