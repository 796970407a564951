// The classifier's answers and the operator's rules: a classifier is a service on the network,
// trusted less than the code that reads it.
#include <cmath>

#include "FuzzSupport.h"
#include "scanning/ClassifierProtocol.h"
#include "scanning/ClassifierRules.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace marquee;
  const auto parts = fuzz::split_input(fuzz::bytes_of(data, size));
  const std::string_view reply = parts.second;
  const auto rule = scanning::parse_classifier_rule(parts.first);
  if (rule) fuzz::require(rule->threshold >= 0.0 && rule->threshold <= 1.0 && !rule->label.empty());
  fuzz::refusal_is_fine([&] {
    const auto scores = scanning::parse_classifier_reply(reply);
    for (const auto& [label, score] : scores) fuzz::require(std::isfinite(score) && score >= 0.0 && score <= 1.0);
    if (rule) (void)scanning::judge({*rule}, scores);
  });
  return 0;
}
