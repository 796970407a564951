#include "moderation/Moderation.h"

namespace marquee::moderation {
namespace {

template <typename E, std::size_t N>
std::optional<E> parse_of(std::string_view name, const E (&all)[N], std::string_view (*name_of)(E)) {
  for (E e : all) {
    if (name_of(e) == name) return e;
  }
  return std::nullopt;
}

constexpr TargetType kTargets[] = {TargetType::video, TargetType::comment, TargetType::user};
constexpr Source kSources[] = {Source::report, Source::review, Source::dmca, Source::appeal};
constexpr Action kActions[] = {Action::dismiss, Action::approve, Action::remove,  Action::restore,
                               Action::age_restrict, Action::warn, Action::suspend, Action::ban};

}  // namespace

std::string_view target_name(TargetType type) {
  switch (type) {
    case TargetType::video: return "video";
    case TargetType::comment: return "comment";
    case TargetType::user: return "user";
  }
  return "video";
}

std::optional<TargetType> parse_target(std::string_view name) { return parse_of(name, kTargets, target_name); }

std::string_view reason_name(Reason reason) {
  switch (reason) {
    case Reason::violent_or_abusive: return "violent_or_abusive";
    case Reason::hateful: return "hateful";
    case Reason::sexual_content_involving_minors: return "sexual_content_involving_minors";
    case Reason::spam_or_misleading: return "spam_or_misleading";
    case Reason::privacy: return "privacy";
    case Reason::rights: return "rights";
    case Reason::site_rules: return "site_rules";
    case Reason::other: return "other";
  }
  return "other";
}

const std::vector<Reason>& all_reasons() {
  static const std::vector<Reason> reasons{Reason::violent_or_abusive, Reason::hateful,
                                           Reason::sexual_content_involving_minors, Reason::spam_or_misleading,
                                           Reason::privacy, Reason::rights, Reason::site_rules, Reason::other};
  return reasons;
}

std::optional<Reason> parse_reason(std::string_view name) {
  for (Reason r : all_reasons()) {
    if (reason_name(r) == name) return r;
  }
  return std::nullopt;
}

std::string_view source_name(Source source) {
  switch (source) {
    case Source::report: return "report";
    case Source::review: return "review";
    case Source::dmca: return "dmca";
    case Source::appeal: return "appeal";
  }
  return "report";
}

std::optional<Source> parse_source(std::string_view name) { return parse_of(name, kSources, source_name); }

std::string_view action_name(Action action) {
  switch (action) {
    case Action::dismiss: return "dismiss";
    case Action::approve: return "approve";
    case Action::remove: return "remove";
    case Action::restore: return "restore";
    case Action::age_restrict: return "age_restrict";
    case Action::warn: return "warn";
    case Action::suspend: return "suspend";
    case Action::ban: return "ban";
  }
  return "dismiss";
}

std::optional<Action> parse_action(std::string_view name) { return parse_of(name, kActions, action_name); }

bool appealable(Action action) {
  return action == Action::remove || action == Action::age_restrict || action == Action::warn ||
         action == Action::suspend || action == Action::ban;
}

}  // namespace marquee::moderation
