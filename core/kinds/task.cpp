// task.cpp — tasks and meetings (Leeloo.ai "Create task" and "Scheduled tasks and meetings",
// GetCourse tasks, MVP Project tasks): what to do, when, by whom, and how it ended.
#include "core/schema/kind.hpp"

namespace cc {
namespace {

using nlohmann::json;
using t = field_type;

// The result is asked for when a call or a meeting is marked done: it is what the next person
// reading the card needs ("agreed on a demo Thursday").
std::optional<error> complete(mutation& m) {
    if (m.before.text("status") != "open") return error{"err.task_closed", "status", m.before.text("status")};
    const std::string status = m.o.payload.at("status").get<std::string>();
    const std::string result = m.o.payload.contains("result") ? m.o.payload["result"].get<std::string>() : "";
    const std::string type = m.before.text("type");
    const bool blank = result.find_first_not_of(" \t\r\n") == std::string::npos;
    if (status == "done" && (type == "call" || type == "meeting") && blank)
        return error{"err.result_required", "result", type};
    if (blank) m.after.fields.erase("result");
    else m.after.fields["result"] = result;
    m.after.fields["status"] = status;
    m.after.fields["closed_at"] = m.o.at;
    m.after.fields["closed_by"] = m.o.actor;
    return std::nullopt;
}

std::optional<error> reopen(mutation& m) {
    if (m.before.text("status") == "open") return error{"err.task_open", "status", ""};
    m.after.fields["status"] = "open";
    m.after.fields.erase("closed_at");
    m.after.fields.erase("closed_by");
    return std::nullopt;
}

// A due moment is an instant (with the zone it was set in) or an all-day date, never both;
// reminders count back from it, so they need one.
std::optional<error> check_task(const record& r) {
    const bool at = !r.get("due_at").is_null(), day = !r.get("due_date").is_null();
    if (at && day) return error{"err.bad_value", "due_date", "due_at"};
    const json& reminders = r.get("reminders");
    if (!at && !day && reminders.is_array() && !reminders.empty()) return error{"err.reminder_without_due", "reminders", ""};
    return std::nullopt;
}

}  // namespace

// The fields, in the order the card shows them, and the policy's rows (kind.hpp).
constexpr field_spec task_fields[] = {
    spec("title", t::text, 200).needed().searched(),
    spec("type", t::enumeration).one_of("call|meeting|task|email|other").needed().defaults_to("call"),
    spec("place", t::text, 300),      // a meeting's address ...
    spec("link", t::url, 2048),       // ... or its video link
    spec("description", t::long_text, 4000),
    spec("due_at", t::datetime),      // a UTC instant,
    spec("due_tz", t::time_zone, 64), // with the zone it was set in (its creator's),
    spec("due_date", t::date),        // or an all-day date
    spec("assignee", t::reference, 128).needed(),
    spec("status", t::enumeration).one_of("open|done|cancelled").needed().defaults_to("open").system_only(),
    spec("result", t::long_text, 2000).system_only(),
    spec("closed_at", t::datetime).system_only(),
    spec("closed_by", t::reference, 128).system_only(),
    // Minutes before the due moment (0: at it); at most three, up to a week ahead.
    spec("reminders", t::number_list, 3).items_between(0, 7 * 24 * 60),
};

constexpr access_spec task_access[] = {
    {verb::read, role_bit::admin | role_bit::manager},
    {verb::create, role_bit::admin | role_bit::manager},
    {verb::change, role_bit::admin | role_bit::manager},
    {verb::remove, role_bit::admin},  // a manager cancels a task instead (task.complete)
    {verb::restore, role_bit::admin},
};

const kind_def& kind_task() {
    static const kind_def def = [] {
        kind_def k;
        k.name = "task";
        k.fields = fields_of(task_fields);
        k.rule = conflict_rule::field_lww;
        k.mutators = {
            {"complete",
             {field("status", t::enumeration).one_of({"done", "cancelled"}).needed(), field("result", t::long_text, 2000)},
             verb::change,
             complete},
            {"reopen", {}, verb::change, reopen},
        };
        k.check = check_task;
        k.access = access_of(task_access);
        return k;
    }();
    return def;
}

}  // namespace cc
