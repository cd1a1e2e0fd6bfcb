// Civil (proleptic Gregorian) dates and day counts since 1970-01-01, the
// arithmetic behind date normalisation (input/metadata) and timelines
// (review/report).
//
//   int64_t d = argx::DaysFromCivil(2024, 3, 5);   // 19787
//   argx::CivilDate c = argx::CivilFromDays(d);     // {2024, 3, 5}
//
// Exact for every year of int range; no time zones, no leap seconds.
#ifndef ARGX_BASE_CIVIL_DATE_H_
#define ARGX_BASE_CIVIL_DATE_H_

#include <cstdint>

namespace argx {

struct CivilDate {
  int year = 1970, month = 1, day = 1;
};

// Days since 1970-01-01 of year `y`, month `m` (1-12), day `d` (1-31).
inline int64_t DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// The civil date `days` after 1970-01-01 (before it when negative).
inline CivilDate CivilFromDays(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  CivilDate c;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = static_cast<int>(yoe + era * 400 + (c.month <= 2 ? 1 : 0));
  return c;
}

}  // namespace argx

#endif  // ARGX_BASE_CIVIL_DATE_H_
