#include "dmca/BusinessDays.h"

#include <chrono>

namespace marquee::dmca {
namespace {

using namespace std::chrono;

constexpr Millis kDayMs = 24LL * 3600 * 1000;

sys_days day_of(Millis at) { return floor<days>(sys_time<milliseconds>(milliseconds(at))); }

// The `n`th (1-based) `weekday` of a month; n = 0 means the last one.
sys_days nth_weekday(year y, month m, weekday wd, unsigned n) {
  if (n == 0) return sys_days(y / m / wd[last]);
  return sys_days(y / m / wd[n]);
}

// A fixed-date holiday as observed: Saturday → Friday before, Sunday → Monday after.
sys_days observed(sys_days date) {
  const weekday wd(date);
  if (wd == Saturday) return date - days(1);
  if (wd == Sunday) return date + days(1);
  return date;
}

bool is_federal_holiday(sys_days d) {
  const year_month_day ymd(d);
  const year y = ymd.year();
  // New Year's Day of the next year can be observed on 31 December.
  for (year yy : {y, y + years(1)}) {
    if (d == observed(sys_days(yy / January / 1))) return true;
  }
  const sys_days holidays[] = {
      nth_weekday(y, January, Monday, 3),              // Birthday of Martin Luther King, Jr.
      nth_weekday(y, February, Monday, 3),             // Washington's Birthday
      nth_weekday(y, May, Monday, 0),                  // Memorial Day
      observed(sys_days(y / June / 19)),               // Juneteenth
      observed(sys_days(y / July / 4)),                // Independence Day
      nth_weekday(y, September, Monday, 1),            // Labor Day
      nth_weekday(y, October, Monday, 2),              // Columbus Day
      observed(sys_days(y / November / 11)),           // Veterans Day
      nth_weekday(y, November, Thursday, 4),           // Thanksgiving Day
      observed(sys_days(y / December / 25)),           // Christmas Day
  };
  for (const auto& h : holidays) {
    if (d == h) return true;
  }
  return false;
}

}  // namespace

bool is_business_day(Millis day_start_utc) {
  const sys_days d = day_of(day_start_utc);
  const weekday wd(d);
  return wd != Saturday && wd != Sunday && !is_federal_holiday(d);
}

Millis after_business_days(Millis received, int business_days) {
  sys_days d = day_of(received);
  int counted = 0;
  while (counted < business_days) {
    d += days(1);
    if (is_business_day(duration_cast<milliseconds>(d.time_since_epoch()).count())) ++counted;
  }
  return duration_cast<milliseconds>((d + days(1)).time_since_epoch()).count();
}

}  // namespace marquee::dmca
