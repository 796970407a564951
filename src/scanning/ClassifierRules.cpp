#include "scanning/ClassifierRules.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "core/Error.h"
#include "core/Text.h"

namespace marquee::scanning {
namespace {

std::optional<ClassifierRule::Action> parse_action(std::string_view text) {
  if (text == "adult") return ClassifierRule::Action::adult;
  if (text == "hold") return ClassifierRule::Action::hold;
  if (text == "reject") return ClassifierRule::Action::reject;
  return std::nullopt;
}

std::string describe(const ClassifierRule& rule, double score) {
  char text[128];
  std::snprintf(text, sizeof text, " %.2f >= %.2f", score, rule.threshold);
  return rule.label + text;
}

}  // namespace

std::optional<ClassifierRule> parse_classifier_rule(std::string_view untrimmed) {
  const std::string trimmed = text::trim(untrimmed);
  const std::string_view rule_text = trimmed;
  const auto ge = rule_text.find(">=");
  const auto colon = rule_text.rfind(':');
  if (ge == std::string_view::npos || colon == std::string_view::npos || colon < ge) return std::nullopt;
  ClassifierRule rule;
  const std::string label = text::trim(rule_text.substr(0, ge));
  if (label.empty() || label.size() > 64) return std::nullopt;
  for (char c : label) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '-' || c == '.';
    if (!ok) return std::nullopt;
  }
  rule.label = text::lower_ascii(label);
  const std::string threshold = text::trim(rule_text.substr(ge + 2, colon - ge - 2));
  const auto [end, error] = std::from_chars(threshold.data(), threshold.data() + threshold.size(), rule.threshold);
  if (error != std::errc() || end != threshold.data() + threshold.size() || !(rule.threshold >= 0.0) ||
      rule.threshold > 1.0) {
    return std::nullopt;
  }
  const auto action = parse_action(text::trim(rule_text.substr(colon + 1)));
  if (!action) return std::nullopt;
  rule.action = *action;
  return rule;
}

std::vector<ClassifierRule> parse_classifier_rules(const std::vector<std::string>& texts) {
  std::vector<ClassifierRule> rules;
  for (const auto& entry : texts) {
    if (text::trim(entry).empty()) continue;
    auto rule = parse_classifier_rule(entry);
    if (!rule) {
      throw Error(ErrorCode::validation_failed,
                  "scanning.classifier_rules: \"" + entry +
                      "\" is not a rule such as porn>=0.8:adult (label>=score from 0 to 1:adult, hold or reject)");
    }
    rules.push_back(std::move(*rule));
  }
  return rules;
}

ClassifierJudgement judge(const std::vector<ClassifierRule>& rules, const LabelScores& scores) {
  ClassifierJudgement judgement;
  std::vector<std::pair<const ClassifierRule*, double>> applied;
  for (const auto& rule : rules) {
    auto it = scores.find(rule.label);
    if (it == scores.end() || it->second < rule.threshold) continue;
    applied.emplace_back(&rule, it->second);
    judgement.restrict_age |= rule.action == ClassifierRule::Action::adult;
    judgement.hold |= rule.action == ClassifierRule::Action::hold;
    judgement.reject |= rule.action == ClassifierRule::Action::reject;
  }
  std::stable_sort(applied.begin(), applied.end(),
                   [](const auto& a, const auto& b) { return a.first->action > b.first->action; });
  for (const auto& [rule, score] : applied) {
    judgement.reason += (judgement.reason.empty() ? "classifier: " : ", ") + describe(*rule, score);
  }
  return judgement;
}

}  // namespace marquee::scanning
