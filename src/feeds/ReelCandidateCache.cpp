#include "feeds/ReelCandidateCache.h"

namespace marquee::feeds {

ReelCandidateCache::Candidates ReelCandidateCache::get(std::int64_t generation,
                                                       const std::function<ReelCandidates()>& load) {
  {
    std::lock_guard lock(mutex_);
    for (const auto& [held, candidates] : entries_) {
      if (held == generation) return candidates;
    }
  }
  auto loaded = std::make_shared<const ReelCandidates>(load());
  std::lock_guard lock(mutex_);
  for (const auto& [held, candidates] : entries_) {
    if (held == generation) return candidates;
  }
  entries_.emplace_back(generation, loaded);
  if (entries_.size() > kGenerationsHeld) entries_.pop_front();
  return loaded;
}

}  // namespace marquee::feeds
