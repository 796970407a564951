#pragma once
// BlobStore is the one door to media bytes: uploaded sources, HLS ladders, thumbnails.
// Metadata lives in the Database; a blob is an immutable byte string under a key, replaced
// whole or not at all. Two implementations share this contract and one conformance suite:
// LocalBlobStore (a directory, the embedded default) and an S3-compatible store (scale-out).
//
// Keys: relative, `/`-separated paths such as `videos/{id}/hls/720p/seg_00001.ts`, at most
// 1024 bytes, each segment 1–255 bytes of [A-Za-z0-9._-] not starting with `.` (so `.`,
// `..` and hidden names are impossible and stores may keep their own files under dotted
// names). Every operation validates its key first and throws Error(validation_failed)
// without touching storage when it breaks these rules. Keys sort and compare bytewise.
//
// Prefixes: a prefix names a key or a "directory" of keys by whole segments: prefix
// `videos/a` covers `videos/a` and `videos/a/…`, never `videos/ab`. A prefix follows the
// key rules (no trailing `/`); list_prefix also accepts "" for the whole store.
//
// REQUIRES: no key is a segment prefix of another live key (`a/b` and `a/b/c` cannot both
// exist), which the layout in blob_keys guarantees. LocalBlobStore rejects such a put
// with Error(conflict); other stores need not check.
//
// Atomicity: a put is all or nothing. Readers see the old bytes or the new bytes, never a
// mix or a prefix; a failed put leaves the key as it was and leaves no partial data
// behind. Concurrent puts to one key: the last to commit wins. A single read() sees one
// version; separate calls may see different versions (compare etags to detect it).
// remove_prefix is not atomic with respect to concurrent puts under the same prefix.
//
// Durability: when a put returns, the blob survives a crash of the process or machine.
//
// Thread safety: a BlobStore is safe to share between threads (and, for the local store,
// between processes using the same root). All calls block: run them off I/O threads.
//
// Errors: a missing key throws Error(not_found) where noted; storage failures throw
// Error(unavailable), or Error(insufficient_storage) when the store is out of space or
// quota; messages carry the system's reason and the key, never credentials.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/Clock.h"

namespace marquee::blob {

class MultipartUploads;

struct BlobInfo {
  std::string key;
  std::uint64_t size = 0;
  Millis modified_ms = 0;  // when the current version was committed
  // A strong validator: equal etags mean byte-identical content, and replacing the content
  // changes it. Opaque (compare for equality only), without HTTP quotes. Local store:
  // hex size and hex commit time in nanoseconds, e.g. `1f400-18a2b3c4d5e6f708`.
  std::string etag;

  bool operator==(const BlobInfo&) const = default;
};

// Pull-based source for put_stream: fills a prefix of `buffer` and returns how many bytes
// it wrote, or 0 at the end of the stream. Throwing aborts the put (the key is untouched)
// and the exception propagates to the caller of put_stream.
using BlobSource = std::function<std::size_t(std::span<char> buffer)>;

class BlobStore {
 public:
  virtual ~BlobStore() = default;

  // Stores a copy of the regular file at local_path under key; the local file is left as
  // it was. Throws Error(unavailable) when local_path cannot be read.
  virtual void put_file(const std::string& key, const std::string& local_path) = 0;
  // Like put_file, but the local file is consumed: stores that can (a local store on the
  // same filesystem) move it in place instead of copying its bytes. On success the file at
  // local_path is gone; on failure it is left where it was. The default copies, then unlinks.
  virtual void move_file(const std::string& key, const std::string& local_path);
  // Publishes a finished local directory tree: afterwards `prefix` holds exactly its regular
  // files, `prefix/<path relative to local_dir>`, and nothing it held before; local_dir is
  // consumed. Every relative path must make a valid key (Error(validation_failed) before
  // anything is touched otherwise). Stores that commit file by file commit those for which
  // `commit_last` is true after all the others (HLS playlists after the segments they name),
  // then remove the prefix's old blobs the tree did not replace; such a move interrupted
  // half-way leaves a mix of whole old and new files, each one intact. The default does
  // that with move_file; LocalBlobStore swaps the whole directory in one rename.
  virtual void move_tree(const std::string& prefix, const std::string& local_dir,
                         const std::function<bool(std::string_view relative_path)>& commit_last = {});
  virtual void put_bytes(const std::string& key, std::string_view bytes) = 0;
  // Pulls `source` until it returns 0, holding a bounded buffer (not the whole stream) in
  // memory, then commits.
  virtual void put_stream(const std::string& key, const BlobSource& source) = 0;

