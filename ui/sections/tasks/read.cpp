// read.cpp — how a task reads on the card: open or closed, due in the viewer's words, overdue,
// the order of the lists (see tasks.hpp).
#include <algorithm>
#include <limits>

#include "ui/kit/record_list.hpp"
#include "ui/icons.hpp"
#include "ui/kit/fields.hpp"
#include "ui/kit/time.hpp"
#include "ui/sections/tasks/tasks.hpp"

namespace ui::tasks {

namespace {

// When a task is due, for ordering: its instant, or the start of its all-day date in the
// viewer's zone (so today's all-day tasks come before today's timed ones); none: last.
std::int64_t due_key(const view& v, const cc::record& t) {
    if (t.get("due_at").is_number_integer()) return t.number("due_at");
    if (auto day = parse_date(t.text("due_date"))) return from_local(*day, 0, v.zone());
    return std::numeric_limits<std::int64_t>::max();
}

std::vector<const cc::record*> live(const view& v, const cc::client& c, bool open) {
    std::vector<const cc::record*> out;
    for (const cc::record* r : v.m.store.records_of(c.id, "task"))
        if (!r->deleted && is_open(*r) == open) out.push_back(r);
    return out;
}

}  // namespace

bool is_open(const cc::record& t) {
    const std::string s = t.text("status");
    return s.empty() || s == "open";
}

bool overdue(const view& v, const cc::record& t) {
    if (!is_open(t)) return false;
    if (t.get("due_at").is_number_integer()) return t.number("due_at") < v.now();
    if (auto day = parse_date(t.text("due_date"))) return *day < to_local(v.now(), v.zone()).day;
    return false;
}

std::string due_words(const view& v, const cc::record& t) {
    if (t.get("due_at").is_number_integer()) return when_words(v, t.number("due_at"));
    if (auto day = parse_date(t.text("due_date"))) return day_words(v, *day, to_local(v.now(), v.zone()).day);
    return "";
}

std::vector<const cc::record*> open_tasks(const view& v, const cc::client& c) {
    auto out = live(v, c, true);
    sort_records(out, [](const cc::record& a, const cc::record& b, const void* ctx) {
        const view& v = *static_cast<const view*>(ctx);
        const auto ka = due_key(v, a), kb = due_key(v, b);
        return ka != kb ? ka < kb : a.created_at < b.created_at;
    }, &v);
    return out;
}

std::vector<const cc::record*> closed_tasks(const view& v, const cc::client& c) {
    auto out = live(v, c, false);
    sort_records(out, [](const cc::record& a, const cc::record& b, const void*) {
        return a.number("closed_at", a.updated_at) > b.number("closed_at", b.updated_at);
    });
    return out;
}

const char* type_icon(const std::string& type) {
    if (type == "call") return ICON_PHONE;
    if (type == "meeting") return ICON_USERS;
    if (type == "email") return ICON_ENVELOPE;
    if (type == "other") return ICON_ELLIPSIS;
    return ICON_CHECK_SQUARE;
}

std::string status_words(const view& v, const cc::record& t) {
    return enum_word(v, "task", "status", t.text("status").empty() ? "open" : t.text("status"));
}

}  // namespace ui::tasks
