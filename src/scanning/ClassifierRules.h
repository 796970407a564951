#pragma once
// What an operator does with a classifier's scores (scanning.classifier_rules): rules such as
// "porn>=0.8:adult", each naming a label, the score from which it applies (0..1) and its
// action: `adult` marks the video age-restricted (locked, as a moderator's restriction is),
// `hold` holds it for the moderators' review, `reject` refuses it (the video fails and its
// source is deleted). A video's score for a label is the highest of its sampled frames. Every
// rule that applies is applied; reject outranks hold.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace marquee::scanning {

struct ClassifierRule {
  enum class Action { adult, hold, reject };
  std::string label;  // lowercase
  double threshold = 1.0;
  Action action = Action::hold;
};

// nullopt when `text` is not a rule as above.
std::optional<ClassifierRule> parse_classifier_rule(std::string_view text);
// Throws Error(validation_failed) naming the first entry that is not a rule.
std::vector<ClassifierRule> parse_classifier_rules(const std::vector<std::string>& texts);

using LabelScores = std::map<std::string, double>;  // lowercase label → highest score

struct ClassifierJudgement {
  bool restrict_age = false;
  bool hold = false;
  bool reject = false;
  std::string reason;  // "classifier: porn 0.93 >= 0.80", the rules that applied, strongest first
};

ClassifierJudgement judge(const std::vector<ClassifierRule>& rules, const LabelScores& scores);

}  // namespace marquee::scanning
