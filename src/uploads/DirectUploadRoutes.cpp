#include "uploads/DirectUploadRoutes.h"

#include <boost/json.hpp>

#include "core/Error.h"
#include "core/Json.h"
#include "core/TimeCursor.h"

namespace marquee::uploads {
namespace {

using http::Method;
using http::Request;
using http::Response;

std::string complete_url(const Upload& upload) { return "/api/uploads/presigned/" + upload.id + "/complete"; }

}  // namespace

void register_direct_upload_routes(http::Router& router, DirectUploads& direct, const accounts::RequestAuth& auth) {
  router.add(
      Method::POST, "/api/uploads/presigned",
      [&direct, &auth](Request& req) {
        accounts::Principal who = auth.require_user(req);
        json::BodyReader body(req.body);
        const auto size = body.optional_int("size");
        if (!size || *size <= 0) {
          throw Error(ErrorCode::validation_failed, "size (bytes, at least 1) is required", {{"field", "size"}});
        }
        std::string type = body.optional_string("content_type").value_or("");
        if (type.empty()) type = "video/mp4";  // always signed into the URL: the object's type is ours
        if (type.size() > 100 || type.find_first_of("\r\n") != std::string::npos) {
          throw Error(ErrorCode::validation_failed, "content_type is not a media type", {{"field", "content_type"}});
        }
        auto grant = direct.begin(who, static_cast<std::uint64_t>(*size), type, body.optional_string("filename").value_or(""),
                                  body.optional_string("video_id"),
                                  draft_from_body(body, body.optional_string("filename").value_or("Untitled")));
        boost::json::object out{{"upload_id", grant.upload.id},
                                {"video_id", grant.upload.video_id},
                                {"size", grant.upload.length},
                                {"complete_url", complete_url(grant.upload)},
                                {"expires_at", to_rfc3339(grant.urls_expire_at)}};
        if (grant.part_urls.empty()) {
          out["method"] = "PUT";
          out["url"] = grant.url;
          out["headers"] = boost::json::object{{"Content-Type", grant.content_type}};
        } else {
          boost::json::array parts;
          for (std::size_t i = 0; i < grant.part_urls.size(); ++i) {
            parts.push_back({{"part_number", i + 1}, {"url", grant.part_urls[i]}});
          }
          out["method"] = "PUT";
          out["part_size"] = grant.part_size;
          out["parts"] = std::move(parts);
        }
        return Response::json(201, out);
      },
      {"Presigned URLs to PUT a video's bytes straight to the object store (S3 stores only)", "uploads",
       http::Access::user, "PresignedUploadRequest", "PresignedUpload", 201});

  router.add(
      Method::POST, "/api/uploads/presigned/{id}/complete",
      [&direct, &auth](Request& req) {
        accounts::Principal who = auth.require_user(req);
        json::BodyReader body(req.body);
        std::vector<std::string> etags;
        if (auto parts = body.object().if_contains("parts")) {
          if (!parts->is_array()) throw Error(ErrorCode::bad_request, "parts must be an array", {{"field", "parts"}});
          for (std::size_t i = 0; i < parts->as_array().size(); ++i) {
            const auto& part = parts->as_array()[i];
            const auto* object = part.if_object();
            const auto* etag = object ? object->if_contains("etag") : nullptr;
            const auto* number = object ? object->if_contains("part_number") : nullptr;
            if (!etag || !etag->is_string() || etag->as_string().size() > 200 || !number || !number->is_int64() ||
                number->as_int64() != static_cast<std::int64_t>(i + 1)) {
              throw Error(ErrorCode::validation_failed, "parts are {part_number, etag}, numbered from 1 in order",
                          {{"field", "parts"}});
            }
            etags.emplace_back(etag->as_string());
          }
        }
        Upload upload = direct.complete(who, req.param("id"), etags);
        return Response::json(200, boost::json::object{{"upload_id", upload.id}, {"video_id", upload.video_id},
                                                       {"status", "queued"}});
      },
      {"Verify a direct upload's object (size, probe) and start processing it", "uploads", http::Access::user,
       "PresignedUploadComplete", "PresignedUploadDone"});
}

}  // namespace marquee::uploads
