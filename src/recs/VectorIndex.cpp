#include "recs/VectorIndex.h"

// hnswlib 0.6.2's search reads the entry after the last of a full neighbour list, to prefetch the
// vector it names: four bytes past the list's allocation, inside the heap and never used, but
// AddressSanitizer stops there. Under the sanitizer the library goes without its hand-vectorized
// code, that prefetch included.
#if defined(__SANITIZE_ADDRESS__) && !defined(NO_MANUAL_VECTORIZATION)
#define NO_MANUAL_VECTORIZATION
#endif
#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <shared_mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include "recs/ContentVector.h"

namespace marquee::recs {
namespace {

// hnswlib's graphs are seeded; a fixed seed makes an index built from the same items the same.
constexpr std::size_t kGraphSeed = 100;
// A filtered search widens until enough items pass, but never beyond this many candidates
// (a filter that refuses nearly everything then gets fewer results, not a scan).
constexpr std::size_t kMaxCandidates = 4096;

bool closer(const Neighbour& a, const Neighbour& b) {
  return a.similarity != b.similarity ? a.similarity > b.similarity : a.video.video_id < b.video.video_id;
}

}  // namespace

struct VectorIndex::Graph {
  Graph(std::size_t dimensions, const HnswParameters& parameters, std::size_t capacity)
      : space(dimensions),
        hnsw(&space, std::max<std::size_t>(capacity, 16), parameters.m, parameters.ef_construction, kGraphSeed) {
    hnsw.setEf(parameters.ef_search);
  }

  // The slot for a new video: a removed video's (the graph reuses its node), else a new one.
  std::size_t new_label() {
    if (!free_labels.empty()) {
      const std::size_t label = free_labels.back();
      free_labels.pop_back();
      return label;
    }
    slots.emplace_back();
    if (slots.size() > hnsw.max_elements_) hnsw.resizeIndex(std::max(hnsw.max_elements_ * 2, slots.size()));
    return slots.size() - 1;
  }

  const float* stored(std::size_t label) const {
    auto it = hnsw.label_lookup_.find(label);
    if (it == hnsw.label_lookup_.end()) return nullptr;
    return reinterpret_cast<const float*>(hnsw.getDataByInternalId(it->second));
  }

  hnswlib::InnerProductSpace space;  // before hnsw, which points into it
  hnswlib::HierarchicalNSW<float> hnsw;
  mutable std::shared_mutex mutex;
  std::vector<std::optional<IndexedVideo>> slots;  // by label; empty: free (marked deleted in hnsw)
  std::unordered_map<std::string, std::size_t> labels;
  std::vector<std::size_t> free_labels;
};

VectorIndex::VectorIndex(std::size_t dimensions, HnswParameters parameters, std::size_t capacity)
    : dimensions_(dimensions), parameters_(parameters), graph_(std::make_unique<Graph>(dimensions, parameters, capacity)) {}

VectorIndex::~VectorIndex() = default;

void VectorIndex::put(const IndexedVideo& video, std::span<const float> vector) {
  if (vector.size() != dimensions_) throw std::invalid_argument("vector of the wrong dimensions");
  auto& g = *graph_;
  std::unique_lock lock(g.mutex);
  if (auto it = g.labels.find(video.video_id); it != g.labels.end()) {
    const std::size_t label = it->second;
    g.slots[label] = video;
    // Most changes (status, visibility, counters) leave the text alone: no graph work then.
    const float* old = g.stored(label);
    if (old && std::equal(vector.begin(), vector.end(), old)) return;
    g.hnsw.addPoint(vector.data(), label);
    return;
  }
  const std::size_t label = g.new_label();
  g.slots[label] = video;
  g.labels[video.video_id] = label;
  g.hnsw.addPoint(vector.data(), label);
}

void VectorIndex::put_all(std::vector<VectorItem> items, unsigned threads) {
  auto& g = *graph_;
  std::unique_lock lock(g.mutex);
  std::vector<std::size_t> labels;
  labels.reserve(items.size());
  std::size_t fresh = 0;
  for (const auto& item : items) {
    if (item.vector.size() != dimensions_) throw std::invalid_argument("vector of the wrong dimensions");
    if (!g.labels.contains(item.video.video_id) && g.free_labels.empty()) ++fresh;
  }
  if (g.slots.size() + fresh > g.hnsw.max_elements_) g.hnsw.resizeIndex(g.slots.size() + fresh);
  for (auto& item : items) {
    auto it = g.labels.find(item.video.video_id);
    const std::size_t label = it != g.labels.end() ? it->second : g.new_label();
    g.labels[item.video.video_id] = label;
    g.slots[label] = item.video;
    labels.push_back(label);
  }
  // hnswlib inserts distinct labels concurrently; each thread takes every n-th item.
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(items.size() / 256 + 1)));
  std::vector<std::jthread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (std::size_t i = t; i < items.size(); i += threads) g.hnsw.addPoint(items[i].vector.data(), labels[i]);
    });
  }
}

