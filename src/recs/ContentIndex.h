#pragma once
// Every listed video's content vector, searchable (VectorIndex), with the document
// frequencies the vectors were computed from. A full build reads the whole catalogue twice
// (frequencies, then vectors) into a new index and swaps it in while the old one keeps
// answering. Between builds, videos are put and removed one at a time with the frequencies of
// the last build; a change that arrives during a build goes to the old index and is handed
// back by rebuild(), for the caller to apply again to the new one. Thread-safe.
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "recs/ContentVector.h"
#include "recs/VectorIndex.h"

namespace marquee::recs {

// A listed video: what lists need of it and what it is about.
struct CatalogueEntry {
  IndexedVideo video;
  VideoText text;
};

class ContentIndex {
 public:
  // Calls its argument once for every listed video.
  using CatalogueReader = std::function<void(const std::function<void(const CatalogueEntry&)>&)>;

  struct ChangedDuringBuild {
    std::vector<std::string> videos;
    std::vector<std::string> owners;
  };

  ContentIndex(HnswParameters parameters, unsigned build_threads);

  // Builds a new index from `read` (called twice) and swaps it in; one build at a time.
  ChangedDuringBuild rebuild(const CatalogueReader& read);

  void put(const CatalogueEntry& entry);
  void remove(const std::string& video_id);
  void remove_owner(const std::string& owner_id);

  // The vector of a video with this text (one that is not indexed: unlisted, private).
  std::vector<float> vector_for(const VideoText& text) const;
  // The index to search: stays whole while held, even when a build replaces it.
  std::shared_ptr<const VectorIndex> index() const;
  // Whether a full build happened or is under way; whether one happened, and how many videos
  // it indexed.
  bool started() const;
  bool built() const;
  std::size_t built_size() const;

 private:
  const HnswParameters parameters_;
  const unsigned build_threads_;

  std::mutex build_mutex_;  // one rebuild() at a time
  mutable std::mutex mutex_;  // guards the fields below
  std::shared_ptr<VectorIndex> index_;
  std::shared_ptr<const DocumentFrequencies> frequencies_;
  bool built_ = false;
  std::size_t built_size_ = 0;
  bool building_ = false;
  ChangedDuringBuild changed_;
};

}  // namespace marquee::recs
