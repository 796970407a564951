#include "uploads/DirectUploads.h"

#include "blob/MultipartUploads.h"
#include "core/Error.h"
#include "media/Probe.h"

namespace marquee::uploads {
namespace {

constexpr std::size_t kMaxParts = 10'000;

}  // namespace

DirectUploads::DirectUploads(UploadService& uploads, blob::BlobStore& store, StoredParts* stored,
                             std::chrono::seconds url_ttl)
    : uploads_(uploads), store_(store), stored_(stored), url_ttl_(url_ttl) {}

DirectUploads::Grant DirectUploads::begin(const accounts::Principal& who, std::uint64_t size,
                                          const std::string& content_type, const std::string& filename,
                                          const std::optional<std::string>& video_id,
                                          const videos::VideoDraft& draft) {
  uploads_.check_upload_allowed(who);
  if (!stored_ || !store_.multipart()) {
    throw Error(ErrorCode::conflict,
                "direct-to-storage uploads need an S3 store (blobs = s3://…); upload with tus or /api/uploads/ticket");
  }
  blob::MultipartUploads& multipart = *store_.multipart();
  const std::uint64_t part_size = multipart.part_size();
  if (size > part_size * kMaxParts) {
    throw Error(ErrorCode::payload_too_large, "a direct upload holds at most 10,000 parts of blob.part_size_mib");
  }
  Grant grant;
  grant.upload = uploads_.create_direct(who, size, content_type, filename, video_id, draft);
  grant.content_type = content_type;
  grant.urls_expire_at = grant.upload.created_at + std::chrono::duration_cast<std::chrono::milliseconds>(url_ttl_).count();
  const std::string key = direct_upload_key(grant.upload.id);
  try {
    if (size <= part_size) {
      grant.url = store_.direct_url(key, "PUT", url_ttl_, content_type).value();
    } else {
      const std::string multipart_id = multipart.begin_multipart(key);
      stored_->set_multipart_id(grant.upload, multipart_id);
      grant.part_size = part_size;
      const std::uint64_t parts = (size + part_size - 1) / part_size;
      for (std::uint64_t number = 1; number <= parts; ++number) {
        grant.part_urls.push_back(multipart.part_url(key, multipart_id, static_cast<int>(number), url_ttl_));
      }
    }
  } catch (...) {
    uploads_.reject_direct(grant.upload, "the direct upload could not be prepared");
    throw;
  }
  return grant;
}

Upload DirectUploads::complete(const accounts::Principal& who, const std::string& upload_id,
                               const std::vector<std::string>& etags) {
  Upload upload = uploads_.get(who, upload_id);
  if (!upload.direct || !stored_) throw_not_found("direct upload");
  if (upload.state != UploadState::receiving) throw Error(ErrorCode::conflict, "this upload is already complete");
  const std::string key = direct_upload_key(upload.id);
  const std::string multipart_id = stored_->multipart_id_of(upload);
  if (!multipart_id.empty()) {
    const std::uint64_t part_size = store_.multipart()->part_size();
    const std::size_t parts = static_cast<std::size_t>((upload.length + part_size - 1) / part_size);
    if (etags.size() != parts) {
      throw Error(ErrorCode::validation_failed,
                  "send the ETag of each of the " + std::to_string(parts) + " parts, in order",
                  {{"field", "parts"}});
    }
    try {
      store_.multipart()->complete_multipart(key, multipart_id, etags);
    } catch (const Error& e) {
      // A missing or wrong part: the client may send it again and complete once more.
      throw Error(ErrorCode::unprocessable, std::string("the store refused the parts: ") + e.what());
    }
  }
  verify(upload);
  // Verified bytes become the source by a copy inside the store; the URLs the client holds
  // name the staging key, so nothing it sends later reaches the source.
  store_.multipart()->copy_object(key, blob::blob_keys::source(upload.video_id), upload.length);
  store_.remove_prefix(upload_prefix(upload.id));
  uploads_.complete_direct(upload);
  upload.offset = upload.length;
  upload.state = UploadState::done;
  return upload;
}

void DirectUploads::verify(const Upload& upload) {
  const std::string key = direct_upload_key(upload.id);
  auto info = store_.stat(key);
  if (!info) throw Error(ErrorCode::conflict, "nothing has been uploaded yet: PUT the bytes to the URL first");
  std::string problem;
  if (info->size != upload.length) {
    problem = "the stored object has " + std::to_string(info->size) + " bytes, not the " +
              std::to_string(upload.length) + " declared";
  } else {
    try {
      media::ProbeOptions options;
      options.allow_http = true;
      media::probe_media(store_.direct_url(key, "GET", std::chrono::minutes(5)).value(), options);
    } catch (const Error& e) {
      problem = e.what();
    }
  }
  if (!problem.empty()) {
    uploads_.reject_direct(upload, problem);
    throw Error(ErrorCode::unprocessable, problem);
  }
}

}  // namespace marquee::uploads
