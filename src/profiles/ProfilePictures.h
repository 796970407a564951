#pragma once
// A user's avatar and channel banner as pictures Marquee keeps: the upload goes through the
// photo intake (media/PhotoIntake.h: format by its bytes, pixel limits before decoding, EXIF
// turned upright, metadata stripped) and is cropped to fill a fixed size, stored as a blob
// under profiles/{user id}/ with a fresh name each time, and its URL
// (/media/profiles/{user id}/{name}) written to the account. A new name per picture lets the
// URL be cached forever; the replaced picture's file is removed once the account points at
// the new one (a compare and swap, so two changes at once each remove only what they
// replaced). The account's deletion removes them all.
#include <optional>
#include <string>
#include <vector>

#include "accounts/AccountStore.h"
#include "blob/BlobStore.h"
#include "events/EventBus.h"
#include "media/PhotoIntake.h"

namespace marquee::profiles {

using Picture = accounts::AccountStore::Picture;

struct ProfilePictureOptions {
  media::PhotoLimits limits{std::uint64_t{10} << 20, 50'000'000, 64, 0, std::chrono::seconds(30)};
  media::PhotoFill avatar{400, 400};
  media::PhotoFill banner{2048, 340};
  std::string work_root;  // scratch space for the pictures on their way
};

// "avatar" or "banner" from a route's word; nullopt for anything else.
std::optional<Picture> parse_picture(std::string_view word);
const char* picture_name(Picture picture);

class ProfilePictures {
 public:
  ProfilePictures(db::Database& db, blob::BlobStore& blobs, events::EventBus& bus, const Clock& clock,
                  ProfilePictureOptions options);

  // Keeps the picture at `upload` (a local file) as `user_id`'s avatar or banner and returns its
  // URL. Throws what media::store_photo throws for a file that is not a usable picture.
  std::string replace(const std::string& user_id, Picture picture, const std::string& upload);
  // The account shows no avatar (or banner) any more; its file is removed.
  void remove(const std::string& user_id, Picture picture);
  // The blob key behind /media/profiles/{user_id}/{file}, when `file` is a name this class
  // gives; nullopt for anything else (the blob may still be gone).
  static std::optional<std::string> key_of(const std::string& user_id, const std::string& file);

  const ProfilePictureOptions& options() const { return options_; }
  // The directory pictures pass through on their way (created when missing).
  std::string scratch_dir() const;

 private:
  // Points the account at `url` ("" for none) instead of what it named; returns what it
  // named, or nullopt when the account is gone.
  std::optional<std::string> point_at(const std::string& user_id, Picture picture, const std::string& url);
  // Removes the stored file behind `url`, when it is one of this user's.
  void remove_file(const std::string& user_id, const std::string& url);
  // Removes this kind's files older than ten minutes that the account does not name (`named`).
  void remove_strays(const std::string& user_id, Picture picture, const std::string& named);

  accounts::AccountStore store_;
  blob::BlobStore& blobs_;
  events::EventBus& bus_;
  const Clock& clock_;
  ProfilePictureOptions options_;
  std::vector<events::Subscription> subscriptions_;
};

}  // namespace marquee::profiles
