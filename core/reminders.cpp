// reminders.cpp — when a task's reminders are due, and reminders.json (see reminders.hpp).
//
// Index of this file:
// [SECTION] Instants
// [SECTION] The book (reminders.json)
#include "reminders.hpp"

#include <algorithm>
#include <set>

#include "json_limits.hpp"

namespace cc {
namespace {

constexpr std::int64_t minute_ms = 60 * 1000;
constexpr std::int64_t day_ms = 24 * 60 * minute_ms;

// Days since 1970-01-01 of a civil date (proleptic Gregorian; Howard Hinnant's formula).
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

// "YYYY-MM-DD" (the schema checked it) -> days, or false.
bool parse_day(const std::string& s, std::int64_t& days) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[i] < '0' || s[i] > '9') return false;
    const int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
    if (m < 1 || m > 12 || d < 1 || d > 31) return false;
    days = days_from_civil(y, m, d);
    return true;
}

}  // namespace

// [SECTION] Instants --------------------------------------------------------------------------

std::string reminder_key(const std::string& task_id, std::int64_t at) { return task_id + "@" + std::to_string(at); }

std::int64_t reminder_due_moment(const record& task, int viewer_offset_min) {
    if (const auto& at = task.get("due_at"); at.is_number_integer()) return at.get<std::int64_t>();
    std::int64_t days = 0;
    if (parse_day(task.text("due_date"), days))
        return days * day_ms + (all_day_reminder_minute - viewer_offset_min) * minute_ms;
    return 0;
}

std::vector<reminder_instant> reminder_instants(const record& task, int viewer_offset_min) {
    std::vector<reminder_instant> out;
    if (task.kind != "task" || task.deleted || task.text("status") != "open") return out;
    const json& list = task.get("reminders");
    if (!list.is_array() || list.empty()) return out;
    const std::int64_t due = reminder_due_moment(task, viewer_offset_min);
    if (due == 0) return out;
    std::set<std::int64_t> seen;  // "10" twice is one reminder
    for (const auto& v : list) {
        if (!v.is_number_integer()) continue;
        const std::int64_t minutes = v.get<std::int64_t>();
        if (minutes < 0 || minutes > 7 * 24 * 60) continue;
        const std::int64_t at = due - minutes * minute_ms;
        if (!seen.insert(at).second) continue;
        out.push_back(reminder_instant{reminder_key(task.id, at), at, due, static_cast<int>(minutes)});
    }
    return out;
}

// [SECTION] The book (reminders.json) ---------------------------------------------------------

namespace {
const char* state_word(reminder_state s) {
    switch (s) {
        case reminder_state::fired: return "fired";
        case reminder_state::missed: return "missed";
        case reminder_state::dismissed: return "dismissed";
    }
    return "fired";
}
}  // namespace

std::string encode_reminders(const reminder_book& b) {
    json notes = json::array();
    for (const auto& n : b.notes)
        notes.push_back(json{{"key", n.key}, {"task", n.task_id}, {"client", n.client_id}, {"at", n.at},
                             {"noted_at", n.noted_at}, {"state", state_word(n.state)}, {"was_missed", n.was_missed}});
    return json{{"schema", 1}, {"checked_until", b.checked_until}, {"notes", std::move(notes)}}.dump();
}

std::variant<reminder_book, error> decode_reminders(const std::string& text) {
    const error damaged{"err.storage_damaged", "", reminders_path};
    std::string why;
    auto parsed = parse_bounded(text, {64u << 20, 16}, why);
    if (!parsed || !parsed->is_object()) return damaged;
    const json& doc = *parsed;
    reminder_book b;
    try {
        if (doc.value("schema", 0) > 1) return error{"err.schema_unsupported", "", reminders_path};
        const json& until = doc.at("checked_until");
        if (!until.is_number_integer()) return damaged;
        b.checked_until = until.get<std::int64_t>();
        for (const auto& nj : doc.at("notes")) {
            reminder_note n;
            n.key = nj.at("key").get<std::string>();
            n.task_id = nj.at("task").get<std::string>();
            n.client_id = nj.at("client").get<std::string>();
            if (!nj.at("at").is_number_integer() || !nj.at("noted_at").is_number_integer()) return damaged;
            n.at = nj.at("at").get<std::int64_t>();
            n.noted_at = nj.at("noted_at").get<std::int64_t>();
            const std::string s = nj.at("state").get<std::string>();
            if (s == "fired") n.state = reminder_state::fired;
            else if (s == "missed") n.state = reminder_state::missed;
            else if (s == "dismissed") n.state = reminder_state::dismissed;
            else return damaged;
            n.was_missed = nj.value("was_missed", false);
            b.notes.push_back(std::move(n));
        }
    } catch (const json::exception&) {
        return damaged;
    }
    return b;
}

}  // namespace cc
