#pragma once
// Business days for the DMCA's timing (17 U.S.C. §512(g)(2)(C): a disputed video is restored
// "not less than 10, nor more than 14, business days following receipt" of the counter-notice).
// A business day is a weekday that is not a US federal holiday (as observed: a Saturday
// holiday on the Friday before, a Sunday one on the Monday after). UTC calendar days.
#include "core/Clock.h"

namespace marquee::dmca {

bool is_business_day(Millis day_start_utc);
// The first moment after `business_days` whole business days have passed since `received`
// (the day of receipt does not count): midnight UTC ending the last of them.
Millis after_business_days(Millis received, int business_days);

}  // namespace marquee::dmca
