#pragma once
// The embedded default BlobStore: key `a/b/c` is the file `<root>/a/b/c`.
//
// A put writes a uniquely named temp file under `<root>/.tmp/` (same filesystem), fsyncs
// it, renames it over the key's path and fsyncs the parent directory, so readers see the
// old file or the new one and a crash leaves either in place. Directories are created on
// demand and pruned when they become empty. remove_prefix renames the prefix's directory
// into `.tmp/` (it vanishes at once) and then deletes it.
//
// A crashed process can leave temp files or half-deleted trees in `.tmp/`; the
// constructor removes entries there whose last status change is older than
// `stale_temp_age` (one hour: longer than any put in progress by another process).
//
// Paths never leave the root: keys cannot contain `..` (see validate_blob_key), and every
// path component below the root is opened relative to its parent with O_NOFOLLOW, so a
// symlink planted inside the root is never followed (reads treat it as missing, puts
// through it fail with Error(conflict)).
//
// ETags are `<size hex>-<mtime ns hex>`; each put stamps its file with a commit time
// that is strictly increasing within the process, so the root should live on a
// filesystem with nanosecond timestamps (ext4, xfs, btrfs, tmpfs).
//
// Thread safety: safe to share; holds no mutable state beyond file descriptors opened in
// the constructor. Several processes may share one root.
#include <chrono>
#include <string>

#include "blob/BlobStore.h"

namespace marquee::blob {

struct LocalBlobStoreOptions {
  std::chrono::seconds stale_temp_age = std::chrono::hours(1);
};

class LocalBlobStore final : public BlobStore {
 public:
  // Creates root (and parents) when missing and clears stale temp entries.
  // Throws Error(unavailable) when root cannot be created or opened.
  explicit LocalBlobStore(std::string root, LocalBlobStoreOptions options = {});
  ~LocalBlobStore() override;
  LocalBlobStore(const LocalBlobStore&) = delete;
  LocalBlobStore& operator=(const LocalBlobStore&) = delete;

  const std::string& root() const { return root_; }

  // Copies with copy_file_range, so a same-filesystem copy stays in the kernel (and is a
  // reflink clone on filesystems that support it).
  void put_file(const std::string& key, const std::string& local_path) override;
  // A rename when local_path is on the store's filesystem (no bytes copied).
  void move_file(const std::string& key, const std::string& local_path) override;
  // On the store's filesystem: stamps every file's commit time, makes the tree durable with
  // one syncfs (a journal commit for the lot, where an fsync per file costs one each), then
  // swaps it with the prefix's directory in one rename (RENAME_EXCHANGE), fsyncs the parent
  // once and deletes the old tree. Readers see the whole old tree or the whole new one,
  // and a crash leaves one of them. Elsewhere (or without RENAME_EXCHANGE): file by file.
  void move_tree(const std::string& prefix, const std::string& local_dir,
                 const std::function<bool(std::string_view relative_path)>& commit_last = {}) override;
  void put_bytes(const std::string& key, std::string_view bytes) override;
  void put_stream(const std::string& key, const BlobSource& source) override;
  std::optional<BlobInfo> stat(const std::string& key) override;
  std::string read(const std::string& key, std::uint64_t offset, std::uint64_t length) override;
  void get_to_file(const std::string& key, const std::string& local_path) override;
  // `<root>/<key>`.
  std::optional<std::string> local_path(const std::string& key) override;
  void remove(const std::string& key) override;
  std::size_t remove_prefix(const std::string& prefix) override;
  std::vector<BlobInfo> list_prefix(const std::string& prefix) override;

 private:
  // Constant after construction.
  std::string root_;
  int root_fd_ = -1;      // the root directory; every key path is resolved below it
  int temp_dir_fd_ = -1;  // <root>/.tmp
};

}  // namespace marquee::blob
