#include "uploads/StoredParts.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>

#include "core/Error.h"

namespace marquee::uploads {

std::string upload_prefix(const std::string& upload_id) { return "uploads/" + upload_id; }

std::string direct_upload_key(const std::string& upload_id) { return upload_prefix(upload_id) + "/direct"; }

std::string upload_tail_key(const std::string& upload_id, std::uint64_t from, std::uint64_t to) {
  return upload_prefix(upload_id) + "/tail-" + std::to_string(from) + "-" + std::to_string(to);
}

StoredParts::StoredParts(blob::BlobStore& store, db::Database& db, UploadSpool& spool)
    : store_(store), parts_(*store.multipart()), db_(db), spool_(spool), part_size_(store.multipart()->part_size()) {}

StoredParts::Progress StoredParts::load(const Upload& upload) {
  Progress progress;
  progress.part_size = part_size_;
  auto row = db_.query("SELECT store_upload_id FROM uploads WHERE id = ?", {upload.id});
  if (!row.empty() && !row.front().is_null("store_upload_id")) progress.multipart_id = row.front().str("store_upload_id");
  auto parts = db_.query(
      "SELECT part_number, end_offset, etag FROM upload_parts WHERE upload_id = ? AND end_offset <= ? "
      "ORDER BY part_number",
      {upload.id, static_cast<std::int64_t>(upload.offset)});
  for (auto part : parts) {
    const auto number = static_cast<std::size_t>(part.i64("part_number"));
    const auto end = static_cast<std::uint64_t>(part.i64("end_offset"));
    if (number != progress.etags.size() + 1 || end != number * part_size_) {
      // Parts of another part size (the setting changed mid-upload) cannot be reused.
      throw Error(ErrorCode::conflict, "this upload was begun with another blob.part_size_mib; start it again");
    }
    progress.etags.push_back(part.str("etag"));
  }
  return progress;
}

void StoredParts::restore_tail(const Upload& upload, const Progress& progress) {
  spool_.ensure(upload.id);
  if (upload.offset == progress.parts_end()) return;
  const std::uint64_t length = upload.offset - progress.parts_end();
  const std::string bytes = store_.read(upload_tail_key(upload.id, progress.parts_end(), upload.offset), 0, length);
  if (bytes.size() != length) {
    throw Error(ErrorCode::unavailable, "the stored tail of upload " + upload.id + " is shorter than its offset");
  }
  const std::string path = spool_.path_of(upload.id);
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) throw Error(ErrorCode::unavailable, "cannot open upload file: " + std::string(std::strerror(errno)));
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::pwrite(fd, bytes.data() + done, bytes.size() - done,
                               static_cast<off_t>(progress.parts_end() + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      throw Error(err == ENOSPC ? ErrorCode::insufficient_storage : ErrorCode::unavailable,
                  "cannot write upload file: " + std::string(std::strerror(err)));
    }
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
}

std::string StoredParts::multipart_id(const Upload& upload, Progress& progress) {
  if (!progress.multipart_id.empty()) return progress.multipart_id;
  const std::string key = blob::blob_keys::source(upload.video_id);
  std::string fresh = parts_.begin_multipart(key);
  db_.execute("UPDATE uploads SET store_upload_id = ? WHERE id = ? AND store_upload_id IS NULL", {fresh, upload.id});
  auto row = db_.query("SELECT store_upload_id FROM uploads WHERE id = ?", {upload.id});
  if (row.empty()) throw Error(ErrorCode::not_found, "upload not found");
  progress.multipart_id = row.front().str("store_upload_id");
  if (progress.multipart_id != fresh) {
    try {
      parts_.abort_multipart(key, fresh);  // another node began one first
    } catch (const Error&) {
    }
  }
  return progress.multipart_id;
}

void StoredParts::send_parts(const Upload& upload, Progress& progress, std::uint64_t up_to) {
  const std::string key = blob::blob_keys::source(upload.video_id);
  const std::string path = spool_.path_of(upload.id);
  while (up_to >= progress.parts_end() + part_size_) {
    const int number = static_cast<int>(progress.etags.size()) + 1;
    std::string etag =
        parts_.put_part_from_file(key, multipart_id(upload, progress), number, path, progress.parts_end(), part_size_);
    const auto end = static_cast<std::int64_t>(progress.parts_end() + part_size_);
    db_.write_with([&](db::Connection& c) {
      c.exec("DELETE FROM upload_parts WHERE upload_id = ? AND part_number = ?",
             {upload.id, static_cast<std::int64_t>(number)});
      c.exec("INSERT INTO upload_parts (upload_id, part_number, end_offset, etag) VALUES (?, ?, ?, ?)",
             {upload.id, static_cast<std::int64_t>(number), end, etag});
    });
    spool_.release_range(upload.id, progress.parts_end(), part_size_);
    progress.etags.push_back(std::move(etag));
  }
}

void StoredParts::store_tail(const Upload& upload, const Progress& progress, std::uint64_t up_to) {
  if (up_to <= progress.parts_end()) return;
  const std::string path = spool_.path_of(upload.id);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(ErrorCode::unavailable, "cannot open upload file: " + std::string(std::strerror(errno)));
  std::string bytes(up_to - progress.parts_end(), '\0');
  const ssize_t n = ::pread(fd, bytes.data(), bytes.size(), static_cast<off_t>(progress.parts_end()));
  ::close(fd);
  if (n != static_cast<ssize_t>(bytes.size())) throw Error(ErrorCode::unavailable, "upload file is short");
  store_.put_bytes(upload_tail_key(upload.id, progress.parts_end(), up_to), bytes);
}

bool StoredParts::committed(const Upload& upload) {
  auto info = store_.stat(blob::blob_keys::source(upload.video_id));
  return info && info->size == upload.length;
}

void StoredParts::complete(const Upload& upload, Progress& progress) {
  const std::string key = blob::blob_keys::source(upload.video_id);
  if (committed(upload)) {
    store_.remove_prefix(upload_prefix(upload.id));
    return;
  }
  restore_tail(upload, progress);  // this node may not be the one that received the tail
  if (progress.etags.empty() && upload.length < parts_.min_part_size()) {
    // Too small for parts: one plain put.
    if (upload.length == 0) {
      store_.put_bytes(key, "");
    } else {
      store_.put_file(key, spool_.path_of(upload.id));  // the file holds exactly [0, length)
    }
  } else {
    send_parts(upload, progress, upload.length);
    if (upload.length > progress.parts_end() || progress.etags.empty()) {
      const int number = static_cast<int>(progress.etags.size()) + 1;
      progress.etags.push_back(parts_.put_part_from_file(key, multipart_id(upload, progress), number,
                                                         spool_.path_of(upload.id), progress.parts_end(),
                                                         upload.length - progress.parts_end()));
    }
    try {
      parts_.complete_multipart(key, multipart_id(upload, progress), progress.etags);
    } catch (const Error&) {
      // A retried commit the store had already done answers NoSuchUpload.
      if (!committed(upload)) throw;
    }
  }
  store_.remove_prefix(upload_prefix(upload.id));
}

void StoredParts::set_multipart_id(const Upload& upload, const std::string& multipart_id) {
  db_.execute("UPDATE uploads SET store_upload_id = ? WHERE id = ?", {multipart_id, upload.id});
}

std::string StoredParts::multipart_id_of(const Upload& upload) {
  auto row = db_.query("SELECT store_upload_id FROM uploads WHERE id = ?", {upload.id});
  if (row.empty() || row.front().is_null("store_upload_id")) return "";
  return row.front().str("store_upload_id");
}

void StoredParts::discard(const Upload& upload) {
  auto row = db_.query("SELECT store_upload_id FROM uploads WHERE id = ?", {upload.id});
  if (!row.empty() && !row.front().is_null("store_upload_id")) {
    try {
      parts_.abort_multipart(upload.direct ? direct_upload_key(upload.id) : blob::blob_keys::source(upload.video_id),
                             row.front().str("store_upload_id"));
    } catch (const Error&) {
      // The store's rule for incomplete multipart uploads is the backstop (docs/scaling.md).
    }
  }
  store_.remove_prefix(upload_prefix(upload.id));
}

}  // namespace marquee::uploads
