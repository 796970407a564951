// The Marquee side of `scripts/bench s3` until `marquee dev blob-bench` exists: puts or gets
// `count` objects of `size` bytes, `parallel` at a time, through the BlobStore that --blobs
// names (an s3:// URL, credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, exactly
// as `marquee serve --blobs` opens it: blob::open_blob_store with the default part size and
// parallel parts), and prints one JSON line. Same options and output as `marquee dev
// blob-bench`, so bench/s3/s3.sh drives either:
//
//   blob-bench --blobs URL --op put|get|put-file|get-file --size BYTES --count N
//              [--parallel 8] [--prefix bench] [--scratch-dir /tmp]
//              [--blob-part-size-mib 8] [--blob-parallel-parts 4]
//   → {"op":…,"size":…,"count":…,"parallel":…,"bytes":…,"seconds":…,"mb_per_s":…,"cpu_s":…}
//   (cpu_s: this process's user+sys CPU over the timed loop, getrusage)
//
//   put       BlobStore::put_bytes from memory     get       BlobStore::read of the whole object
//   put-file  BlobStore::put_file of a local file  get-file  BlobStore::get_to_file
//
// Keys are <prefix>/<i>; a get reads what a put with the same prefix, size and count wrote,
// and checks every byte (get: inside the timed loop, as a caller would use them; get-file:
// after the clock). Inputs (the bytes, the local files for put-file) are made before the
// clock starts. Not built by CMake: scripts/bench s3 compiles it against
// build/release/libmarquee_lib.a (bench/s3/s3.sh, s3_build_driver).
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "blob/BlobStore.h"
#include "blob/OpenBlobStore.h"

namespace {

// The same bytes for an index on put and get, cheap to make and incompressible enough.
std::string content_for(int index, std::uint64_t size) {
  std::string out(size, '\0');
  std::uint64_t state = static_cast<std::uint64_t>(index) * 0x9E3779B97F4A7C15ull + 1;
  std::uint64_t i = 0;
  for (; i + 8 <= size; i += 8) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    std::memcpy(out.data() + i, &state, 8);
  }
  for (; i < size; ++i) out[i] = static_cast<char>(i);
  return out;
}

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "blob-bench: " << why
            << "\nusage: blob-bench --blobs URL --op put|get|put-file|get-file --size BYTES --count N"
               " [--parallel 8] [--prefix bench] [--scratch-dir /tmp] [--blob-part-size-mib 8] [--blob-parallel-parts 4]\n";
  std::exit(2);
}

double cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  std::string blobs, op = "put", prefix = "bench", scratch = "/tmp";
  std::uint64_t size = 1 << 20;
  int count = 32, parallel = 8, part_size_mib = 8, parallel_parts = 4;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) usage(arg + " needs a value");
    const std::string value = argv[++i];
    try {
      if (arg == "--blobs") blobs = value;
      else if (arg == "--op") op = value;
      else if (arg == "--size") size = std::stoull(value);
      else if (arg == "--count") count = std::stoi(value);
      else if (arg == "--parallel") parallel = std::stoi(value);
      else if (arg == "--prefix") prefix = value;
      else if (arg == "--scratch-dir") scratch = value;
      else if (arg == "--blob-part-size-mib") part_size_mib = std::stoi(value);
      else if (arg == "--blob-parallel-parts") parallel_parts = std::stoi(value);
      else usage("unknown option " + arg);
    } catch (const std::logic_error&) {
      usage("bad value for " + arg);
    }
  }
  if (blobs.empty()) usage("--blobs is required");
  if (op != "put" && op != "get" && op != "put-file" && op != "get-file") usage("--op must be put, get, put-file or get-file");
  if (count < 1 || parallel < 1) usage("--count and --parallel must be positive");
  const bool files = op.ends_with("-file");
  const bool put = op.starts_with("put");

  try {
    marquee::blob::BlobStoreSettings settings;  // as App opens it: blob_settings(config)
    settings.url = blobs;
    settings.local_root = scratch + "/blobs";
    settings.part_size_bytes = static_cast<std::size_t>(part_size_mib) * 1024 * 1024;
    settings.parallel_parts = parallel_parts;
    auto store = marquee::blob::open_blob_store(settings);

    std::vector<std::string> contents;
    std::vector<std::string> paths;
    for (int i = 0; i < count; ++i) {
      contents.push_back(content_for(i, size));
      paths.push_back(scratch + "/blob-bench-" + std::to_string(::getpid()) + "-" + std::to_string(i));
      if (files && put) {
        std::ofstream out(paths.back(), std::ios::binary);
        out << contents.back();
        if (!out) throw std::runtime_error("cannot write " + paths.back());
      }
    }

    std::atomic<int> next{0};
    std::mutex mutex;
    std::exception_ptr failure;
    auto work = [&] {
      for (int i = next++; i < count; i = next++) {
        const std::string key = prefix + "/" + std::to_string(i);
        try {
          if (op == "put") {
            store->put_bytes(key, contents[i]);
          } else if (op == "put-file") {
            store->put_file(key, paths[i]);
          } else if (op == "get") {
            if (store->read(key, 0, size) != contents[i]) throw std::runtime_error(key + ": the bytes read differ");
          } else {
            store->get_to_file(key, paths[i]);
          }
        } catch (...) {
          std::lock_guard lock(mutex);
          if (!failure) failure = std::current_exception();
          return;
        }
      }
    };
    const double cpu_start = cpu_seconds();
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < parallel; ++t) threads.emplace_back(work);
    for (auto& thread : threads) thread.join();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu = cpu_seconds() - cpu_start;
    if (files) {
      for (int i = 0; i < count; ++i) {
        if (op == "get-file" && !failure) {
          std::ifstream in(paths[i], std::ios::binary);
          if (std::string(std::istreambuf_iterator<char>(in), {}) != contents[i]) {
            failure = std::make_exception_ptr(std::runtime_error("downloaded file " + std::to_string(i) + " differs"));
          }
        }
        std::filesystem::remove(paths[i]);
      }
    }
    if (failure) std::rethrow_exception(failure);
    const double bytes = static_cast<double>(size) * count;
    std::printf(
        "{\"op\":\"%s\",\"size\":%llu,\"count\":%d,\"parallel\":%d,\"bytes\":%.0f,\"seconds\":%.6f,\"mb_per_s\":%.3f,"
        "\"cpu_s\":%.3f}\n",
        op.c_str(), static_cast<unsigned long long>(size), count, parallel, bytes, seconds, bytes / 1e6 / seconds, cpu);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "blob-bench: " << e.what() << "\n";
    return 1;
  }
}
