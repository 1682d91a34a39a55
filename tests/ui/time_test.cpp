// Time zones through the platform seam (ui/clock.hpp, the POSIX backend here), and the ui's
// date and time arithmetic: offsets with DST, a wall time back to UTC (gaps and overlaps), the
// next full hour in a :30 zone, what a form reads from typed text.
#include <doctest/doctest.h>

#include "ui/clock.hpp"
#include "ui/kit/time.hpp"

namespace {
constexpr std::int64_t now = 1700000000000;  // 2023-11-14 22:13:20 UTC
std::int64_t utc(int y, int mo, int d, int h, int mi) { return (ui::days_from_civil(y, mo, d) * 1440 + h * 60 + mi) * 60000LL; }
}  // namespace

TEST_CASE("utc_offset_minutes: fixed, half-hour and DST zones; an unknown zone is 0 and said so") {
    CHECK(ui::utc_offset_minutes("Asia/Kolkata", now) == 330);
    CHECK(ui::utc_offset_minutes("Europe/Moscow", now) == 180);
    CHECK(ui::utc_offset_minutes("UTC", now) == 0);
    CHECK(ui::utc_offset_minutes("America/New_York", utc(2024, 7, 1, 12, 0)) == -240);
    CHECK(ui::utc_offset_minutes("America/New_York", utc(2024, 1, 15, 12, 0)) == -300);
    // The switch itself (2024-03-10 07:00 UTC): one minute before and at it.
    CHECK(ui::utc_offset_minutes("America/New_York", utc(2024, 3, 10, 6, 59)) == -300);
    CHECK(ui::utc_offset_minutes("America/New_York", utc(2024, 3, 10, 7, 0)) == -240);
    CHECK(ui::time_zone_known("Asia/Kolkata"));
    CHECK_FALSE(ui::time_zone_known("Mars/Olympus_Mons"));
    CHECK_FALSE(ui::time_zone_known("../../etc/passwd"));
    CHECK(ui::utc_offset_minutes("Mars/Olympus_Mons", now) == 0);
    CHECK_FALSE(ui::viewer_time_zone().empty());
}

TEST_CASE("civil dates, wall times and the next full hour") {
    CHECK(ui::days_from_civil(1970, 1, 1) == 0);
    CHECK(ui::date_iso(ui::days_from_civil(2024, 2, 29)) == "2024-02-29");
    CHECK(ui::date_iso(-1) == "1969-12-31");
    const ui::local_time k = ui::to_local(now, "Asia/Kolkata");
    CHECK(ui::date_iso(k.day) == "2023-11-15");
    CHECK(ui::time_hm(k.minute) == "03:43");
    // 03:43 in Kolkata: the next full hour is 04:00 there, 22:30 UTC.
    CHECK(ui::next_full_hour(now, "Asia/Kolkata") == utc(2023, 11, 14, 22, 30));
    CHECK(ui::next_full_hour(now, "UTC") == utc(2023, 11, 14, 23, 0));
    CHECK(ui::next_full_hour(utc(2023, 11, 14, 23, 30), "UTC") == utc(2023, 11, 15, 0, 0));  // past midnight
    // A wall time in a spring-forward gap moves forward by the gap; one that happens twice is
    // read as the first.
    CHECK(ui::from_local(ui::days_from_civil(2024, 3, 10), 2 * 60 + 30, "America/New_York") == utc(2024, 3, 10, 7, 30));
    CHECK(ui::from_local(ui::days_from_civil(2024, 11, 3), 60 + 30, "America/New_York") == utc(2024, 11, 3, 5, 30));
    CHECK(ui::from_local(ui::days_from_civil(2024, 7, 1), 9 * 60, "America/New_York") == utc(2024, 7, 1, 13, 0));
}

TEST_CASE("what a form reads from typed dates, times and durations") {
    CHECK(ui::parse_date("2024-02-29") == ui::days_from_civil(2024, 2, 29));
    CHECK_FALSE(ui::parse_date("2023-02-29"));
    CHECK_FALSE(ui::parse_date("2024-4-1"));
    CHECK(ui::parse_time("9:05") == 545);
    CHECK(ui::parse_time(" 23:59 ") == 1439);
    CHECK_FALSE(ui::parse_time("24:00"));
    CHECK_FALSE(ui::parse_time("12:5"));
    CHECK(ui::parse_duration("4:05") == 245);
    CHECK(ui::parse_duration("12") == 720);
    CHECK_FALSE(ui::parse_duration("4:75"));
    CHECK_FALSE(ui::parse_duration("four"));
    CHECK(ui::duration_text(245) == "4:05");
    CHECK(ui::offset_text(330) == "UTC+05:30");
    CHECK(ui::offset_text(-240) == "UTC-04:00");
}
