#include "social/CommentRoutes.h"

#include "core/Json.h"
#include "http/QueryParams.h"
#include "social/CommentJson.h"
#include "social/RatingJson.h"

namespace marquee::social {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

CommentQuery query_from(const Request& request) {
  return {request.query("sort"), http::limit_param(request), request.query("cursor")};
}

}  // namespace

void register_comment_routes(http::Router& router, CommentService& comments, const accounts::RequestAuth& auth) {
  router.add(
      Method::GET, "/api/videos/{id}/comments",
      [&comments, &auth](Request& request) {
        auto page = comments.list(auth.caller(request), request.param("id"), query_from(request));
        return Response::json(200, comment_page_json(page));
      },
      {"A video's top-level comments, sort=newest (default) or top", "social", Access::public_, "", "CommentList"});

  auto post_comment = [&comments, &auth](Request& request) {
    auto author = auth.require_user(request);
    json::BodyReader body(request.body);
    CommentDraft draft{body.required_string("text"), body.optional_string("parent_id")};
    Comment comment = comments.post(author, request.param("id"), draft);
    Response response = Response::json(201, comment_json(comment));
    response.headers.set("Location", "/api/comments/" + comment.id);
    return response;
  };
  router.add(Method::POST, "/api/videos/{id}/comments", post_comment,
             {"Comment on a video, or reply to one of its comments with parent_id", "social", Access::user,
              "CommentCreate", "Comment", 201});
  router.add(Method::POST, "/api/videos/{id}/comment", post_comment,
             {"Alias of POST /api/videos/{id}/comments", "social", Access::user, "CommentCreate", "Comment", 201});

  router.add(
      Method::GET, "/api/comments/{id}",
      [&comments, &auth](Request& request) {
        return Response::json(200, comment_json(comments.get(auth.caller(request), request.param("id"))));
      },
      {"One comment (for links to it)", "social", Access::public_, "", "Comment"});

  router.add(
      Method::GET, "/api/comments/{id}/replies",
      [&comments, &auth](Request& request) {
        auto page = comments.replies(auth.caller(request), request.param("id"), query_from(request));
        return Response::json(200, comment_page_json(page));
      },
      {"A comment's direct replies, oldest first", "social", Access::public_, "", "CommentList"});

  router.add(
      Method::PATCH, "/api/comments/{id}",
      [&comments, &auth](Request& request) {
        auto editor = auth.require_user(request);
        std::string text = json::BodyReader(request.body).required_string("text");
        return Response::json(200, comment_json(comments.edit(editor, request.param("id"), text)));
      },
      {"Change a comment's text (its author only)", "social", Access::user, "CommentPatch", "Comment"});

  router.add(
      Method::DELETE, "/api/comments/{id}",
      [&comments, &auth](Request& request) {
        auto remover = auth.require_user(request);
        comments.remove(remover, request.param("id"));
        return Response::no_content();
      },
      {"Delete a comment and the replies under it (its author, the video's owner or a moderator)", "social",
       Access::user, "", "", 204});

  router.add(
      Method::POST, "/api/comments/{id}/like",
      [&comments, &auth](Request& request) {
        auto liker = auth.require_user(request);
        return Response::json(200, like_toggle_json(comments.toggle_like(liker, request.param("id"))));
      },
      {"Like a comment, or take the like back when the caller already likes it", "social", Access::user, "",
       "LikeToggle"});
}

}  // namespace marquee::social
