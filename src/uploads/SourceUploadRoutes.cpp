#include "uploads/SourceUploadRoutes.h"

#include <boost/json.hpp>

#include <charconv>

#include "core/Error.h"
#include "core/Json.h"
#include "core/Text.h"
#include "uploads/MultipartFileReader.h"
#include "videos/VideoJson.h"

namespace marquee::uploads {
namespace {

using http::Method;
using http::Request;
using http::Response;

std::uint64_t content_length(const Request& req) {
  auto value = req.header("Content-Length");
  if (!value) throw Error(ErrorCode::bad_request, "Content-Length is required for this upload");
  std::uint64_t n = 0;
  auto [ptr, ec] = std::from_chars(value->data(), value->data() + value->size(), n);
  if (ec != std::errc() || ptr != value->data() + value->size()) {
    throw Error(ErrorCode::bad_request, "Content-Length must be a number");
  }
  return n;
}

// One request carrying a whole source file, raw or as the file part of a form.
class WholeFileSink final : public http::BodySink {
 public:
  WholeFileSink(UploadService& uploads, videos::VideoService& videos, accounts::Principal owner, Upload upload,
                std::unique_ptr<UploadAppend> append, std::optional<std::string> boundary)
      : uploads_(uploads),
        videos_(videos),
        owner_(std::move(owner)),
        upload_(std::move(upload)),
        append_(std::move(append)) {
    if (boundary) {
      form_.emplace(*boundary, [this](std::string_view bytes) { return append_->write(bytes); });
    }
  }

  bool write(std::string_view chunk) override { return form_ ? form_->feed(chunk) : append_->write(chunk); }
  bool checkpoint_due() const override { return append_->checkpoint_due(); }
  void checkpoint() override { append_->checkpoint(); }

  Response finish(bool body_complete) override {
    try {
      if (!body_complete) throw Error(ErrorCode::bad_request, "the upload did not arrive whole");
      if (form_) {
        if (!form_->error().empty()) throw Error(ErrorCode::bad_request, form_->error());
        if (!form_->file_complete()) throw Error(ErrorCode::bad_request, "the form has no complete file part");
        append_->finish(form_->file_bytes());
      } else {
        append_->finish();
      }
      append_.reset();
      auto video = videos_.find(upload_.video_id);
      if (!video) throw_not_found("video");
      return Response::json(201, videos::video_json(*video));
    } catch (...) {
      // Nothing is kept of a failed one-shot upload.
      append_.reset();
      try {
        uploads_.terminate(owner_, upload_.id);
      } catch (const std::exception&) {
      }
      throw;
    }
  }

 private:
  UploadService& uploads_;
  videos::VideoService& videos_;
  accounts::Principal owner_;
  Upload upload_;
  std::unique_ptr<UploadAppend> append_;
  std::optional<MultipartFileReader> form_;
};

}  // namespace

void register_source_upload_routes(http::Router& router, UploadService& uploads, videos::VideoService& videos,
                                   const accounts::RequestAuth& auth) {
  http::RouteOptions big{static_cast<std::int64_t>(uploads.limits().max_file_bytes) + 64 * 1024};

  router.add_streaming(
      Method::POST, "/api/videos/{id}/source",
      [&uploads, &videos, &auth](Request& req) -> std::unique_ptr<http::BodySink> {
        accounts::Principal who = auth.require_user(req);
        std::string type(req.header("Content-Type").value_or("application/octet-stream"));
        auto boundary = multipart_boundary(type);
        if (!boundary && text::lower_ascii(type).starts_with("multipart/")) {
          throw Error(ErrorCode::bad_request, "multipart uploads need multipart/form-data with a boundary");
        }
        std::uint64_t length = content_length(req);
        UploadMetadata metadata{{"video_id", req.param("id")}};
        if (!boundary) metadata["filetype"] = type;
        Upload upload = uploads.create(who, length, metadata, "");
        auto append = uploads.append(who, upload.id, 0, std::nullopt);
        return std::make_unique<WholeFileSink>(uploads, videos, who, upload, std::move(append), boundary);
      },
      {"Upload a video's source in one request (raw body or multipart/form-data)", "uploads", http::Access::user, "",
       "Video", 201},
      big);

  router.add(
      Method::POST, "/api/uploads/ticket",
      [&uploads, &auth](Request& req) {
        accounts::Principal who = auth.require_user(req);
        json::BodyReader body(req.body);
        auto ticket = uploads.issue_ticket(who, body.optional_string("video_id"), draft_from_body(body));
        boost::json::object out{{"video_id", ticket.video_id},
                                {"upload_url", "/api/uploads/ticket/" + ticket.token},
                                {"method", "PUT"},
                                {"headers", boost::json::object{{"Content-Type", "application/octet-stream"}}},
                                {"max_bytes", uploads.limits().max_file_bytes},
                                {"expires_at", to_rfc3339(ticket.expires_at)}};
        return Response::json(201, out);
      },
      {"A one-time URL to PUT a video's bytes to (direct upload)", "uploads", http::Access::user, "UploadTicketRequest",
       "UploadTicket", 201});

  router.add_streaming(
      Method::PUT, "/api/uploads/ticket/{token}",
      [&uploads, &videos](Request& req) -> std::unique_ptr<http::BodySink> {
        std::uint64_t length = content_length(req);
        std::string type(req.header("Content-Type").value_or("application/octet-stream"));
        auto [upload, owner] = uploads.redeem_ticket(req.param("token"), length, type);
        auto append = uploads.append(owner, upload.id, 0, std::nullopt);
        return std::make_unique<WholeFileSink>(uploads, videos, owner, upload, std::move(append), std::nullopt);
      },
      {"The one-time direct-upload URL (the ticket is the credential)", "uploads", http::Access::public_, "", "Video",
       201},
      big);
}

}  // namespace marquee::uploads
