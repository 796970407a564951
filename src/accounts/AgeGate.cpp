#include "accounts/AgeGate.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace marquee::accounts {

bool AgeGate::old_enough(const std::string& birth_date, int years, Millis now) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  if (birth_date.size() != 10 || birth_date[4] != '-' || birth_date[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (birth_date[i] < '0' || birth_date[i] > '9') return false;
  }
  if (std::sscanf(birth_date.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) return false;
  const std::chrono::year_month_day born{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
  if (!born.ok()) return false;
  const std::chrono::year_month_day today{
      std::chrono::floor<std::chrono::days>(std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(now)))};
  // Born on 29 February: the birthday of a common year is 1 March.
  std::chrono::year_month_day comes_of_age = (born.year() + std::chrono::years(years)) / born.month() / born.day();
  if (!comes_of_age.ok()) comes_of_age = (born.year() + std::chrono::years(years)) / std::chrono::March / 1;
  return std::chrono::sys_days(comes_of_age) <= std::chrono::sys_days(today);
}

bool AgeGate::passed(const Principal& principal) const {
  auto config = settings_.current();
  if (!config->moderation_adult_content) return false;
  if (!principal.adult_attested) return false;
  // A stated birth date must bear the attestation out; where a minimum age is set, one is needed.
  const int minimum = std::max(18, config->moderation_minimum_age);
  if (principal.birth_date.empty()) return config->moderation_minimum_age <= 0;
  return old_enough(principal.birth_date, minimum, clock_.now_ms());
}

bool AgeGate::passed(const http::Request& request, const Caller& caller) const {
  if (caller) return passed(*caller);
  auto config = settings_.current();
  // A minimum age needs a stated birth date: an account's.
  if (!config->moderation_adult_content || config->moderation_minimum_age > 0) return false;
  auto cookie = request.cookie(kAgeGateCookie);
  return cookie && *cookie == "1";
}

}  // namespace marquee::accounts
