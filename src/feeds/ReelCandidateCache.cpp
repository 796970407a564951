#include "feeds/ReelCandidateCache.h"

namespace marquee::feeds {

ReelCandidateCache::Candidates ReelCandidateCache::get(std::int64_t generation,
                                                       const std::function<std::vector<ReelCandidate>()>& load) {
  {
    std::lock_guard lock(mutex_);
    for (const auto& [held, candidates] : entries_) {
      if (held == generation) return candidates;
    }
  }
  auto loaded = std::make_shared<const std::vector<ReelCandidate>>(load());
  std::lock_guard lock(mutex_);
  for (const auto& [held, candidates] : entries_) {
    if (held == generation) return candidates;
  }
  entries_.emplace_back(generation, loaded);
  if (entries_.size() > kGenerationsHeld) entries_.pop_front();
  return loaded;
}

}  // namespace marquee::feeds
