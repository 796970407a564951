#include "fingerprints/FrameHash.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <fstream>
#include <numbers>

namespace marquee::fingerprints {
namespace {

constexpr int kReduced = 64;
constexpr int kCoefficients = 16;
// A border row or column: dark and nearly uniform.
constexpr double kBorderMean = 32.0;
constexpr double kBorderSpread = 10.0;

// D[i][j] = sqrt(2/64)·cos(π/128·(i+1)·(2j+1)): the DCT-II rows 1..16 (the DC row left out).
const std::array<std::array<double, kReduced>, kCoefficients>& dct_matrix() {
  static const auto matrix = [] {
    std::array<std::array<double, kReduced>, kCoefficients> m{};
    const double scale = std::sqrt(2.0 / kReduced);
    for (int i = 0; i < kCoefficients; ++i) {
      for (int j = 0; j < kReduced; ++j) {
        m[i][j] = scale * std::cos(std::numbers::pi / 2.0 / kReduced * (i + 1) * (2 * j + 1));
      }
    }
    return m;
  }();
  return matrix;
}

struct Window {
  int top = 0, bottom = 0, left = 0, right = 0;  // [top, bottom) × [left, right)
};

// Mean and spread (mean absolute deviation) of `count` pixels `step` apart from `start`.
std::pair<double, double> line_stats(const std::uint8_t* start, int count, int step) {
  double sum = 0;
  for (int i = 0; i < count; ++i) sum += start[i * step];
  const double mean = sum / count;
  double spread = 0;
  for (int i = 0; i < count; ++i) spread += std::abs(start[i * step] - mean);
  return {mean, spread / count};
}

bool is_border(const std::pair<double, double>& stats) {
  return stats.first < kBorderMean && stats.second < kBorderSpread;
}

// The picture inside dark uniform bars (at most 30 % of each side).
Window trim_borders(const std::uint8_t* pixels, int side) {
  Window w{0, side, 0, side};
  const int most = side * 3 / 10;
  while (w.top < most && is_border(line_stats(pixels + w.top * side, side, 1))) ++w.top;
  while (side - w.bottom < most && is_border(line_stats(pixels + (w.bottom - 1) * side, side, 1))) --w.bottom;
  const int rows = w.bottom - w.top;
  while (w.left < most && is_border(line_stats(pixels + w.top * side + w.left, rows, side))) ++w.left;
  while (side - w.right < most && is_border(line_stats(pixels + w.top * side + w.right - 1, rows, side))) --w.right;
  return w;
}

// Area-average of the window into 64×64.
void reduce(const std::uint8_t* pixels, int side, const Window& w, std::array<double, kReduced * kReduced>& out) {
  const int height = w.bottom - w.top, width = w.right - w.left;
  for (int y = 0; y < kReduced; ++y) {
    const int y0 = w.top + height * y / kReduced;
    const int y1 = std::max(y0 + 1, w.top + height * (y + 1) / kReduced);
    for (int x = 0; x < kReduced; ++x) {
      const int x0 = w.left + width * x / kReduced;
      const int x1 = std::max(x0 + 1, w.left + width * (x + 1) / kReduced);
      double sum = 0;
      for (int yy = y0; yy < y1; ++yy) {
        for (int xx = x0; xx < x1; ++xx) sum += pixels[yy * side + xx];
      }
      out[y * kReduced + x] = sum / ((y1 - y0) * (x1 - x0));
    }
  }
}

// PDQ's measure of detail: the sum of neighbouring differences, scaled so 100 is plenty.
int quality_of(const std::array<double, kReduced * kReduced>& a) {
  double gradients = 0;
  for (int y = 0; y < kReduced - 1; ++y) {
    for (int x = 0; x < kReduced; ++x) gradients += std::abs(a[(y + 1) * kReduced + x] - a[y * kReduced + x]);
  }
  for (int y = 0; y < kReduced; ++y) {
    for (int x = 0; x < kReduced - 1; ++x) gradients += std::abs(a[y * kReduced + x + 1] - a[y * kReduced + x]);
  }
  return std::min(100, static_cast<int>(gradients / 90.0));
}

FrameHash hash_of(const std::array<double, kReduced * kReduced>& a, bool mirrored) {
  const auto& d = dct_matrix();
  // T = A · Dᵀ (64×16), then B = D · T (16×16); a mirror reads A's columns backwards.
  std::array<double, kReduced * kCoefficients> t{};
  for (int y = 0; y < kReduced; ++y) {
    for (int j = 0; j < kCoefficients; ++j) {
      double sum = 0;
      for (int x = 0; x < kReduced; ++x) {
        sum += a[y * kReduced + (mirrored ? kReduced - 1 - x : x)] * d[j][x];
      }
      t[y * kCoefficients + j] = sum;
    }
  }
  std::array<double, kCoefficients * kCoefficients> b{};
  for (int i = 0; i < kCoefficients; ++i) {
    for (int j = 0; j < kCoefficients; ++j) {
      double sum = 0;
      for (int y = 0; y < kReduced; ++y) sum += d[i][y] * t[y * kCoefficients + j];
      b[i * kCoefficients + j] = sum;
    }
  }
  std::array<double, kCoefficients * kCoefficients> sorted = b;
  std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
  const double median = sorted[sorted.size() / 2];
  FrameHash hash{};
  for (std::size_t k = 0; k < b.size(); ++k) {
    if (b[k] > median) hash[k / 64] |= std::uint64_t{1} << (k % 64);
  }
  return hash;
}

}  // namespace

HashedFrame hash_luma_frame(const std::uint8_t* pixels, int side) {
  Window window = trim_borders(pixels, side);
  if (window.bottom - window.top < 8 || window.right - window.left < 8) window = {0, side, 0, side};
  std::array<double, kReduced * kReduced> reduced{};
  reduce(pixels, side, window, reduced);
  HashedFrame frame{hash_of(reduced, false), hash_of(reduced, true), {}, quality_of(reduced)};
  const int height = window.bottom - window.top, width = window.right - window.left;
  for (int k = 0; k < 2; ++k) {
    const int dy = height * (k + 1) / 40, dx = width * (k + 1) / 40;  // 2.5 %, 5 %
    std::array<double, kReduced * kReduced> inner{};
    reduce(pixels, side, {window.top + dy, window.bottom - dy, window.left + dx, window.right - dx}, inner);
    frame.cropped[k] = hash_of(inner, false);
  }
  return frame;
}

std::vector<HashedFrame> hash_luma_file(const std::string& path, int side) {
  std::vector<HashedFrame> frames;
  std::ifstream in(path, std::ios::binary);
  std::vector<std::uint8_t> frame(static_cast<std::size_t>(side) * side);
  while (in.read(reinterpret_cast<char*>(frame.data()), static_cast<std::streamsize>(frame.size()))) {
    frames.push_back(hash_luma_frame(frame.data(), side));
  }
  return frames;
}

int hamming_distance(const FrameHash& a, const FrameHash& b) {
  int bits = 0;
  for (std::size_t i = 0; i < a.size(); ++i) bits += std::popcount(a[i] ^ b[i]);
  return bits;
}

std::string to_hex(const FrameHash& hash) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (int word = 3; word >= 0; --word) {
    for (int shift = 60; shift >= 0; shift -= 4) out += digits[(hash[word] >> shift) & 15];
  }
  return out;
}

std::optional<FrameHash> hash_from_hex(std::string_view hex) {
  if (hex.size() != 64) return std::nullopt;
  FrameHash hash{};
  for (std::size_t i = 0; i < 64; ++i) {
    const char c = hex[i];
    int v = -1;
    if (c >= '0' && c <= '9') v = c - '0';
    if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    if (v < 0) return std::nullopt;
    const int word = 3 - static_cast<int>(i / 16);
    hash[word] = (hash[word] << 4) | static_cast<std::uint64_t>(v);
  }
  return hash;
}

}  // namespace marquee::fingerprints
