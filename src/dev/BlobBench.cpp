#include "dev/BlobBench.h"

#include <boost/json.hpp>

#include <atomic>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

#include "core/Error.h"

namespace marquee::dev {
namespace {

// The same bytes for a key on put and get, cheap to make: a pattern seeded by the index.
std::string content_for(int index, std::uint64_t size) {
  std::string out(size, '\0');
  std::uint64_t state = static_cast<std::uint64_t>(index) * 0x9E3779B97F4A7C15ull + 1;
  for (std::uint64_t i = 0; i + 8 <= size; i += 8) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    std::memcpy(out.data() + i, &state, 8);
  }
  return out;
}

}  // namespace

std::string run_blob_bench(blob::BlobStore& store, const BlobBenchOptions& options) {
  const bool files = options.op.ends_with("-file");
  const bool put = options.op.starts_with("put");
  if (options.op != "put" && options.op != "get" && options.op != "put-file" && options.op != "get-file") {
    throw Error(ErrorCode::validation_failed, "op must be put, get, put-file or get-file");
  }
  // Inputs made before the clock starts: the bench times the store, not the generator.
  std::vector<std::string> contents;
  std::vector<std::string> paths;
  for (int i = 0; i < options.count; ++i) {
    contents.push_back(content_for(i, options.size));
    paths.push_back(options.scratch_dir + "/blob-bench-" + std::to_string(::getpid()) + "-" + std::to_string(i));
    if (files && put) std::ofstream(paths.back(), std::ios::binary) << contents.back();
  }
  if (!put) contents.resize(std::min<std::size_t>(contents.size(), options.count));

  std::atomic<int> next{0};
  std::mutex mutex;
  std::exception_ptr failure;
  auto work = [&] {
    for (int i = next++; i < options.count; i = next++) {
      const std::string key = options.prefix + "/" + std::to_string(i);
      try {
        if (options.op == "put") {
          store.put_bytes(key, contents[i]);
        } else if (options.op == "put-file") {
          store.put_file(key, paths[i]);
        } else if (options.op == "get") {
          if (store.read(key, 0, options.size) != contents[i]) throw Error(ErrorCode::internal, key + " differs");
        } else {
          store.get_to_file(key, paths[i]);
        }
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
        return;
      }
    }
  };
  auto cpu_seconds = [] {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  };
  const double cpu_before = cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < options.parallel; ++t) threads.emplace_back(work);
  for (auto& thread : threads) thread.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu_used = cpu_seconds() - cpu_before;
  if (files) {
    for (int i = 0; i < options.count; ++i) {
      if (options.op == "get-file") {
        std::ifstream in(paths[i], std::ios::binary);
        if (std::string(std::istreambuf_iterator<char>(in), {}) != contents[i] && !failure) {
          failure = std::make_exception_ptr(Error(ErrorCode::internal, "downloaded file " + std::to_string(i) + " differs"));
        }
      }
      std::filesystem::remove(paths[i]);
    }
  }
  if (failure) std::rethrow_exception(failure);
  const double bytes = static_cast<double>(options.size) * options.count;
  return boost::json::serialize(boost::json::object{{"op", options.op},
                                                    {"size", options.size},
                                                    {"count", options.count},
                                                    {"parallel", options.parallel},
                                                    {"bytes", bytes},
                                                    {"seconds", seconds},
                                                    {"mb_per_s", bytes / 1e6 / seconds},
                                                    {"cpu_s", cpu_used}});
}

}  // namespace marquee::dev