bool VectorIndex::remove(const std::string& video_id) {
  auto& g = *graph_;
  std::unique_lock lock(g.mutex);
  auto it = g.labels.find(video_id);
  if (it == g.labels.end()) return false;
  const std::size_t label = it->second;
  g.hnsw.markDelete(label);
  g.slots[label].reset();
  g.free_labels.push_back(label);
  g.labels.erase(it);
  return true;
}

std::size_t VectorIndex::remove_owner(const std::string& owner_id) {
  auto& g = *graph_;
  std::unique_lock lock(g.mutex);
  std::size_t removed = 0;
  for (std::size_t label = 0; label < g.slots.size(); ++label) {
    auto& slot = g.slots[label];
    if (!slot || slot->owner_id != owner_id) continue;
    g.hnsw.markDelete(label);
    g.labels.erase(slot->video_id);
    slot.reset();
    g.free_labels.push_back(label);
    ++removed;
  }
  return removed;
}

std::vector<Neighbour> VectorIndex::nearest(std::span<const float> query, std::size_t k, const Admit& admit) const {
  if (query.size() != dimensions_) throw std::invalid_argument("vector of the wrong dimensions");
  const auto& g = *graph_;
  std::shared_lock lock(g.mutex);
  const std::size_t live = g.labels.size();
  std::vector<Neighbour> found;
  if (live == 0 || k == 0) return found;
  const std::size_t widest = std::min(live, std::max(kMaxCandidates, k));
  std::size_t wanted = std::min(widest, admit ? k * 2 + 10 : k);
  for (;;) {
    found.clear();
    auto results = g.hnsw.searchKnn(query.data(), wanted);
    while (!results.empty()) {
      const auto [distance, label] = results.top();
      results.pop();
      const auto& slot = g.slots[label];
      if (!slot || (admit && !admit(*slot))) continue;
      found.push_back({*slot, 1.0f - distance});
    }
    if (found.size() >= k || wanted >= widest) break;
    wanted = std::min(widest, wanted * 4);
  }
  std::sort(found.begin(), found.end(), closer);
  if (found.size() > k) found.resize(k);
  return found;
}

std::optional<std::vector<float>> VectorIndex::vector_of(const std::string& video_id) const {
  const auto& g = *graph_;
  std::shared_lock lock(g.mutex);
  auto it = g.labels.find(video_id);
  if (it == g.labels.end()) return std::nullopt;
  const float* data = g.stored(it->second);
  if (!data) return std::nullopt;
  return std::vector<float>(data, data + dimensions_);
}

std::optional<IndexedVideo> VectorIndex::video_of(const std::string& video_id) const {
  const auto& g = *graph_;
  std::shared_lock lock(g.mutex);
  auto it = g.labels.find(video_id);
  if (it == g.labels.end()) return std::nullopt;
  return g.slots[it->second];
}

std::vector<float> VectorIndex::similarities(std::span<const float> query, const std::vector<std::string>& video_ids) const {
  const auto& g = *graph_;
  std::shared_lock lock(g.mutex);
  std::vector<float> out;
  out.reserve(video_ids.size());
  for (const auto& id : video_ids) {
    auto it = g.labels.find(id);
    const float* data = it == g.labels.end() ? nullptr : g.stored(it->second);
    out.push_back(data ? dot(query, std::span<const float>(data, dimensions_)) : 0.0f);
  }
  return out;
}

std::size_t VectorIndex::size() const {
  std::shared_lock lock(graph_->mutex);
  return graph_->labels.size();
}

std::size_t VectorIndex::memory_bytes() const {
  const auto& g = *graph_;
  std::shared_lock lock(g.mutex);
  const auto& h = g.hnsw;
  std::size_t bytes = h.max_elements_ * h.size_data_per_element_;  // vectors and base-layer links
  for (std::size_t i = 0; i < h.cur_element_count; ++i) {
    bytes += static_cast<std::size_t>(h.element_levels_[i]) * h.size_links_per_element_;
  }
  bytes += h.max_elements_ * (sizeof(void*) + sizeof(int) + sizeof(std::mutex));  // per-node pointers, levels, locks
  bytes += h.label_lookup_.size() * (sizeof(std::size_t) * 2 + 2 * sizeof(void*));
  for (const auto& slot : g.slots) {
    bytes += sizeof(slot);
    if (slot) bytes += slot->video_id.capacity() + slot->owner_id.capacity();
  }
  bytes += g.labels.size() * (sizeof(std::string) + sizeof(std::size_t) + 2 * sizeof(void*));
  return bytes;
}

}  // namespace marquee::recs
