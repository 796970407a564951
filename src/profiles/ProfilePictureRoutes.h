#pragma once
// PUT and DELETE /api/me/avatar and /api/me/banner (the caller's own pictures: an image as
// the body, or the file part of a form), and GET /media/profiles/{user_id}/{file}: a stored
// picture, public and cached for good (every picture has a name of its own).
#include "accounts/AccountService.h"
#include "accounts/RequestAuth.h"
#include "blob/BlobStore.h"
#include "http/Router.h"
#include "profiles/ProfilePictures.h"

namespace marquee::profiles {

void register_profile_picture_routes(http::Router& router, ProfilePictures& pictures, accounts::AccountService& accounts,
                                     blob::BlobStore& blobs, const accounts::RequestAuth& auth);

}  // namespace marquee::profiles
