#pragma once
// What a video is about, as a vector: hashed TF-IDF features of its title, tags,
// description, category and channel, projected by signed feature hashing (each feature on
// four signed coordinates) onto kContentDimensions and L2-normalized, so the cosine of two videos is one inner product.
// Deterministic: the same text and the same document frequencies give the same vector on
// every node; nothing is learnt at run time and no model is downloaded (docs/ranking.md).
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace marquee::recs {

inline constexpr std::size_t kContentDimensions = 256;

// The text of a video that says what it is about.
struct VideoText {
  std::string title;
  std::vector<std::string> tags;
  std::string description;
  std::string category;
  std::string channel;  // the owner's username
};

// One feature of a video (a word, a whole tag, the category or the channel), identified by a
// 64-bit hash of its kind and text, with its field-weighted, sublinear term frequency.
struct Feature {
  std::uint64_t hash = 0;
  float weight = 0;
};

// The video's distinct features, sorted by hash. Words are shared by title, tags and
// description (a title word matches the same word in a tag), weighted by field: a whole tag
// 3, the category 2.5, a title word 1.5, the channel 1, a word of a tag 1, a description
// word 0.4 (its first 300 words only). Words of digits only ("part 2") are left out.
std::vector<Feature> content_features(const VideoText& text);

// In how many videos of the catalogue each feature occurs: the IDF of content_vector. Built
// once per full index build; not thread-safe while adding, immutable afterwards.
class DocumentFrequencies {
 public:
  void add(const std::vector<Feature>& features);
  // Smoothed: ln((1 + N) / (1 + df)) + 1, so a feature no video had weighs the most and an
  // empty catalogue weighs every feature 1.
  double idf(std::uint64_t feature) const;
  std::size_t documents() const { return documents_; }
  std::size_t features() const { return counts_.size(); }

 private:
  std::unordered_map<std::uint64_t, std::uint32_t> counts_;
  std::size_t documents_ = 0;
};

// Each feature's weight times its IDF, split over four hash-chosen coordinates with
// hash-chosen signs, then scaled to length 1 (all zeros for a video without text).
std::vector<float> content_vector(const std::vector<Feature>& features, const DocumentFrequencies& frequencies);

// The inner product: the cosine of two content vectors.
float dot(std::span<const float> a, std::span<const float> b);

// Scales `vector` to length 1 (leaves an all-zero vector as it is).
void normalize(std::vector<float>& vector);

}  // namespace marquee::recs
