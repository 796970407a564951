#include "migrate/StorageMigration.h"

#include <boost/json.hpp>
#include <openssl/evp.h>

#include <filesystem>
#include <map>
#include <memory>

#include "core/Crypto.h"
#include "core/Error.h"

namespace marquee::migrate {
namespace {

constexpr std::uint64_t kReadChunk = 8 * 1024 * 1024;

// SHA-256 of a blob's bytes, read in chunks.
std::string digest_of(blob::BlobStore& store, const blob::BlobInfo& info) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr);
  for (std::uint64_t offset = 0; offset < info.size; offset += kReadChunk) {
    const std::string chunk = store.read(info.key, offset, kReadChunk);
    if (chunk.empty()) break;
    EVP_DigestUpdate(context.get(), chunk.data(), chunk.size());
  }
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context.get(), out, &length);
  return crypto::to_hex(std::string_view(reinterpret_cast<const char*>(out), length));
}

}  // namespace

std::string StorageMigrationReport::to_json() const {
  boost::json::array diffs;
  for (const auto& d : differences) diffs.emplace_back(d);
  return boost::json::serialize(boost::json::object{{"objects", objects},
                                                    {"copied", copied},
                                                    {"skipped", skipped},
                                                    {"bytes_copied", bytes_copied},
                                                    {"verified", verified},
                                                    {"differences", std::move(diffs)},
                                                    {"ok", ok()}});
}

StorageMigrationReport migrate_storage(blob::BlobStore& from, blob::BlobStore& to, const std::string& scratch_dir,
                                       const std::function<void(const std::string&)>& progress) {
  auto say = [&](const std::string& line) {
    if (progress) progress(line);
  };
  StorageMigrationReport report;
  const std::vector<blob::BlobInfo> sources = from.list_prefix("");
  std::map<std::string, blob::BlobInfo> present;
  for (auto& info : to.list_prefix("")) present.emplace(info.key, info);
  report.objects = sources.size();
  say("copying " + std::to_string(sources.size()) + " blobs (" + std::to_string(present.size()) +
      " already in the destination)");

  std::filesystem::create_directories(scratch_dir);
  auto copy = [&](const blob::BlobInfo& source) {
    if (auto path = from.local_path(source.key)) {
      to.put_file(source.key, *path);
    } else {
      const std::string temp = scratch_dir + "/migrate-" + crypto::to_hex(crypto::random_bytes(6));
      try {
        from.get_to_file(source.key, temp);
        to.move_file(source.key, temp);
      } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(temp, ignored);
        throw;
      }
    }
    ++report.copied;
    report.bytes_copied += source.size;
    if (report.copied % 100 == 0) say("copied " + std::to_string(report.copied) + " blobs");
  };
  for (const blob::BlobInfo& source : sources) {
    auto there = present.find(source.key);
    if (there != present.end() && there->second.size == source.size) {
      ++report.skipped;  // its bytes are checked below, and copied again if they differ
      continue;
    }
    copy(source);
  }

  say("verifying");
  std::map<std::string, blob::BlobInfo> copied;
  for (auto& info : to.list_prefix("")) copied.emplace(info.key, info);
  for (const blob::BlobInfo& source : sources) {
    auto there = copied.find(source.key);
    if (there == copied.end()) {
      report.differences.push_back(source.key + ": missing in the destination");
    } else if (there->second.size != source.size) {
      report.differences.push_back(source.key + ": " + std::to_string(there->second.size) + " bytes, not " +
                                   std::to_string(source.size));
    } else if (const std::string want = digest_of(from, source); want != digest_of(to, there->second)) {
      // Same size, other bytes: a copy cut short by a crash, or a change behind our back.
      // Copy it again and look once more.
      copy(source);
      auto again = to.stat(source.key);
      if (!again || digest_of(to, *again) != want) {
        report.differences.push_back(source.key + ": different bytes");
      } else {
        ++report.verified;
      }
    } else {
      ++report.verified;
    }
  }
  return report;
}

}  // namespace marquee::migrate
