#include "recs/ContentVector.h"

#include <algorithm>
#include <cstdint>
#include <cmath>
#include <string_view>

#include "feeds/ExplorationNoise.h"
#include "search/SearchText.h"

namespace marquee::recs {
namespace {

constexpr float kTagWeight = 3.0f;
constexpr float kCategoryWeight = 2.5f;
constexpr float kTitleWordWeight = 1.5f;
constexpr float kChannelWeight = 1.0f;
constexpr float kTagWordWeight = 1.0f;
constexpr float kDescriptionWordWeight = 0.4f;
constexpr std::size_t kDescriptionWords = 300;
// Each feature is spread over this many signed coordinates (a sparse random projection): two
// unrelated features that share one coordinate then add a quarter of the noise one shared
// coordinate would, and inner products stay unbiased.
constexpr std::size_t kCoordinatesPerFeature = 4;

// Features of different kinds never collide by text: "tag:jazz" is not "word:jazz".
std::uint64_t feature_hash(std::string_view kind, std::string_view text) {
  std::string key;
  key.reserve(kind.size() + 1 + text.size());
  key.append(kind).push_back(':');
  key.append(text);
  return feeds::mix64(feeds::fnv1a64(key));
}

// Occurrences per feature within one field, turned into 1 + ln(count) times the field's weight.
class FieldCounts {
 public:
  void add(std::uint64_t hash) { ++counts_[hash]; }
  void add_to(std::unordered_map<std::uint64_t, float>& weights, float field_weight) const {
    for (const auto& [hash, count] : counts_) {
      weights[hash] += field_weight * (1.0f + std::log(static_cast<float>(count)));
    }
  }

 private:
  std::unordered_map<std::uint64_t, std::uint32_t> counts_;
};

// Numbers ("part 2", "2024", "7") say little about what a video is about and, being rare,
// would weigh the most: words of digits only are left out.
bool only_digits(std::string_view word) {
  return std::all_of(word.begin(), word.end(), [](unsigned char c) { return c >= '0' && c <= '9'; });
}

void add_words(FieldCounts& field, std::string_view text, std::size_t at_most = SIZE_MAX) {
  std::size_t taken = 0;
  for (const auto& word : search::words(text)) {
    if (taken++ >= at_most) break;
    if (!only_digits(word)) field.add(feature_hash("word", word));
  }
}

}  // namespace

std::vector<Feature> content_features(const VideoText& text) {
  std::unordered_map<std::uint64_t, float> weights;

  FieldCounts title;
  add_words(title, text.title);
  title.add_to(weights, kTitleWordWeight);

  FieldCounts tags, tag_words;
  for (const auto& tag : text.tags) {
    const std::string folded = search::fold(tag);
    if (folded.empty()) continue;
    tags.add(feature_hash("tag", folded));
    add_words(tag_words, folded);
  }
  tags.add_to(weights, kTagWeight);
  tag_words.add_to(weights, kTagWordWeight);

  FieldCounts description;
  add_words(description, text.description, kDescriptionWords);
  description.add_to(weights, kDescriptionWordWeight);

  if (const std::string category = search::fold(text.category); !category.empty()) {
    weights[feature_hash("category", category)] += kCategoryWeight;
  }
  if (const std::string channel = search::fold(text.channel); !channel.empty()) {
    weights[feature_hash("channel", channel)] += kChannelWeight;
  }

  std::vector<Feature> features;
  features.reserve(weights.size());
  for (const auto& [hash, weight] : weights) features.push_back({hash, weight});
  std::sort(features.begin(), features.end(), [](const Feature& a, const Feature& b) { return a.hash < b.hash; });
  return features;
}

void DocumentFrequencies::add(const std::vector<Feature>& features) {
  ++documents_;
  for (const auto& feature : features) ++counts_[feature.hash];
}

double DocumentFrequencies::idf(std::uint64_t feature) const {
  auto it = counts_.find(feature);
  const double df = it == counts_.end() ? 0.0 : static_cast<double>(it->second);
  return std::log((1.0 + static_cast<double>(documents_)) / (1.0 + df)) + 1.0;
}

std::vector<float> content_vector(const std::vector<Feature>& features, const DocumentFrequencies& frequencies) {
  std::vector<float> vector(kContentDimensions, 0.0f);
  const float share = 1.0f / std::sqrt(static_cast<float>(kCoordinatesPerFeature));
  for (const auto& feature : features) {
    const float weight = feature.weight * static_cast<float>(frequencies.idf(feature.hash)) * share;
    for (std::size_t j = 0; j < kCoordinatesPerFeature; ++j) {
      // Low bits choose the coordinate, the top bit the sign: independent bits of a mixed hash.
      const std::uint64_t h = feeds::mix64(feature.hash + j);
      vector[h % kContentDimensions] += (h >> 63) != 0 ? -weight : weight;
    }
  }
  normalize(vector);
  return vector;
}

float dot(std::span<const float> a, std::span<const float> b) {
  // Eight running sums, one per lane, so the compiler can use SIMD without reassociating.
  constexpr std::size_t kLanes = 8;
  float sums[kLanes] = {};
  const std::size_t n = std::min(a.size(), b.size());
  std::size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    for (std::size_t lane = 0; lane < kLanes; ++lane) sums[lane] += a[i + lane] * b[i + lane];
  }
  float total = 0;
  for (; i < n; ++i) total += a[i] * b[i];
  for (float sum : sums) total += sum;
  return total;
}

void normalize(std::vector<float>& vector) {
  const float length = std::sqrt(dot(vector, vector));
  if (length <= 0.0f) return;
  for (float& value : vector) value /= length;
}

}  // namespace marquee::recs
