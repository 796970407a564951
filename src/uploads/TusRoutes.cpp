#include "uploads/TusRoutes.h"

#include <charconv>

#include "core/Crypto.h"
#include "core/Error.h"
#include "http/FileResponse.h"

namespace marquee::uploads {
namespace {

using http::Method;
using http::Request;
using http::Response;

constexpr const char* kVersion = "1.0.0";
constexpr const char* kExtensions = "creation,creation-with-upload,termination,expiration,checksum";
constexpr const char* kOctetStream = "application/offset+octet-stream";

Response& tus(Response& r) {
  r.headers.set("Tus-Resumable", kVersion);
  r.headers.set("Cache-Control", "no-store");
  return r;
}

void require_tus_version(const Request& req) {
  auto version = req.header("Tus-Resumable");
  if (!version || *version != kVersion) {
    throw Error(ErrorCode::validation_failed, "Tus-Resumable: 1.0.0 is required", {{"tus_version", kVersion}});
  }
}

std::uint64_t header_number(const Request& req, const char* name) {
  auto value = req.header(name);
  if (!value) throw Error(ErrorCode::bad_request, std::string(name) + " header is required");
  std::uint64_t out = 0;
  auto [ptr, ec] = std::from_chars(value->data(), value->data() + value->size(), out);
  if (ec != std::errc() || ptr != value->data() + value->size()) {
    throw Error(ErrorCode::bad_request, std::string(name) + " must be a non-negative integer");
  }
  return out;
}

// Upload-Checksum: "sha1 <base64 digest>".
std::optional<std::string> parse_checksum(const Request& req) {
  auto header = req.header("Upload-Checksum");
  if (!header) return std::nullopt;
  auto space = header->find(' ');
  if (space == std::string_view::npos) throw Error(ErrorCode::bad_request, "Upload-Checksum must be 'sha1 <base64>'");
  if (header->substr(0, space) != "sha1") {
    throw Error(ErrorCode::bad_request, "unsupported checksum algorithm; use sha1");
  }
  auto digest = crypto::base64_decode(header->substr(space + 1));
  if (!digest || digest->size() != 20) throw Error(ErrorCode::bad_request, "Upload-Checksum digest is not a sha1");
  return digest;
}

bool has_body(const Request& req) {
  auto length = req.header("Content-Length");
  if (length) return *length != "0";
  return req.header("Transfer-Encoding").has_value();
}

void describe(Response& r, const Upload& upload) {
  r.headers.set("Upload-Offset", std::to_string(upload.offset));
  r.headers.set("Upload-Length", std::to_string(upload.length));
  r.headers.set("Upload-Expires", http::http_date(upload.expires_at));
  r.headers.set("Marquee-Video-Id", upload.video_id);
}

// Feeds one request's bytes to an UploadAppend and answers in tus terms.
class AppendSink final : public http::BodySink {
 public:
  AppendSink(std::unique_ptr<UploadAppend> append, int success_status, std::string location)
      : append_(std::move(append)), success_status_(success_status), location_(std::move(location)) {}

  bool write(std::string_view chunk) override { return append_->write(chunk); }
  bool checkpoint_due() const override { return append_->checkpoint_due(); }
  void checkpoint() override { append_->checkpoint(); }

  Response finish(bool) override {
    Response r;
    try {
      Upload upload = append_->finish();
      if (append_->checksum_mismatch()) {
        r = Response::error(ErrorCode::validation_failed, "Upload-Checksum does not match the body; resend it");
        r.status = 460;
      } else {
        r.status = success_status_;
        describe(r, upload);
        if (!location_.empty()) r.headers.set("Location", location_);
      }
    } catch (const Error& e) {
      r = Response::error(e.code(), e.what(), e.details());
    }
    return tus(r);
  }

 private:
  std::unique_ptr<UploadAppend> append_;
  int success_status_;
  std::string location_;
};

// Answers with a response decided before the body: a refusal, or a creation without
// body. Any body bytes are not read.
class FixedResponseSink final : public http::BodySink {
 public:
  explicit FixedResponseSink(Response response) : response_(std::move(response)) {}
  bool wants_body() const override { return false; }
  bool write(std::string_view) override { return false; }
  Response finish(bool) override { return response_; }

