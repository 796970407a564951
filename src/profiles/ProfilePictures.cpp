#include "profiles/ProfilePictures.h"

#include <filesystem>

#include "accounts/AccountEvents.h"
#include "core/Error.h"
#include "core/Ids.h"
#include "core/ScopedPath.h"

namespace marquee::profiles {
namespace {

constexpr std::string_view kUrlPrefix = "/media/profiles/";

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

std::string ProfilePictures::replace(const std::string& user_id, Picture picture, const std::string& upload) {
  const std::string dir = options_.work_root + "/profiles";
  std::filesystem::create_directories(dir);
  const std::string file = std::string(picture_name(picture)) + "-" + new_public_id() + ".jpg";
  const ScopedPath stored(dir + "/" + file);
  media::store_photo(upload, stored.path(), options_.limits,
                     picture == Picture::avatar ? options_.avatar : options_.banner);
  blobs_.move_file(user_prefix(user_id) + "/" + file, stored.path());
  const std::string url = std::string(kUrlPrefix) + user_id + "/" + file;
  store_.set_picture_url(user_id, picture, url, clock_.now_ms());
  remove_stale(user_id, picture);
  return url;
}

void ProfilePictures::remove(const std::string& user_id, Picture picture) {
  store_.set_picture_url(user_id, picture, "", clock_.now_ms());
  remove_stale(user_id, picture);
}

void ProfilePictures::remove_stale(const std::string& user_id, Picture picture) {
  // Read back after the write: of two uploads racing, the one the account ends up naming stays.
  const auto account = store_.find_by_id(user_id);
  if (!account) return;
  const std::string& current = picture == Picture::avatar ? account->avatar_url : account->banner_url;
  for (const auto& blob : blobs_.list_prefix(user_prefix(user_id))) {
    const std::string file = blob.key.substr(blob.key.rfind('/') + 1);
    if (picture_of_file(file) != picture) continue;
    if (current == std::string(kUrlPrefix) + user_id + "/" + file) continue;
    blobs_.remove(blob.key);
  }
}

}  // namespace marquee::profiles