  // Size, commit time and etag of the blob, or nullopt when key holds no blob.
  virtual std::optional<BlobInfo> stat(const std::string& key) = 0;
  // Bytes [offset, offset + length) of one version of the blob, clamped at its end: an
  // offset at or past the end, or a zero length, yields "". Allocates the returned bytes;
  // for large ranges prefer local_path() or get_to_file(). Throws Error(not_found).
  virtual std::string read(const std::string& key, std::uint64_t offset, std::uint64_t length) = 0;
  // Copies the blob to local_path atomically (a temp file beside it, then rename),
  // replacing any file there. REQUIRES: the directory of local_path exists.
  // Throws Error(not_found) without creating local_path when the blob is missing.
  virtual void get_to_file(const std::string& key, const std::string& local_path) = 0;
  // The filesystem path holding key's bytes when the store is local (so the HTTP layer can
  // sendfile it), without checking that the blob exists; nullopt for remote stores. The
  // file at that path is only ever replaced, never modified in place, so an open
  // descriptor keeps one version. Callers open it read-only and never write through it.
  virtual std::optional<std::string> local_path(const std::string& key) = 0;

  // Removes the blob. Removing a missing key succeeds (idempotent).
  virtual void remove(const std::string& key) = 0;
  // Removes every blob the prefix covers and returns how many there were (0 when none).
  // The empty prefix is rejected with Error(validation_failed): wiping a store is not an
  // operation this interface offers.
  virtual std::size_t remove_prefix(const std::string& prefix) = 0;
  // Every blob the prefix covers, sorted bytewise by key; empty when none.
  virtual std::vector<BlobInfo> list_prefix(const std::string& prefix) = 0;

  // A URL that lets a client `method` ("GET" or "PUT") the blob directly, without passing
  // through Marquee, for `ttl`; a PUT through it must send `content_type` when one is given.
  // nullopt for stores without one (the local store). The S3 store presigns.
  virtual std::optional<std::string> direct_url(const std::string& key, std::string_view method,
                                                std::chrono::seconds ttl, std::string_view content_type = {});
  // Parts committed whole later, for stores that have them (S3); nullptr otherwise.
  virtual MultipartUploads* multipart() { return nullptr; }
};

// Forwards every call to `target`, so a decorator (metrics, retries, fault injection)
// overrides only what it needs. Does not own the target, which must outlive it.
class BlobStoreWrapper : public BlobStore {
 public:
  explicit BlobStoreWrapper(BlobStore& target) : target_(target) {}
  BlobStore& target() const { return target_; }

  void put_file(const std::string& key, const std::string& local_path) override;
  void move_file(const std::string& key, const std::string& local_path) override;
  void move_tree(const std::string& prefix, const std::string& local_dir,
                 const std::function<bool(std::string_view relative_path)>& commit_last = {}) override;
  void put_bytes(const std::string& key, std::string_view bytes) override;
  void put_stream(const std::string& key, const BlobSource& source) override;
  std::optional<BlobInfo> stat(const std::string& key) override;
  std::string read(const std::string& key, std::uint64_t offset, std::uint64_t length) override;
  void get_to_file(const std::string& key, const std::string& local_path) override;
  std::optional<std::string> local_path(const std::string& key) override;
  void remove(const std::string& key) override;
  std::size_t remove_prefix(const std::string& prefix) override;
  std::vector<BlobInfo> list_prefix(const std::string& prefix) override;
  std::optional<std::string> direct_url(const std::string& key, std::string_view method, std::chrono::seconds ttl,
                                        std::string_view content_type = {}) override;
  MultipartUploads* multipart() override { return target_.multipart(); }

 private:
  BlobStore& target_;
};

inline constexpr std::size_t kMaxBlobKeyBytes = 1024;
inline constexpr std::size_t kMaxBlobKeySegmentBytes = 255;

bool is_valid_blob_key(std::string_view key);
// Throws Error(validation_failed, details {"field": "key"}) naming the broken rule (the
// key itself is not echoed: it may be hostile).
void validate_blob_key(std::string_view key);
// The regular files below local_dir, as paths relative to it, sorted bytewise. Throws
// Error(validation_failed) when `prefix/<path>` would not be a valid key or the tree holds
// anything but regular files and directories; Error(unavailable) when it cannot be read.
std::vector<std::string> files_for_move_tree(const std::string& local_dir, std::string_view prefix);

// Where a video's blobs live. Every key of a video sits under video_prefix(id), so
// remove_prefix(video_prefix(id)) deletes the video's media. Throw Error(validation_failed)
// when `video_id` is not a single valid segment or the resulting key is invalid.
namespace blob_keys {
std::string video_prefix(std::string_view video_id);                  // videos/{id}
std::string source(std::string_view video_id);                        // videos/{id}/source
std::string hls(std::string_view video_id, std::string_view rel);     // videos/{id}/hls/{rel}
std::string thumbs(std::string_view video_id, std::string_view rel);  // videos/{id}/thumbs/{rel}
}  // namespace blob_keys

}  // namespace marquee::blob
