#include "recs/ContentIndex.h"

#include <utility>

namespace marquee::recs {
namespace {

// Vectors are inserted in batches of this many, so a build never holds the whole catalogue's
// vectors besides the graph's own copy.
constexpr std::size_t kBuildBatch = 20'000;

}  // namespace

ContentIndex::ContentIndex(HnswParameters parameters, unsigned build_threads)
    : parameters_(parameters),
      build_threads_(build_threads),
      index_(std::make_shared<VectorIndex>(kContentDimensions, parameters)),
      frequencies_(std::make_shared<const DocumentFrequencies>()) {}

ContentIndex::ChangedDuringBuild ContentIndex::rebuild(const CatalogueReader& read) {
  std::lock_guard build_lock(build_mutex_);
  {
    std::lock_guard lock(mutex_);
    building_ = true;
    changed_ = {};
  }
  try {
    auto frequencies = std::make_shared<DocumentFrequencies>();
    std::size_t count = 0;
    read([&](const CatalogueEntry& entry) {
      frequencies->add(content_features(entry.text));
      ++count;
    });
    auto fresh = std::make_shared<VectorIndex>(kContentDimensions, parameters_, count + count / 8 + 64);
    std::vector<VectorItem> batch;
    read([&](const CatalogueEntry& entry) {
      batch.push_back({entry.video, content_vector(content_features(entry.text), *frequencies)});
      if (batch.size() >= kBuildBatch) fresh->put_all(std::exchange(batch, {}), build_threads_);
    });
    fresh->put_all(std::move(batch), build_threads_);

    std::lock_guard lock(mutex_);
    index_ = std::move(fresh);
    frequencies_ = std::move(frequencies);
    built_ = true;
    built_size_ = count;
    building_ = false;
    return std::exchange(changed_, {});
  } catch (...) {
    std::lock_guard lock(mutex_);
    building_ = false;
    changed_ = {};
    throw;
  }
}

void ContentIndex::put(const CatalogueEntry& entry) {
  std::shared_ptr<VectorIndex> target;
  std::shared_ptr<const DocumentFrequencies> frequencies;
  {
    std::lock_guard lock(mutex_);
    if (building_) changed_.videos.push_back(entry.video.video_id);
    target = index_;
    frequencies = frequencies_;
  }
  target->put(entry.video, content_vector(content_features(entry.text), *frequencies));
}

void ContentIndex::remove(const std::string& video_id) {
  std::shared_ptr<VectorIndex> target;
  {
    std::lock_guard lock(mutex_);
    if (building_) changed_.videos.push_back(video_id);
    target = index_;
  }
  target->remove(video_id);
}

void ContentIndex::remove_owner(const std::string& owner_id) {
  std::shared_ptr<VectorIndex> target;
  {
    std::lock_guard lock(mutex_);
    if (building_) changed_.owners.push_back(owner_id);
    target = index_;
  }
  target->remove_owner(owner_id);
}

std::vector<float> ContentIndex::vector_for(const VideoText& text) const {
  std::shared_ptr<const DocumentFrequencies> frequencies;
  {
    std::lock_guard lock(mutex_);
    frequencies = frequencies_;
  }
  return content_vector(content_features(text), *frequencies);
}

std::shared_ptr<const VectorIndex> ContentIndex::index() const {
  std::lock_guard lock(mutex_);
  return index_;
}

bool ContentIndex::started() const {
  std::lock_guard lock(mutex_);
  return built_ || building_;
}

bool ContentIndex::built() const {
  std::lock_guard lock(mutex_);
  return built_;
}

std::size_t ContentIndex::built_size() const {
  std::lock_guard lock(mutex_);
  return built_size_;
}

}  // namespace marquee::recs