 private:
  Response response_;
};

Response tus_error(const Error& e) {
  Response r = Response::error(e.code(), e.what(), e.details());
  if (e.details().count("tus_version")) {
    r.status = 412;
    r.headers.set("Tus-Version", kVersion);
  }
  if (e.details().count("locked")) r.status = 423;
  return tus(r);
}

}  // namespace

void register_tus_routes(http::Router& router, UploadService& uploads, const accounts::RequestAuth& auth) {
  http::RouteOptions big{static_cast<std::int64_t>(uploads.limits().max_file_bytes)};

  router.add(
      Method::OPTIONS, "/api/uploads",
      [&uploads](Request&) {
        Response r = Response::no_content();
        r.headers.set("Tus-Version", kVersion);
        r.headers.set("Tus-Extension", kExtensions);
        r.headers.set("Tus-Max-Size", std::to_string(uploads.limits().max_file_bytes));
        r.headers.set("Tus-Checksum-Algorithm", "sha1");
        return tus(r);
      },
      {"tus capabilities", "uploads", http::Access::public_, "", "", 204});

  router.add_streaming(
      Method::POST, "/api/uploads",
      [&uploads, &auth](Request& req) -> std::unique_ptr<http::BodySink> {
        try {
          require_tus_version(req);
          accounts::Principal who = auth.require_user(req);
          if (req.header("Upload-Defer-Length")) {
            throw Error(ErrorCode::bad_request, "Upload-Defer-Length is not supported; send Upload-Length");
          }
          std::uint64_t length = header_number(req, "Upload-Length");
          std::string raw = std::string(req.header("Upload-Metadata").value_or(""));
          auto metadata = parse_upload_metadata(raw);
          bool body = has_body(req);
          if (body && req.header("Content-Type") != std::optional<std::string_view>(kOctetStream)) {
            throw Error(ErrorCode::unsupported_media_type, std::string("Content-Type must be ") + kOctetStream);
          }
          Upload upload = uploads.create(who, length, metadata, raw);
          std::string location = "/api/uploads/" + upload.id;
          if (body && upload.length > 0) {
            return std::make_unique<AppendSink>(uploads.append(who, upload.id, 0, parse_checksum(req)), 201, location);
          }
          Response r;
          r.status = 201;
          describe(r, upload);
          r.headers.set("Location", location);
          return std::make_unique<FixedResponseSink>(tus(r));
        } catch (const Error& e) {
          return std::make_unique<FixedResponseSink>(tus_error(e));
        }
      },
      {"Create a resumable upload (tus creation, creation-with-upload)", "uploads", http::Access::user, "", "", 201},
      big);

  router.add(
      Method::HEAD, "/api/uploads/{id}",
      [&uploads, &auth](Request& req) {
        try {
          require_tus_version(req);
          Upload upload = uploads.get(auth.require_user(req), req.param("id"));
          Response r;
          r.status = 200;
          describe(r, upload);
          if (!upload.metadata.empty()) r.headers.set("Upload-Metadata", upload.metadata);
          return tus(r);
        } catch (const Error& e) {
          return tus_error(e);
        }
      },
      {"Durable offset of an upload (tus HEAD)", "uploads", http::Access::user, "", ""});

  router.add_streaming(
      Method::PATCH, "/api/uploads/{id}",
      [&uploads, &auth](Request& req) -> std::unique_ptr<http::BodySink> {
        try {
          require_tus_version(req);
          accounts::Principal who = auth.require_user(req);
          if (req.header("Content-Type") != std::optional<std::string_view>(kOctetStream)) {
            throw Error(ErrorCode::unsupported_media_type, std::string("Content-Type must be ") + kOctetStream);
          }
          std::uint64_t offset = header_number(req, "Upload-Offset");
          return std::make_unique<AppendSink>(uploads.append(who, req.param("id"), offset, parse_checksum(req)), 204,
                                              "");
        } catch (const Error& e) {
          return std::make_unique<FixedResponseSink>(tus_error(e));
        }
      },
      {"Append bytes at Upload-Offset (tus PATCH)", "uploads", http::Access::user, "", "", 204}, big);

  router.add(
      Method::DELETE, "/api/uploads/{id}",
      [&uploads, &auth](Request& req) {
        try {
          require_tus_version(req);
          uploads.terminate(auth.require_user(req), req.param("id"));
          Response r = Response::no_content();
          return tus(r);
        } catch (const Error& e) {
          return tus_error(e);
        }
      },
      {"Abandon an upload (tus termination)", "uploads", http::Access::user, "", "", 204});
}

}  // namespace marquee::uploads
