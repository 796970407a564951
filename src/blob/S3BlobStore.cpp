#include "blob/S3BlobStore.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "blob/S3Xml.h"
#include "core/Crypto.h"
#include "core/Error.h"

namespace marquee::blob {
namespace {

constexpr std::size_t kMinPartSize = 5 * 1024 * 1024;  // S3's floor for every part but the last
constexpr std::size_t kDeleteBatch = 1000;             // S3's ceiling per DeleteObjects call

[[noreturn]] void fail(const S3Response& response, std::string_view method, std::string_view key) {
  const auto error = s3xml::parse_error(response.body);
  const bool out_of_space = response.status == 507 || (error && (error->code == "QuotaExceeded" ||
                                                                 error->code == "EntityTooLarge"));
  throw Error(out_of_space ? ErrorCode::insufficient_storage : ErrorCode::unavailable,
              describe_s3_failure(response, method, key));
}

std::string strip_quotes(std::string etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') etag = etag.substr(1, etag.size() - 2);
  return etag;
}

bool is_md5_hex(std::string_view etag) {
  return etag.size() == 32 && std::all_of(etag.begin(), etag.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// A store that answers an MD5 ETag must have stored what we sent; others (multipart, SSE-KMS)
// answer something else, and Content-MD5 was their check.
void verify_etag(const S3Response& response, const std::string& md5_hex, std::string_view key) {
  // SSE-KMS and SSE-C objects answer ETags that look like an MD5 but are not one.
  if (response.header("x-amz-server-side-encryption").starts_with("aws:kms") ||
      !response.header("x-amz-server-side-encryption-customer-algorithm").empty()) {
    return;
  }
  const std::string etag = strip_quotes(response.header("etag"));
  if (is_md5_hex(etag) && etag != md5_hex) {
    throw Error(ErrorCode::unavailable,
                "blob store: PUT " + std::string(key) + ": the store kept different bytes than were sent (ETag " +
                    etag + ", MD5 " + md5_hex + ")");
  }
}

Millis parse_time(const std::string& text, const char* format) {
  std::tm tm{};
  if (text.empty() || strptime(text.c_str(), format, &tm) == nullptr) return 0;
  return static_cast<Millis>(timegm(&tm)) * 1000;
}

// Last-Modified (RFC 1123) and a listing's LastModified (ISO 8601, with milliseconds that
// HEAD does not give) both to whole seconds, so stat and list_prefix agree.
Millis http_date_ms(const std::string& text) { return parse_time(text, "%a, %d %b %Y %H:%M:%S"); }
Millis iso_date_ms(const std::string& text) { return parse_time(text, "%Y-%m-%dT%H:%M:%S"); }

std::string content_type_for(std::string_view key) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {".m3u8", "application/vnd.apple.mpegurl"}, {".ts", "video/mp2t"}, {".m4s", "video/iso.segment"},
      {".mp4", "video/mp4"}, {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".png", "image/png"},
      {".webp", "image/webp"}, {".vtt", "text/vtt"}, {".json", "application/json"}, {".aac", "audio/aac"},
  };
  for (const auto& [extension, type] : kTypes) {
    if (key.ends_with(extension)) return std::string(type);
  }
  return "application/octet-stream";
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Reads up to `want` bytes (fewer only at the end of the file).
std::size_t read_fully(int fd, char* out, std::size_t want, const std::string& path) {
  std::size_t got = 0;
  while (got < want) {
    const ssize_t n = ::read(fd, out + got, want - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error(ErrorCode::unavailable, "blob store: read " + path + ": " + std::strerror(errno));
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  return got;
}

// Pulls `source` until `buffer` (resized to `size`) is full or the source ends.
std::size_t pull(const BlobSource& source, std::string& buffer, std::size_t size) {
  buffer.resize(size);
  std::size_t filled = 0;
  while (filled < size) {
    const std::size_t n = source(std::span<char>(buffer.data() + filled, size - filled));
    if (n == 0) break;
    filled += std::min(n, size - filled);
  }
  buffer.resize(filled);
  return filled;
}

}  // namespace

S3BlobStore::S3BlobStore(S3Location location, S3BlobStoreOptions options)
    : options_(options), client_(std::move(location), options.client) {
  options_.part_size = std::max(options_.part_size, kMinPartSize);
  options_.parallel_parts = std::clamp(options_.parallel_parts, 1, 32);
  options_.list_page_size = std::clamp(options_.list_page_size, 1, 1000);
}

S3BlobStore::~S3BlobStore() = default;

void S3BlobStore::put_single(const std::string& key, std::string_view bytes) {
  const std::string md5 = crypto::md5(bytes);
  S3Request request;
  request.method = "PUT";
  request.object_key = client_.location().object_key(key);
  request.headers = {{"content-md5", crypto::base64_encode(md5)}, {"content-type", content_type_for(key)}};
  request.body = bytes;
  const S3Response response = client_.send(std::move(request));
  if (response.status != 200) fail(response, "PUT", key);
  verify_etag(response, crypto::to_hex(md5), key);
}

std::size_t S3BlobStore::min_part_size() const { return kMinPartSize; }

std::string S3BlobStore::part_url(const std::string& key, const std::string& upload_id, int number,
                                  std::chrono::seconds ttl) {
  validate_blob_key(key);
  return client_.presign("PUT", client_.location().object_key(key), ttl,
                         {{"partNumber", std::to_string(number)}, {"uploadId", upload_id}});
}

std::string S3BlobStore::begin_multipart(const std::string& key) {
  validate_blob_key(key);
  S3Request create;
  create.method = "POST";
  create.object_key = client_.location().object_key(key);
  create.query = {{"uploads", ""}};
  create.headers = {{"content-type", content_type_for(key)}};
  const S3Response created = client_.send(std::move(create));
  if (created.status != 200) fail(created, "POST uploads", key);
  std::string upload_id = s3xml::first_element(created.body, "UploadId").value_or("");
  if (upload_id.empty()) throw Error(ErrorCode::unavailable, "blob store: POST uploads " + key + ": no UploadId");
  return upload_id;
}

std::string S3BlobStore::put_part(const std::string& key, const std::string& upload_id, int number,
                                  std::string_view bytes) {
  if (number < 1 || number > 10'000) {
    throw Error(ErrorCode::validation_failed, "blob store: " + key + " needs more than 10,000 parts");
  }
  const std::string md5 = crypto::md5(bytes);
  S3Request part;
  part.method = "PUT";
  part.object_key = client_.location().object_key(key);
  part.query = {{"partNumber", std::to_string(number)}, {"uploadId", upload_id}};
  part.headers = {{"content-md5", crypto::base64_encode(md5)}};
  part.body = bytes;
  const S3Response answer = client_.send(std::move(part));
  if (answer.status != 200) fail(answer, "PUT part", key);
  verify_etag(answer, crypto::to_hex(md5), key);
  std::string etag = answer.header("etag");
  if (etag.empty()) throw Error(ErrorCode::unavailable, "blob store: PUT part " + key + ": no ETag");
  return etag;
}

std::string S3BlobStore::put_part_from_file(const std::string& key, const std::string& upload_id, int number,
                                            const std::string& local_path, std::uint64_t offset,
                                            std::uint64_t length) {
  validate_blob_key(key);
  Fd fd(::open(local_path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) throw Error(ErrorCode::unavailable, "blob store: open " + local_path + ": " + std::strerror(errno));
  std::string bytes(length, '\0');
  std::size_t got = 0;
  while (got < length) {
    const ssize_t n = ::pread(fd.get(), bytes.data() + got, length - got, static_cast<off_t>(offset + got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw Error(ErrorCode::unavailable, "blob store: read " + local_path + ": short file");
    got += static_cast<std::size_t>(n);
  }
  return put_part(key, upload_id, number, bytes);
}

void S3BlobStore::complete_multipart(const std::string& key, const std::string& upload_id,
                                     const std::vector<std::string>& etags) {
  validate_blob_key(key);
  std::string body = "<CompleteMultipartUpload>";
  for (std::size_t i = 0; i < etags.size(); ++i) {
    body += "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>" + s3xml::escape(etags[i]) +
            "</ETag></Part>";
  }
  body += "</CompleteMultipartUpload>";
  S3Request complete;
  complete.method = "POST";
  complete.object_key = client_.location().object_key(key);
  complete.query = {{"uploadId", upload_id}};
  complete.headers = {{"content-type", "application/xml"}};
  complete.body = body;
  const S3Response completed = client_.send(std::move(complete));
  // S3 may answer 200 and still report an error in the body.
  if (completed.status != 200 || s3xml::parse_error(completed.body)) fail(completed, "POST complete", key);
}

void S3BlobStore::copy_object(const std::string& from_key, const std::string& to_key, std::uint64_t size) {
  validate_blob_key(from_key);
  validate_blob_key(to_key);
  const S3Location& location = client_.location();
  const std::string source = "/" + location.bucket + "/" + aws_uri_encode(location.object_key(from_key), false);
  constexpr std::uint64_t kMaxSingleCopy = 5ull << 30;
  if (size <= kMaxSingleCopy) {
    S3Request copy;
    copy.method = "PUT";
    copy.object_key = location.object_key(to_key);
    copy.headers = {{"x-amz-copy-source", source}, {"content-type", content_type_for(to_key)},
                    {"x-amz-metadata-directive", "REPLACE"}};
    const S3Response answer = client_.send(std::move(copy));
    // Like CompleteMultipartUpload, a copy may answer 200 with an error in the body.
    if (answer.status != 200 || s3xml::parse_error(answer.body)) fail(answer, "PUT copy", to_key);
    return;
  }
  const std::string upload_id = begin_multipart(to_key);
  try {
    std::vector<std::string> etags;
    const std::uint64_t part = std::max<std::uint64_t>(options_.part_size, 512ull << 20);
    for (std::uint64_t offset = 0; offset < size; offset += part) {
      S3Request copy;
      copy.method = "PUT";
      copy.object_key = location.object_key(to_key);
      copy.query = {{"partNumber", std::to_string(etags.size() + 1)}, {"uploadId", upload_id}};
      copy.headers = {{"x-amz-copy-source", source},
                      {"x-amz-copy-source-range",
                       "bytes=" + std::to_string(offset) + "-" + std::to_string(std::min(size, offset + part) - 1)}};
      const S3Response answer = client_.send(std::move(copy));
      auto etag = s3xml::first_element(answer.body, "ETag");
      if (answer.status != 200 || !etag) fail(answer, "PUT copy part", to_key);
      etags.push_back(*etag);
    }
    complete_multipart(to_key, upload_id, etags);
  } catch (...) {
    try {
      abort_multipart(to_key, upload_id);
    } catch (const Error&) {
    }
    throw;
  }
}

void S3BlobStore::abort_multipart(const std::string& key, const std::string& upload_id) {
  validate_blob_key(key);
  S3Request abort;
  abort.method = "DELETE";
  abort.object_key = client_.location().object_key(key);
  abort.query = {{"uploadId", upload_id}};
  const S3Response response = client_.send(std::move(abort));
  if (response.status != 204 && response.status != 200 && response.status != 404) {
    fail(response, "DELETE upload", key);
  }
}

void S3BlobStore::put_parts(const std::string& key, const PartSource& next_part, int parallel) {
  const std::string upload_id = begin_multipart(key);
  std::mutex mutex;
  int next_number = 1;
  bool source_done = false;
  std::exception_ptr failure;
  std::map<int, std::string> etags;
  auto upload_parts = [&] {
    std::string buffer;
    while (true) {
      int number = 0;
      std::string_view part;
      {
        std::lock_guard lock(mutex);
        if (source_done || failure) return;
        try {
          part = next_part(buffer);
          if (part.empty()) {
            source_done = true;
            return;
          }
        } catch (...) {
          failure = std::current_exception();
          return;
        }
        number = next_number++;
      }
      try {
        std::string etag = put_part(key, upload_id, number, part);
        std::lock_guard lock(mutex);
        etags[number] = std::move(etag);
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
        return;
      }
    }
  };
  std::vector<std::thread> helpers;
  for (int i = 1; i < parallel; ++i) helpers.emplace_back(upload_parts);
  upload_parts();
  for (auto& helper : helpers) helper.join();

  try {
    if (failure) std::rethrow_exception(failure);
    std::vector<std::string> ordered;
    for (auto& [number, etag] : etags) ordered.push_back(std::move(etag));
    complete_multipart(key, upload_id, ordered);
  } catch (...) {
    try {
      abort_multipart(key, upload_id);
    } catch (const Error&) {
      // The store's rule for incomplete multipart uploads is the backstop (docs/scaling.md).
    }
    throw;
  }
}

void S3BlobStore::put_bytes(const std::string& key, std::string_view bytes) {
  validate_blob_key(key);
  if (bytes.size() <= options_.part_size) return put_single(key, bytes);
  std::size_t offset = 0;
  put_parts(
      key,
      [&](std::string&) {
        const std::string_view part = bytes.substr(offset, std::min(options_.part_size, bytes.size() - offset));
        offset += part.size();
        return part;  // no copy: the caller's bytes outlive the upload
      },
      options_.parallel_parts);
}

void S3BlobStore::put_file(const std::string& key, const std::string& local_path) {
  validate_blob_key(key);
  Fd fd(::open(local_path.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat info {};
  if (fd.get() < 0 || ::fstat(fd.get(), &info) != 0) {
    throw Error(ErrorCode::unavailable, "blob store: open " + local_path + ": " + std::strerror(errno));
  }
  if (!S_ISREG(info.st_mode)) throw Error(ErrorCode::unavailable, "blob store: " + local_path + " is not a file");
  const auto size = static_cast<std::uint64_t>(info.st_size);
  if (size <= options_.part_size) {
    std::string bytes(size, '\0');
    bytes.resize(read_fully(fd.get(), bytes.data(), bytes.size(), local_path));
    return put_single(key, bytes);
  }
  put_parts(
      key,
      [&](std::string& buffer) {
        buffer.resize(options_.part_size);
        buffer.resize(read_fully(fd.get(), buffer.data(), buffer.size(), local_path));
        return std::string_view(buffer);
      },
      options_.parallel_parts);
}

void S3BlobStore::put_stream(const std::string& key, const BlobSource& source) {
  validate_blob_key(key);
  std::string first;
  if (pull(source, first, options_.part_size) < options_.part_size) return put_single(key, first);
  bool first_taken = false;
  // Two parts in flight: one uploading while the next is read, and memory bounded by two
  // parts whatever the stream's length.
  put_parts(
      key,
      [&](std::string& buffer) {
        if (!first_taken) {
          first_taken = true;
          buffer.swap(first);
          return std::string_view(buffer);
        }
        pull(source, buffer, options_.part_size);
        return std::string_view(buffer);
      },
      std::min(2, options_.parallel_parts));
}

std::optional<BlobInfo> S3BlobStore::stat(const std::string& key) {
  validate_blob_key(key);
  S3Request request;
  request.method = "HEAD";
  request.object_key = client_.location().object_key(key);
  const S3Response response = client_.send(std::move(request));
  if (response.status == 404) return std::nullopt;
  if (response.status != 200) fail(response, "HEAD", key);
  BlobInfo info;
  info.key = key;
  info.size = std::strtoull(response.header("content-length").c_str(), nullptr, 10);
  info.modified_ms = http_date_ms(response.header("last-modified"));
  info.etag = strip_quotes(response.header("etag"));
  return info;
}

std::string S3BlobStore::read(const std::string& key, std::uint64_t offset, std::uint64_t length) {
  validate_blob_key(key);
  if (length == 0) {
    if (!stat(key)) throw Error(ErrorCode::not_found, "blob not found: " + key);
    return "";
  }
  const std::uint64_t last = length > UINT64_MAX - offset ? UINT64_MAX - 1 : offset + length - 1;
  S3Request request;
  request.object_key = client_.location().object_key(key);
  request.headers = {{"range", "bytes=" + std::to_string(offset) + "-" + std::to_string(last)}};
  S3Response response = client_.send(std::move(request));
  if (response.status == 404) throw Error(ErrorCode::not_found, "blob not found: " + key);
  if (response.status == 416) return "";  // the offset is at or past the end
  if (response.status == 206) return std::move(response.body);
  if (response.status == 200) {  // a store that ignores Range sends it all
    if (offset >= response.body.size()) return "";
    return response.body.substr(offset, length);
  }
  fail(response, "GET", key);
}

void S3BlobStore::get_to_file(const std::string& key, const std::string& local_path) {
  validate_blob_key(key);
  const std::string temp = local_path + ".part-" + crypto::to_hex(crypto::random_bytes(6));
  Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (fd.get() < 0) throw Error(ErrorCode::unavailable, "blob store: create " + temp + ": " + std::strerror(errno));
  // In ranges, each but the first conditional on the first answer's ETag (If-Match): a
  // retried range or the next one never stitches two versions of an object replaced
  // meanwhile; a 412 starts the download over, once.
  constexpr std::uint64_t kRange = 64ull << 20;
  std::uint64_t written = 0;
  std::uint64_t range_start = 0;
  std::optional<std::uint64_t> total;
  std::string etag;
  int write_errno = 0;
  bool started_over = false;
  auto truncate_to = [&](std::uint64_t offset) {
    written = offset;
    if (::ftruncate(fd.get(), static_cast<off_t>(offset)) != 0 ||
        ::lseek(fd.get(), static_cast<off_t>(offset), SEEK_SET) < 0) {
      write_errno = errno;
    }
  };
  try {
    while (!total || written < *total) {
      range_start = written;
      S3Request request;
      request.object_key = client_.location().object_key(key);
      request.headers = {{"range", "bytes=" + std::to_string(written) + "-" + std::to_string(written + kRange - 1)}};
      if (!etag.empty()) request.headers.emplace_back("if-match", etag);
      request.sink = [&](std::string_view bytes) {
        while (!bytes.empty()) {
          const ssize_t n = ::write(fd.get(), bytes.data(), bytes.size());
          if (n < 0 && errno == EINTR) continue;
          if (n < 0) {
            write_errno = errno;
            return false;
          }
          bytes.remove_prefix(static_cast<std::size_t>(n));
          written += static_cast<std::uint64_t>(n);
        }
        return true;
      };
      request.restart = [&] { truncate_to(range_start); };
      const S3Response response = client_.send(std::move(request));
      if (response.status == 404) throw Error(ErrorCode::not_found, "blob not found: " + key);
      if (response.status == 412 && !started_over) {
        started_over = true;  // replaced while we read it: the new version, from the start
        etag.clear();
        total.reset();
        truncate_to(0);
        continue;
      }
      if (response.status == 416 && written == 0) break;  // an empty object
      if (response.status == 200) {  // a store that ignores Range sends it all at once
        const std::string length = response.header("content-length");
        if (!length.empty() && std::strtoull(length.c_str(), nullptr, 10) != written) {
          throw Error(ErrorCode::unavailable, "blob store: GET " + key + ": the transfer ended early");
        }
        break;
      }
      if (response.status != 206) fail(response, "GET", key);
      const std::string range = response.header("content-range");
      const auto slash = range.rfind('/');
      if (slash == std::string::npos || range.substr(slash + 1) == "*") {
        throw Error(ErrorCode::unavailable, "blob store: GET " + key + ": no object size in Content-Range");
      }
      total = std::strtoull(range.c_str() + slash + 1, nullptr, 10);
      if (etag.empty()) etag = response.header("etag");
      if (written == range_start) {
        throw Error(ErrorCode::unavailable, "blob store: GET " + key + ": an empty range before the end");
      }
    }
    if (::rename(temp.c_str(), local_path.c_str()) != 0) {
      throw Error(ErrorCode::unavailable, "blob store: rename to " + local_path + ": " + std::strerror(errno));
    }
  } catch (const Error& e) {
    ::unlink(temp.c_str());
    if (write_errno == ENOSPC || write_errno == EDQUOT) {
      throw Error(ErrorCode::insufficient_storage, "blob store: write " + local_path + ": " + std::strerror(write_errno));
    }
    throw;
  }
}

std::optional<std::string> S3BlobStore::local_path(const std::string& key) {
  validate_blob_key(key);
  return std::nullopt;
}

void S3BlobStore::remove(const std::string& key) {
  validate_blob_key(key);
  S3Request request;
  request.method = "DELETE";
  request.object_key = client_.location().object_key(key);
  const S3Response response = client_.send(std::move(request));
  if (response.status != 204 && response.status != 200 && response.status != 404) fail(response, "DELETE", key);
}

std::vector<BlobInfo> S3BlobStore::list_prefix(const std::string& prefix) {
  if (!prefix.empty()) validate_blob_key(prefix);
  const S3Location& location = client_.location();
  const std::string store_root = location.prefix.empty() ? "" : location.prefix + "/";
  const std::string wanted = store_root + prefix;  // the exact key, or its "directory" below
  std::vector<BlobInfo> blobs;
  std::string token;
  do {
    S3Request request;
    request.bucket_level = true;
    request.query = {{"list-type", "2"}, {"max-keys", std::to_string(options_.list_page_size)}, {"prefix", wanted}};
    if (!token.empty()) request.query.emplace_back("continuation-token", token);
    const S3Response response = client_.send(std::move(request));
    if (response.status != 200) fail(response, "GET list", prefix.empty() ? "(all)" : prefix);
    s3xml::ListPage page = s3xml::parse_list_page(response.body);
    for (auto& object : page.objects) {
      if (!prefix.empty() && object.key != wanted && !object.key.starts_with(wanted + "/")) continue;
      if (!object.key.starts_with(store_root)) continue;
      std::string key = object.key.substr(store_root.size());
      if (!is_valid_blob_key(key)) continue;  // not ours: written by something else
      blobs.push_back({std::move(key), object.size, iso_date_ms(object.last_modified), std::move(object.etag)});
    }
    if (page.truncated && page.next_continuation_token.empty()) {
      throw Error(ErrorCode::unavailable, "blob store: a truncated listing without a continuation token");
    }
    token = page.truncated ? page.next_continuation_token : "";
  } while (!token.empty());
  std::sort(blobs.begin(), blobs.end(), [](const BlobInfo& a, const BlobInfo& b) { return a.key < b.key; });
  return blobs;
}

std::size_t S3BlobStore::remove_prefix(const std::string& prefix) {
  if (prefix.empty()) throw Error(ErrorCode::validation_failed, "blob store: refusing to remove everything");
  validate_blob_key(prefix);
  const std::vector<BlobInfo> blobs = list_prefix(prefix);
  for (std::size_t start = 0; start < blobs.size(); start += kDeleteBatch) {
    std::string body = "<Delete><Quiet>true</Quiet>";
    for (std::size_t i = start; i < std::min(blobs.size(), start + kDeleteBatch); ++i) {
      body += "<Object><Key>" + s3xml::escape(client_.location().object_key(blobs[i].key)) + "</Key></Object>";
    }
    body += "</Delete>";
    S3Request request;
    request.method = "POST";
    request.bucket_level = true;
    request.query = {{"delete", ""}};
    request.headers = {{"content-md5", crypto::base64_encode(crypto::md5(body))},
                       {"content-type", "application/xml"}};
    request.body = body;
    const S3Response response = client_.send(std::move(request));
    if (response.status != 200) fail(response, "POST delete", prefix);
    const auto errors = s3xml::element_bodies(response.body, "Error");
    if (!errors.empty()) {
      throw Error(ErrorCode::unavailable, "blob store: removing " + prefix + ": " + std::to_string(errors.size()) +
                                              " objects were not deleted (" +
                                              s3xml::first_element(errors.front(), "Code").value_or("?") + ")");
    }
  }
  return blobs.size();
}

std::optional<std::string> S3BlobStore::direct_url(const std::string& key, std::string_view method,
                                                   std::chrono::seconds ttl, std::string_view content_type) {
  validate_blob_key(key);
  if (method != "GET" && method != "PUT") {
    throw Error(ErrorCode::validation_failed, "blob store: direct URLs are for GET and PUT");
  }
  std::vector<std::pair<std::string, std::string>> headers;
  if (!content_type.empty()) headers.emplace_back("content-type", std::string(content_type));
  return client_.presign(method, client_.location().object_key(key), ttl, {}, headers);
}

bool S3BlobStore::check_reachable(std::string& problem) {
  try {
    S3Request request;
    request.bucket_level = true;
    const S3Location& location = client_.location();
    request.query = {{"list-type", "2"}, {"max-keys", "1"}, {"prefix", location.prefix}};
    const S3Response response = client_.send(std::move(request));
    if (response.status == 200) return true;
    problem = describe_s3_failure(response, "GET list", location.bucket);
  } catch (const Error& e) {
    problem = e.what();
  }
  return false;
}

}  // namespace marquee::blob
