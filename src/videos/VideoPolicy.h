#pragma once
// Who may do what with a video, in one place so routes, feeds and search agree. Strangers
// who may not see a video are told it does not exist, so private ids never leak.
#include <string>

#include "accounts/Principal.h"
#include "videos/Video.h"

namespace marquee::videos {

// Any signed-in account may create video records for now; the upload work may restrict
// this to creators.
bool may_create_videos(const accounts::Principal& who);

// Public and unlisted videos are open to anyone holding the id; private ones and those held
// for review to the owner and moderators.
bool may_view(const accounts::Caller& caller, const Video& video);

// Throws 410 `removed` with the moderators' public reason when the video was taken down,
// unless the caller is a moderator (who reviews it and its appeal).
void require_not_removed(const accounts::Caller& caller, const Video& video);

// Throws 403 `age_restricted` (naming nothing of the video) when it is adult and the caller,
// neither its owner nor a moderator, has not passed the age gate (`gate_passed`).
void require_age_gate(const accounts::Caller& caller, const Video& video, bool gate_passed);

// Editing and deleting: the owner, or a moderator or admin.
bool may_manage(const accounts::Principal& who, const Video& video);

// Listing a channel shows drafts, unlisted and private videos only to its owner and to
// moderators; everyone else sees its public, published videos.
bool sees_whole_channel(const accounts::Caller& caller, const std::string& channel_owner_id);

}  // namespace marquee::videos
