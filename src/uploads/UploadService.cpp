#include "uploads/UploadService.h"

#include <openssl/evp.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <filesystem>

#include "core/Crypto.h"
#include "core/Error.h"
#include "core/Ids.h"
#include "core/Text.h"

namespace marquee::uploads {
namespace {

// How long a received upload may wait for its own node to hand it over before any node's
// housekeeper does (it runs every minute).
constexpr Millis kResumeAfterMs = 60'000;

std::optional<bool> flag_of(const UploadMetadata& m, const char* key) {
  auto it = m.find(key);
  if (it == m.end()) return std::nullopt;
  return it->second == "true" || it->second == "1" || it->second == "yes";
}

std::optional<std::string> text_of(const UploadMetadata& m, const char* key) {
  auto it = m.find(key);
  if (it == m.end()) return std::nullopt;
  return it->second;
}

// Nobody typed a file's name as a title, so what the title rules refuse in it (control,
// invisible and bidi characters, line separators) is dropped rather than refused.
std::string title_from_filename(const std::string& filename) {
  std::string base = std::filesystem::path(filename).filename().string();
  auto dot = base.rfind('.');
  if (dot != std::string::npos && dot > 0) base = base.substr(0, dot);
  if (!text::is_valid_utf8(base)) return "Untitled";
  std::u32string shown = text::decode_utf8(base);
  std::erase_if(shown, [](char32_t cp) {
    return text::is_control(cp) || text::is_invisible(cp) || cp == 0x2028 || cp == 0x2029;
  });
  base = text::trim_white_space(text::encode_utf8(shown));
  return text::is_blank_when_visible(base) ? "Untitled" : base;
}

bool is_video_type(const std::string& filetype) {
  if (filetype.empty() || filetype == "application/octet-stream") return true;
  return filetype.starts_with("video/") || filetype == "application/mp4" || filetype == "application/x-matroska";
}

}  // namespace

videos::VideoDraft draft_from_metadata(const UploadMetadata& m) {
  videos::VideoDraft draft;
  draft.title = text_of(m, "title");
  if (!draft.title || text::trim(*draft.title).empty()) {
    auto filename = text_of(m, "filename");
    if (!filename) filename = text_of(m, "name");
    draft.title = title_from_filename(filename.value_or(""));
  }
  draft.description = text_of(m, "description");
  if (auto tags = text_of(m, "tags")) {
    std::vector<std::string> list;
    std::size_t start = 0;
    while (start <= tags->size()) {
      auto comma = tags->find(',', start);
      if (comma == std::string::npos) comma = tags->size();
      std::string tag = text::trim(std::string_view(*tags).substr(start, comma - start));
      if (!tag.empty()) list.push_back(tag);
      start = comma + 1;
    }
    draft.tags = list;
  }
  draft.category = text_of(m, "category");
  draft.visibility = text_of(m, "visibility");
  draft.is_premium = flag_of(m, "is_premium");
  draft.is_adult = flag_of(m, "is_adult");
  return draft;
}

videos::VideoDraft draft_from_body(const json::BodyReader& body, const std::string& fallback_title) {
  videos::VideoDraft draft;
  draft.title = body.optional_string("title");
  if (!draft.title) draft.title = fallback_title;
  draft.description = body.optional_string("description");
  draft.tags = body.optional_string_array("tags");
  draft.category = body.optional_string("category");
  draft.visibility = body.optional_string("visibility");
  draft.is_premium = body.optional_bool("is_premium");
  draft.is_adult = body.optional_bool("is_adult");
  return draft;
}

struct UploadAppend::Impl {
  UploadService& service;
  Upload upload;
  UploadSpool::Writer writer;
  std::uint64_t start_offset;
  std::uint64_t synced_offset;  // recorded in the database (checkpoint() and finish() only)
  // What checkpoint(), running on another thread than write(), may look at: the offset up
  // to which the file has been written, and where the latest checkpoint began.
  std::atomic<std::uint64_t> written;
  std::atomic<std::uint64_t> checkpoint_from;
  std::optional<std::string> expected_sha1;
  // With a shared store: what it holds of the upload (touched by checkpoint() and finish()).
  std::optional<StoredParts::Progress> stored;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> sha{EVP_MD_CTX_new(), &EVP_MD_CTX_free};
  bool overflow = false;
  bool finished = false;

