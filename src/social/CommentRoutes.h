#pragma once
// HTTP face of comments: a video's comments, replies, editing, deleting and liking them.
// Reads the request, asks CommentService, answers with comment_json.
#include "accounts/RequestAuth.h"
#include "http/Router.h"
#include "social/CommentService.h"

namespace marquee::social {

void register_comment_routes(http::Router& router, CommentService& comments, const accounts::RequestAuth& auth);

}  // namespace marquee::social
