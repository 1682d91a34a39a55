// time.hpp — dates and times as the viewer reads and types them: UTC instants shown in a zone
// (clock.hpp gives the offsets), dates and times parsed from what was typed, and the words a
// manager expects ("today 15:00", "tomorrow", "5 Mar").
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ui {

struct view;

// Days since 1970-01-01 for a civil date (proleptic Gregorian), and back.
std::int64_t days_from_civil(std::int64_t y, int m, int d);
struct civil_date { std::int64_t y = 1970; int m = 1, d = 1; };
civil_date civil_from_days(std::int64_t days);

// An instant as wall-clock time in a zone.
struct local_time {
    std::int64_t day = 0;     // days since 1970-01-01 in that zone
    int minute = 0;           // minutes since local midnight
    int offset = 0;           // the zone's offset then, minutes east of UTC
};
local_time to_local(std::int64_t utc_ms, std::string_view zone);
// The instant when the wall clock in `zone` shows `minute` on `day` (DST-correct; a time in a
// spring-forward gap moves forward by the gap, as clocks do).
std::int64_t from_local(std::int64_t day, int minute, std::string_view zone);
// The next full hour after `now` as the wall clock in `zone` counts hours (an +05:30 zone's
// hours start at :30 UTC).
std::int64_t next_full_hour(std::int64_t now_ms, std::string_view zone);

// "2024-03-05" <-> days; "9:05" / "09:05" -> minutes since midnight. nullopt when unreadable.
std::string date_iso(std::int64_t day);
std::optional<std::int64_t> parse_date(std::string_view s);
std::string time_hm(int minute);
std::optional<int> parse_time(std::string_view s);
// "4:05" -> 245 seconds, "12" -> 720 (whole minutes); "m:ss" <-> seconds.
std::optional<std::int64_t> parse_duration(std::string_view s);
std::string duration_text(std::int64_t seconds);

// "2024-03-05 14:07" in the zone.
std::string local_text(std::int64_t utc_ms, std::string_view zone);
// A day relative to today, in the viewer's words: "today", "tomorrow", "yesterday", "5 Mar",
// "5 Mar 2023" (another year).
std::string day_words(const view& v, std::int64_t day, std::int64_t today);
// An instant as "today 15:00", "tomorrow 09:30", "5 Mar 15:00" in the viewer's zone.
std::string when_words(const view& v, std::int64_t utc_ms);
// "UTC+05:30"
std::string offset_text(int minutes);

}  // namespace ui
