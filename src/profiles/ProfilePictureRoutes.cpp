#include "profiles/ProfilePictureRoutes.h"

#include "accounts/AccountJson.h"
#include "blob/BlobResponse.h"
#include "core/Error.h"
#include "core/Ids.h"
#include "core/ScopedPath.h"
#include "uploads/RequestFile.h"

namespace marquee::profiles {

using http::Method;
using http::Request;
using http::Response;

void register_profile_picture_routes(http::Router& router, ProfilePictures& pictures, accounts::AccountService& accounts,
                                     blob::BlobStore& blobs, const accounts::RequestAuth& auth) {
  // The body may be a little larger than the picture when it comes as a form.
  const auto body_limit = static_cast<std::int64_t>(pictures.options().limits.max_bytes) + 64 * 1024;
  for (const Picture picture : {Picture::avatar, Picture::banner}) {
    const std::string path = std::string("/api/me/") + picture_name(picture);
    const auto size = picture == Picture::avatar ? pictures.options().avatar : pictures.options().banner;
    const std::string shape = std::to_string(size.width) + "×" + std::to_string(size.height);

    router.add(
        Method::PUT, path,
        [&pictures, &accounts, &auth, picture](Request& request) {
          const auto who = auth.require_user(request);
          const ScopedPath upload(pictures.scratch_dir() + "/upload-" + new_public_id());
          uploads::save_request_file(request, upload.path(), "image");
          pictures.replace(who.user_id, picture, upload.path());
          return Response::json(200, accounts::private_account_json(accounts.me(who)));
        },
        {"Set your " + std::string(picture_name(picture)) +
             " (a JPEG, PNG or WebP body, or a form's file; cropped to fill " + shape + ")",
         "accounts", http::Access::user, "", "Account"},
        http::RouteOptions{body_limit, {}});

    router.add(
        Method::DELETE, path,
        [&pictures, &accounts, &auth, picture](Request& request) {
          const auto who = auth.require_user(request);
          pictures.remove(who.user_id, picture);
          return Response::json(200, accounts::private_account_json(accounts.me(who)));
        },
        {"Remove your " + std::string(picture_name(picture)), "accounts", http::Access::user, "", "Account"});
  }

  router.add(
      Method::GET, "/media/profiles/{user_id}/{file}",
      [&blobs](Request& request) {
        const auto key = ProfilePictures::key_of(request.param("user_id"), request.param("file"));
        if (key) {
          auto answer = blob::blob_response(request, blobs, *key, "image/jpeg", "public, max-age=31536000, immutable");
          if (answer) return std::move(*answer);
        }
        return Response::error(ErrorCode::not_found, "no such picture");
      },
      {"A user's avatar or banner (the URL in avatar_url / banner_url)", "accounts", http::Access::public_, "", ""});
}

}  // namespace marquee::profiles