  Impl(UploadService& s, Upload u, const std::string& path, std::optional<std::string> sha1)
      : service(s),
        upload(std::move(u)),
        writer(path, upload.offset),
        start_offset(upload.offset),
        synced_offset(upload.offset),
        written(upload.offset),
        checkpoint_from(upload.offset),
        expected_sha1(std::move(sha1)) {
    EVP_DigestInit_ex(sha.get(), EVP_sha1(), nullptr);
  }
};

UploadAppend::UploadAppend(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

UploadAppend::~UploadAppend() {
  if (impl_) impl_->service.release(impl_->upload.id);
}

bool UploadAppend::write(std::string_view bytes) {
  auto& s = *impl_;
  if (s.writer.offset() + bytes.size() > s.upload.length) {
    s.overflow = true;
    return false;
  }
  if (s.expected_sha1) EVP_DigestUpdate(s.sha.get(), bytes.data(), bytes.size());
  bool ok = s.writer.write(bytes);
  s.written = s.writer.offset();
  return ok;
}

bool UploadAppend::checkpoint_due() const {
  // A checksummed request is all-or-nothing: its bytes count only once verified at the end.
  auto& s = *impl_;
  if (s.expected_sha1) return false;
  if (s.stored) return s.written - s.stored->parts_end() >= s.service.stored_->part_size();
  return s.written - s.checkpoint_from >= s.service.limits_.checkpoint_bytes;
}

void UploadAppend::checkpoint() {
  // Runs while write() goes on: only the bytes written before the fdatasync began are
  // known durable, so only they are recorded.
  auto& s = *impl_;
  std::uint64_t target = s.written;
  if (s.expected_sha1 || target == s.synced_offset) return;
  s.checkpoint_from = target;
  if (s.stored) {
    // Whole parts go to the shared store; what is left over waits for the next one.
    s.service.stored_->send_parts(s.upload, *s.stored, target);
    target = s.stored->parts_end();
    if (target <= s.synced_offset) return;
  } else {
    s.writer.sync();
  }
  Millis now = s.service.clock_.now_ms();
  if (!s.service.store_.advance(s.upload.id, s.synced_offset, target, now, now + s.service.limits_.expiry_ms)) {
    throw Error(ErrorCode::conflict, "upload offset moved underneath this request");
  }
  s.synced_offset = target;
}

Upload UploadAppend::finish(std::optional<std::uint64_t> actual_length) {
  auto& s = *impl_;
  if (s.finished) return s.upload;
  s.finished = true;
  if (s.expected_sha1) {
    std::string digest(EVP_MAX_MD_SIZE, '\0');
    unsigned int size = 0;
    EVP_DigestFinal_ex(s.sha.get(), reinterpret_cast<unsigned char*>(digest.data()), &size);
    digest.resize(size);
    if (digest != *s.expected_sha1) {
      checksum_mismatch_ = true;  // the bytes stay in the file but the offset does not move
      return s.upload;
    }
  }
  if (s.writer.offset() != s.synced_offset) {
    if (s.stored) {
      // Whole parts, then the rest as the tail: all of it durable before the offset moves.
      s.service.stored_->send_parts(s.upload, *s.stored, s.writer.offset());
      s.service.stored_->store_tail(s.upload, *s.stored, s.writer.offset());
    } else {
      s.writer.sync();
    }
    Millis now = s.service.clock_.now_ms();
    if (!s.service.store_.advance(s.upload.id, s.synced_offset, s.writer.offset(), now,
                                  now + s.service.limits_.expiry_ms)) {
      throw Error(ErrorCode::conflict, "upload offset moved underneath this request");
    }
    s.synced_offset = s.writer.offset();
  }
  s.upload.offset = s.synced_offset;
  // With a shared store every durable byte is there now; the next request, on whichever
  // node, starts from the stored tail, so this node keeps nothing.
  if (s.stored) s.service.spool_.remove(s.upload.id);
  if (s.writer.error() != 0) {
    throw Error(s.writer.error() == ENOSPC ? ErrorCode::insufficient_storage : ErrorCode::unavailable,
                "the server could not store the upload; resume from Upload-Offset " + std::to_string(s.upload.offset));
  }
  if (s.overflow) {
    throw Error(ErrorCode::payload_too_large, "body goes past Upload-Length " + std::to_string(s.upload.length));
  }
  if (actual_length && *actual_length == s.upload.offset && s.upload.offset < s.upload.length) {
    s.service.store_.conclude_at(s.upload.id, s.upload.offset, s.service.clock_.now_ms());
    s.upload.length = s.upload.offset;
  }
  if (s.upload.offset == s.upload.length) {
    s.upload.state = UploadState::received;
    s.service.complete(s.upload);
    s.upload.state = UploadState::done;
  }
  return s.upload;
}

UploadService::UploadService(db::Database& db, videos::VideoService& videos, UploadSpool& spool, const Clock& clock,
                             UploadLimits limits, UploadCompletion on_complete, StoredParts* stored)
    : store_(db),
      videos_(videos),
      spool_(spool),
      stored_(stored),
      clock_(clock),
      limits_(limits),
      on_complete_(std::move(on_complete)) {}

void UploadService::check_upload_allowed(const accounts::Principal& who) {
  if (!limits_.any_user_may_upload && !who.at_least(accounts::Role::creator)) {
    throw_forbidden("uploading needs the creator role");
  }
}

void UploadService::check_size_and_quota(const std::string& owner_id, std::uint64_t length,
                                         const std::string& filetype) {
  if (length > limits_.max_file_bytes) {
    throw Error(ErrorCode::payload_too_large,
                "upload of " + std::to_string(length) + " bytes exceeds the limit of " +
                    std::to_string(limits_.max_file_bytes),
                {{"max_bytes", std::to_string(limits_.max_file_bytes)}});
  }
  if (!is_video_type(filetype)) {
    throw Error(ErrorCode::unsupported_media_type, "only video files can be uploaded, not " + filetype);
  }
  if (limits_.user_quota_bytes > 0) {
    std::uint64_t used = store_.bytes_used_by(owner_id);
    if (used + length > limits_.user_quota_bytes) {
      throw Error(ErrorCode::insufficient_storage,
                  "storage quota exceeded: " + std::to_string(used) + " of " + std::to_string(limits_.user_quota_bytes) +
                      " bytes used",
                  {{"quota_bytes", std::to_string(limits_.user_quota_bytes)}, {"used_bytes", std::to_string(used)}});
    }
  }
}

std::string UploadService::target_video(const accounts::Principal& who, const std::optional<std::string>& video_id,
                                        const videos::VideoDraft& draft) {
  if (!video_id) return videos_.create(who, draft).id;
  auto video = videos_.get(who, *video_id);
  if (video.owner_id != who.user_id) throw_forbidden("only the owner can upload media for this video");
  if (video.status != videos::VideoStatus::draft && video.status != videos::VideoStatus::failed) {
    throw Error(ErrorCode::conflict, "this video already has media");
  }
  return video.id;
}

Upload UploadService::open_upload(const std::string& owner_id, const std::string& video_id, std::uint64_t length,
                                  const std::string& raw_metadata, const std::string& filename,
                                  const std::string& filetype, bool direct) {
  Upload upload;
  upload.id = new_public_id();
  upload.owner_id = owner_id;
  upload.video_id = video_id;
  upload.length = length;
  upload.metadata = raw_metadata;
  upload.filename = filename;
  upload.filetype = filetype;
  upload.created_at = upload.updated_at = clock_.now_ms();
  upload.expires_at = upload.created_at + limits_.expiry_ms;
  upload.direct = direct;
  if (!direct) spool_.create(upload.id);
  try {
    store_.insert(upload);
  } catch (...) {
    if (!direct) spool_.remove(upload.id);
    throw;
  }
  videos_.set_status(video_id, videos::VideoStatus::uploading);
  if (length == 0 && !direct) {
    upload.state = UploadState::received;
    complete(upload);
    upload.state = UploadState::done;
  }
  return upload;
}

Upload UploadService::create(const accounts::Principal& who, std::uint64_t length, const UploadMetadata& metadata,
                             const std::string& raw_metadata) {
  check_upload_allowed(who);
  std::string filetype = text_of(metadata, "filetype").value_or(text_of(metadata, "type").value_or(""));
  check_size_and_quota(who.user_id, length, filetype);
  if (stored_ && length > stored_->part_size() * 10'000) {
    // S3 takes at most 10,000 parts: refuse now, not at part 10,001.
    throw Error(ErrorCode::payload_too_large, "an upload holds at most 10,000 parts of blob.part_size_mib",
                {{"max_bytes", std::to_string(stored_->part_size() * 10'000)}});
  }
  std::string video_id = target_video(who, text_of(metadata, "video_id"), draft_from_metadata(metadata));
  std::string filename = text_of(metadata, "filename").value_or(text_of(metadata, "name").value_or(""));
  return open_upload(who.user_id, video_id, length, raw_metadata, filename, filetype);
}

UploadService::Ticket UploadService::issue_ticket(const accounts::Principal& who,
                                                  const std::optional<std::string>& video_id,
                                                  const videos::VideoDraft& draft) {
  check_upload_allowed(who);
  Ticket ticket;
  ticket.video_id = target_video(who, video_id, draft);
  ticket.token = new_secret_token();
  ticket.expires_at = clock_.now_ms() + 3'600'000;
  store_.insert_ticket(crypto::to_hex(crypto::sha256(ticket.token)),
                       {who.user_id, ticket.video_id, limits_.max_file_bytes, ticket.expires_at});
  return ticket;
}

std::pair<Upload, accounts::Principal> UploadService::redeem_ticket(const std::string& token, std::uint64_t length,
                                                                    const std::string& filetype) {
  if (token.empty() || token.size() > 128) throw_not_found("upload ticket");
  auto ticket = store_.redeem_ticket(crypto::to_hex(crypto::sha256(token)), clock_.now_ms());
  if (!ticket) throw_not_found("upload ticket");
  check_size_and_quota(ticket->owner_id, length, filetype);
  accounts::Principal owner{ticket->owner_id, "", accounts::Role::creator, false};
  return {open_upload(ticket->owner_id, ticket->video_id, length, "", "", filetype), owner};
}

Upload UploadService::load_owned(const accounts::Principal& who, const std::string& id) {
  if (!looks_like_public_id(id)) throw_not_found("upload");
  auto upload = store_.find(id);
  if (!upload || upload->owner_id != who.user_id) throw_not_found("upload");
  if (upload->state == UploadState::receiving && upload->expires_at <= clock_.now_ms()) throw_not_found("upload");
  return *upload;
}

Upload UploadService::get(const accounts::Principal& who, const std::string& id) { return load_owned(who, id); }

std::unique_ptr<UploadAppend> UploadService::append(const accounts::Principal& who, const std::string& id,
                                                    std::uint64_t offset, std::optional<std::string> sha1) {
  Upload upload = load_owned(who, id);
  {
    std::lock_guard lock(busy_mutex_);
    if (!busy_.insert(id).second) throw Error(ErrorCode::conflict, "another request is writing to this upload", {{"locked", "true"}});
  }
  try {
    upload = load_owned(who, id);  // fresh, now that we hold the lock
    if (upload.state != UploadState::receiving) throw Error(ErrorCode::conflict, "upload is already complete");
    if (upload.direct) throw Error(ErrorCode::conflict, "this upload's bytes go to its presigned URLs");
    if (offset != upload.offset) {
      throw Error(ErrorCode::conflict, "Upload-Offset " + std::to_string(offset) + " does not match the upload's " +
                                           std::to_string(upload.offset));
    }
    std::optional<StoredParts::Progress> stored;
    if (stored_) {
      // The upload may have begun on another node: bring back the bytes past its last part.
      stored = stored_->load(upload);
      stored_->restore_tail(upload, *stored);
    }
    auto impl = std::make_unique<UploadAppend::Impl>(*this, upload, spool_.path_of(id), std::move(sha1));
    impl->stored = std::move(stored);
    return std::unique_ptr<UploadAppend>(new UploadAppend(std::move(impl)));
  } catch (...) {
    release(id);
    throw;
  }
}

void UploadService::release(const std::string& id) {
  std::lock_guard lock(busy_mutex_);
  busy_.erase(id);
}

void UploadService::complete(const Upload& upload) {
  std::string path = spool_.path_of(upload.id);
  // Bytes past the length can be left from a crash before an offset was recorded.
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && std::filesystem::file_size(path, ec) > upload.length) {
    std::filesystem::resize_file(path, upload.length, ec);
  }
  if (stored_ && !upload.direct) {
    // Any node may finish it (after a crash, the housekeeper of another): the last part
    // comes from the stored tail, and the source is committed in the store, where the
    // completion handler finds it (there is no local file left to hand over). A source
    // committed before a crash is not committed again. A direct upload's source is in the
    // store already.
    StoredParts::Progress progress = stored_->load(upload);
    stored_->complete(upload, progress);
    spool_.remove(upload.id);
  }
  on_complete_(upload, path);
  store_.set_state(upload.id, UploadState::done, clock_.now_ms());
  spool_.remove(upload.id);
}

void UploadService::terminate(const accounts::Principal& who, const std::string& id) {
  Upload upload = load_owned(who, id);
  if (upload.state != UploadState::receiving) throw Error(ErrorCode::conflict, "upload is already complete");
  {
    std::lock_guard lock(busy_mutex_);
    if (busy_.count(id)) throw Error(ErrorCode::conflict, "another request is writing to this upload", {{"locked", "true"}});
  }
  discard_bytes(upload);
  store_.remove(id);
  spool_.remove(id);
  videos_.set_status(upload.video_id, videos::VideoStatus::draft);
}

Upload UploadService::create_direct(const accounts::Principal& who, std::uint64_t length, const std::string& filetype,
                                    const std::string& filename, const std::optional<std::string>& video_id,
                                    const videos::VideoDraft& draft) {
  check_upload_allowed(who);
  check_size_and_quota(who.user_id, length, filetype);
  if (length == 0) throw Error(ErrorCode::validation_failed, "size must be at least 1 byte", {{"field", "size"}});
  std::string target = target_video(who, video_id, draft);
  return open_upload(who.user_id, target, length, "", filename, filetype, true);
}

void UploadService::complete_direct(const Upload& upload) {
  Millis now = clock_.now_ms();
  if (!store_.advance(upload.id, 0, upload.length, now, now + limits_.expiry_ms)) {
    throw Error(ErrorCode::conflict, "this upload is already complete");
  }
  Upload received = upload;
  received.offset = upload.length;
  received.state = UploadState::received;
  on_complete_(received, spool_.path_of(upload.id));  // no file here: the handler finds the source in the store
  store_.set_state(upload.id, UploadState::done, clock_.now_ms());
}

void UploadService::reject_direct(const Upload& upload, const std::string& reason) {
  discard_bytes(upload);
  store_.remove(upload.id);
  videos_.set_status(upload.video_id, videos::VideoStatus::draft, reason);
}

void UploadService::discard_bytes(const Upload& upload) {
  if (!stored_) return;
  try {
    stored_->discard(upload);
  } catch (const std::exception& e) {
    spdlog::warn("upload {}: could not drop its stored parts: {}", upload.id, e.what());
  }
}

int UploadService::remove_expired() {
  int removed = 0;
  // A node killed mid-request leaves its buffer behind; the upload itself is in the store.
  if (stored_) spool_.remove_untouched_for(std::chrono::hours(1));
  for (const auto& upload : store_.expired(clock_.now_ms(), 500)) {
    {
      std::lock_guard lock(busy_mutex_);
      if (busy_.count(upload.id)) continue;
    }
    discard_bytes(upload);
    store_.remove(upload.id);
    spool_.remove(upload.id);
    videos_.set_status(upload.video_id, videos::VideoStatus::draft, "upload expired before it completed");
    spdlog::info("removed expired upload {} of video {}", upload.id, upload.video_id);
    ++removed;
  }
  return removed;
}

int UploadService::resume_completed() {
  int resumed = 0;
  // Only uploads left received for a while: the node that received the last byte is
  // completing the fresh ones, and two nodes completing one upload would race. A node
  // claims one by moving its updated_at, so two housekeepers never take the same.
  const Millis now = clock_.now_ms();
  for (const auto& upload : store_.in_state(UploadState::received, 500)) {
    if (upload.updated_at > now - kResumeAfterMs || !store_.claim(upload.id, upload.updated_at, now)) continue;
    try {
      complete(upload);
      ++resumed;
    } catch (const std::exception& e) {
      spdlog::error("could not hand over completed upload {}: {}", upload.id, e.what());
    }
  }
  return resumed;
}

}  // namespace marquee::uploads
