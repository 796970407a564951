#include "profiles/ProfilePictures.h"

#include <filesystem>

#include "accounts/AccountEvents.h"
#include "core/Error.h"
#include "core/Ids.h"
#include "core/ScopedPath.h"

namespace marquee::profiles {
namespace {

constexpr std::string_view kUrlPrefix = "/media/profiles/";
constexpr Millis kStrayAfterMs = 10 * 60 * 1000;

std::string user_prefix(const std::string& user_id) { return "profiles/" + user_id; }

// "avatar-{id}.jpg" or "banner-{id}.jpg": the only names a stored picture has.
std::optional<Picture> picture_of_file(std::string_view file) {
  if (!file.ends_with(".jpg")) return std::nullopt;
  const auto dash = file.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  const auto picture = parse_picture(file.substr(0, dash));
  const auto id = file.substr(dash + 1, file.size() - dash - 1 - 4);
  if (!picture || !looks_like_public_id(id)) return std::nullopt;
  return picture;
}

}  // namespace

std::optional<Picture> parse_picture(std::string_view word) {
  if (word == "avatar") return Picture::avatar;
  if (word == "banner") return Picture::banner;
  return std::nullopt;
}

const char* picture_name(Picture picture) { return picture == Picture::avatar ? "avatar" : "banner"; }

ProfilePictures::ProfilePictures(db::Database& db, blob::BlobStore& blobs, events::EventBus& bus, const Clock& clock,
                                 ProfilePictureOptions options)
    : store_(db), blobs_(blobs), bus_(bus), clock_(clock), options_(std::move(options)) {
  // Every node hears of a deletion; the node where it happened removes the files.
  subscriptions_.push_back(bus_.subscribe(accounts::kAccountDeleted, [this](const events::Event& event) {
    if (event.origin == bus_.node_id() && looks_like_public_id(event.subject)) {
      blobs_.remove_prefix(user_prefix(event.subject));
    }
  }));
}

std::optional<std::string> ProfilePictures::key_of(const std::string& user_id, const std::string& file) {
  if (!looks_like_public_id(user_id) || !picture_of_file(file)) return std::nullopt;
  return user_prefix(user_id) + "/" + file;
}

std::string ProfilePictures::scratch_dir() const {
  const std::string dir = options_.work_root + "/profiles";
  std::filesystem::create_directories(dir);
  return dir;
}

std::string ProfilePictures::replace(const std::string& user_id, Picture picture, const std::string& upload) {
  const std::string file = std::string(picture_name(picture)) + "-" + new_public_id() + ".jpg";
  const ScopedPath stored(scratch_dir() + "/" + file);
  media::store_photo(upload, stored.path(), options_.limits,
                     picture == Picture::avatar ? options_.avatar : options_.banner);
  const std::string key = user_prefix(user_id) + "/" + file;
  blobs_.move_file(key, stored.path());
  const std::string url = std::string(kUrlPrefix) + user_id + "/" + file;
  std::optional<std::string> replaced;
  try {
    replaced = point_at(user_id, picture, url);
  } catch (...) {
    blobs_.remove(key);
    throw;
  }
  if (!replaced) {  // the account went meanwhile, with its other files
    blobs_.remove(key);
    throw_not_found("account");
  }
  remove_file(user_id, *replaced);
  remove_strays(user_id, picture, url);
  return url;
}

void ProfilePictures::remove(const std::string& user_id, Picture picture) {
  if (const auto replaced = point_at(user_id, picture, "")) {
    remove_file(user_id, *replaced);
    remove_strays(user_id, picture, "");
  }
}

void ProfilePictures::remove_strays(const std::string& user_id, Picture picture, const std::string& named) {
  // Files of this kind the account does not name: one an avatar_url set through PATCH /api/me
  // replaced, or one a crash left between its store and its swap. Only old ones: a young one
  // may be an upload on its way to its swap.
  const Millis before = clock_.now_ms() - kStrayAfterMs;
  for (const auto& blob : blobs_.list_prefix(user_prefix(user_id))) {
    const std::string file = blob.key.substr(blob.key.rfind('/') + 1);
    if (picture_of_file(file) != picture || named == std::string(kUrlPrefix) + user_id + "/" + file) continue;
    if (blob.modified_ms < before) blobs_.remove(blob.key);
  }
}

std::optional<std::string> ProfilePictures::point_at(const std::string& user_id, Picture picture,
                                                     const std::string& url) {
  // Compare and swap: of two changes at once, each learns which URL it replaced, so each
  // removes only the file it made stale, never the one the other just put in.
  for (int attempt = 0; attempt < 8; ++attempt) {
    const auto account = store_.find_by_id(user_id);
    if (!account) return std::nullopt;
    const std::string current = picture == Picture::avatar ? account->avatar_url : account->banner_url;
    if (store_.swap_picture_url(user_id, picture, current, url, clock_.now_ms())) return current;
  }
  throw Error(ErrorCode::conflict, "the picture is being changed elsewhere; try again");
}

void ProfilePictures::remove_file(const std::string& user_id, const std::string& url) {
  // Only a URL of ours names a file (an avatar_url set by PATCH /api/me is someone else's).
  const std::string prefix = std::string(kUrlPrefix) + user_id + "/";
  if (!url.starts_with(prefix)) return;
  if (const auto key = key_of(user_id, url.substr(prefix.size()))) blobs_.remove(*key);
}

}  // namespace marquee::profiles
