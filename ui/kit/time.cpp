// time.cpp — dates and times in the viewer's words (see time.hpp).
#include "ui/kit/time.hpp"

#include <cstdio>

#include "ui/clock.hpp"
#include "ui/view.hpp"

namespace ui {

namespace {
constexpr std::int64_t day_ms = 24 * 60 * 60 * 1000;

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

// Digits of s[from, to), or -1.
int digits(std::string_view s, std::size_t from, std::size_t to) {
    if (from >= to || to > s.size()) return -1;
    int n = 0;
    for (std::size_t i = from; i < to; ++i) {
        if (s[i] < '0' || s[i] > '9') return -1;
        n = n * 10 + (s[i] - '0');
    }
    return n;
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}
}  // namespace

// Howard Hinnant's algorithms: 400-year eras of 146097 days.
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
    y -= m <= 2;
    const std::int64_t era = floor_div(y, 400);
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

civil_date civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = floor_div(z, 146097);
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    civil_date c;
    c.d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    c.m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    c.y = yoe + era * 400 + (c.m <= 2);
    return c;
}

local_time to_local(std::int64_t utc_ms, std::string_view zone) {
    local_time t;
    t.offset = utc_offset_minutes(zone, utc_ms);
    const std::int64_t local = utc_ms + static_cast<std::int64_t>(t.offset) * 60000;
    t.day = floor_div(local, day_ms);
    t.minute = static_cast<int>((local - t.day * day_ms) / 60000);
    return t;
}

std::int64_t from_local(std::int64_t day, int minute, std::string_view zone) {
    const std::int64_t local = day * day_ms + static_cast<std::int64_t>(minute) * 60000;
    auto off = [&](std::int64_t utc) { return static_cast<std::int64_t>(utc_offset_minutes(zone, utc)) * 60000; };
    // Guess with the offset at the local time read as UTC, correct with the offset at the guess:
    // a wall time that exists is found in one or two steps (the earlier one when it happens
    // twice, as clocks fall back).
    const std::int64_t o1 = off(local - off(local));
    const std::int64_t u1 = local - o1;
    if (off(u1) == o1) return u1;
    const std::int64_t o2 = off(u1);
    const std::int64_t u2 = local - o2;
    if (off(u2) == o2) return u2;
    // In a spring-forward gap the wall time never shows: take the later reading, which moves
    // it forward by the gap (02:30 becomes 03:30), as clocks do.
    return u1 > u2 ? u1 : u2;
}

std::int64_t next_full_hour(std::int64_t now_ms, std::string_view zone) {
    const local_time t = to_local(now_ms, zone);
    const int hour = t.minute / 60 + 1;
    return hour >= 24 ? from_local(t.day + 1, (hour - 24) * 60, zone) : from_local(t.day, hour * 60, zone);
}

std::string date_iso(std::int64_t day) {
    const civil_date c = civil_from_days(day);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(c.y), c.m, c.d);
    return buf;
}

std::optional<std::int64_t> parse_date(std::string_view s) {
    s = trimmed(s);
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    const int y = digits(s, 0, 4), m = digits(s, 5, 7), d = digits(s, 8, 10);
    if (y < 1900 || m < 1 || m > 12 || d < 1) return std::nullopt;
    const std::int64_t day = days_from_civil(y, m, d);
    const civil_date back = civil_from_days(day);
    if (back.m != m || back.d != d) return std::nullopt;  // 31 April, 29 February of 2023
    return day;
}

std::string time_hm(int minute) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", (minute / 60) % 24, minute % 60);
    return buf;
}

std::optional<int> parse_time(std::string_view s) {
    s = trimmed(s);
    const auto colon = s.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 2 || s.size() != colon + 3) return std::nullopt;
    const int h = digits(s, 0, colon), m = digits(s, colon + 1, s.size());
    if (h < 0 || h > 23 || m < 0 || m > 59) return std::nullopt;
    return h * 60 + m;
}

std::optional<std::int64_t> parse_duration(std::string_view s) {
    s = trimmed(s);
    if (s.empty() || s.size() > 9) return std::nullopt;
    const auto colon = s.find(':');
    if (colon == std::string_view::npos) {
        const int m = digits(s, 0, s.size());
        if (m < 0) return std::nullopt;
        return static_cast<std::int64_t>(m) * 60;
    }
    const int m = digits(s, 0, colon), sec = digits(s, colon + 1, s.size());
    if (m < 0 || sec < 0 || sec > 59 || s.size() - colon - 1 != 2) return std::nullopt;
    return static_cast<std::int64_t>(m) * 60 + sec;
}

std::string duration_text(std::int64_t seconds) {
    if (seconds < 0) seconds = 0;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld:%02d", static_cast<long long>(seconds / 60), static_cast<int>(seconds % 60));
    return buf;
}

std::string local_text(std::int64_t utc_ms, std::string_view zone) {
    const local_time t = to_local(utc_ms, zone);
    return date_iso(t.day) + " " + time_hm(t.minute);
}

std::string day_words(const view& v, std::int64_t day, std::int64_t today) {
    if (day == today) return v.t("time.today");
    if (day == today + 1) return v.t("time.tomorrow");
    if (day == today - 1) return v.t("time.yesterday");
    const civil_date c = civil_from_days(day), now = civil_from_days(today);
    std::string s = std::to_string(c.d) + " " + v.t("month." + std::to_string(c.m));
    if (c.y != now.y) s += " " + std::to_string(c.y);
    return s;
}

std::string when_words(const view& v, std::int64_t utc_ms) {
    const std::string zone = v.zone();
    const local_time t = to_local(utc_ms, zone);
    const std::int64_t today = to_local(v.now(), zone).day;
    return day_words(v, t.day, today) + " " + time_hm(t.minute);
}

std::string offset_text(int minutes) {
    const char sign = minutes < 0 ? '-' : '+';
    const int a = minutes < 0 ? -minutes : minutes;
    char buf[24];
    std::snprintf(buf, sizeof buf, "UTC%c%02d:%02d", sign, a / 60, a % 60);
    return buf;
}

}  // namespace ui
