#pragma once
// The real content classifier for tests: tools/classifier (the NSFW model bundled in nsfwjs,
// on TensorFlow.js's WebAssembly backend) started with node on a free loopback port. Its npm
// packages must be installed (`tools/classifier/run --install-only`; scripts/test does it).
#include <sys/types.h>

#include <string>

namespace marquee::testing {

class OwnClassifier {
 public:
  // Throws when the classifier cannot start (the message says why).
  OwnClassifier();
  ~OwnClassifier();
  OwnClassifier(const OwnClassifier&) = delete;
  OwnClassifier& operator=(const OwnClassifier&) = delete;

  // "" when node and the classifier's packages are there; else what is missing.
  static std::string missing();
  std::string url() const { return url_; }  // http://127.0.0.1:PORT/classify

 private:
  pid_t pid_ = -1;
  int output_ = -1;  // its stdout
  std::string url_;
};

}  // namespace marquee::testing
