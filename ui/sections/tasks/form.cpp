// form.cpp — the task forms: "Create task" (Leeloo.ai's quick card button; GetCourse's task tab)
// and the open task, whose fields can be changed (task.set with only what changed: a new due is
// a reschedule, logged old -> new) and which can be marked done — a call or a meeting asks for
// its result, then offers a follow-up task — cancelled, reopened, or deleted where the policy
// allows it.
//
// Index of this file:
// [SECTION] Helpers
// [SECTION] Due and reminders
// [SECTION] The fields of a task
// [SECTION] Create task
// [SECTION] The open task: closing, reopening, deleting
// [SECTION] The open task

#include <algorithm>

#include <imgui.h>

#include "core/schema/kind.hpp"
#include "core/text.hpp"
#include "core/validate.hpp"
#include "ui/clock.hpp"
#include "ui/icons.hpp"
#include "ui/kit/fields.hpp"
#include "ui/kit/rows.hpp"
#include "ui/kit/time.hpp"
#include "ui/sections/tasks/tasks.hpp"
#include "ui/semantic.hpp"
#include "ui/widgets.hpp"

namespace ui::tasks {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Helpers
//-----------------------------------------------------------------------------

const cc::kind_def& kind() { return *cc::find_kind("task"); }
const cc::field_def& field(const char* key) { return *kind().field(key); }

std::string record_form_key(const cc::record& t) { return "task/" + t.id; }
std::string close_form_key(const cc::record& t) { return "task/" + t.id + "/close"; }

// The zone a new due is stored with: the viewer's, when the core accepts its name.
std::string due_zone(const view& v) {
    const std::string z = v.zone();
    return cc::check_time_zone(z) ? std::string() : z;
}

bool all_day(const form_state& f) {
    auto it = f.text.find("due#allday");
    return it != f.text.end() && it->second == "true";
}

//-----------------------------------------------------------------------------
// [SECTION] Due and reminders
//-----------------------------------------------------------------------------

void due_row(view& v, form_state& f, const std::string& key) {
    const std::string label = v.t("task.due");
    row(label);
    field_row_opts o;
    o.label = label;
    field_input(v, f, key, kind(), field(all_day(f) ? "due_date" : "due_at"), o);
    const std::string today = date_iso(to_local(v.now(), v.zone()).day);
    if (checkbox(v.t("task.all_day"), all_day(f), "allday")) {
        if (!all_day(f)) {
            const std::string& d = f.text["due_at#date"];
            f.text["due_date"] = d.empty() ? today : d;
            f.text.erase("due_at#date");
            f.text.erase("due_at#time");
            f.text["due#allday"] = "true";
        } else {
            const std::string& d = f.text["due_date"];
            f.text["due_at#date"] = d.empty() ? today : d;
            f.text["due_at#time"] = time_hm(to_local(next_full_hour(v.now(), v.zone()), v.zone()).minute);
            f.text.erase("due_date");
            f.text.erase("due#allday");
        }
        f.touched.insert("due_at");
        f.touched.insert("due_date");
        f.errors.erase("due_at");
        f.errors.erase("due_date");
    }
}

const std::int64_t reminder_choices[] = {0, 5, 15, 30, 60, 1440};

std::string reminder_words(const view& v, std::int64_t minutes) {
    const std::string key = "task.reminder." + std::to_string(minutes);
    if (tr_has(key)) return v.t(key);
    return tr_num(v.m.lang, "task.reminder.minutes", minutes);
}

std::vector<std::int64_t> reminders_of(const form_state& f) {
    std::vector<std::int64_t> out;
    form_read r = form_value(f, field("reminders"), "UTC");
    if (r.value.is_array())
        for (const auto& x : r.value) out.push_back(x.get<std::int64_t>());
    return out;
}

// Up to three reminders, each a combo of "minutes before" (Leeloo.ai's and GetCourse's
// choices), with a remove button; "+ Add reminder" while there is room.
void reminders_row(view& v, form_state& f) {
    const cc::field_def& d = field("reminders");
    const std::string label = v.t("task.reminders");
    row(label);
    std::vector<std::int64_t> list = reminders_of(f);
    bool changed = false;
    std::vector<std::string> words;
    for (std::int64_t m : reminder_choices) words.push_back(reminder_words(v, m));
    for (std::size_t i = 0; i < list.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        std::vector<std::string> shown = words;
        int current = -1;
        for (std::size_t k = 0; k < std::size(reminder_choices); ++k)
            if (reminder_choices[k] == list[i]) current = static_cast<int>(k);
        if (current < 0) {  // a value set elsewhere stays as it is
            shown.push_back(reminder_words(v, list[i]));
            current = static_cast<int>(shown.size()) - 1;
        }
        const std::string one = tr_num(v.m.lang, "task.reminder_n", i + 1);
        const int picked = combo(one, "reminder", shown, current, room(icon_w(ICON_TIMES)));
        if (picked >= 0 && picked < static_cast<int>(std::size(reminder_choices)) && picked != current) {
            list[i] = reminder_choices[picked];
            changed = true;
        }
        ImGui::SameLine();
        if (icon_button(ICON_TIMES, tr_num(v.m.lang, "task.reminder_remove", i + 1), "remove")) {
            list.erase(list.begin() + static_cast<std::ptrdiff_t>(i));
            changed = true;
            ImGui::PopID();
            break;
        }
        ImGui::PopID();
    }
    if (static_cast<std::int64_t>(list.size()) < d.max) {
        if (small_button(v.t("task.reminder_add"), "add_reminder")) {
            std::int64_t next = 15;
            for (std::int64_t m : reminder_choices)
                if (std::find(list.begin(), list.end(), m) == list.end()) { next = m; break; }
            list.push_back(next);
            changed = true;
        }
    }
    // Reminders show in the card; a browser notification too once the user allows it (asked
    // only from this click, never on load).
    if (!list.empty() && v.m.notify_permission == "default") {
        ImGui::SameLine();
        if (small_button(v.t("reminders.enable"), "enable_notifications")) v.send(cc::notify_permission_requested{});
    }
    if (changed) {
        std::string text;
        for (std::int64_t m : list) text += (text.empty() ? "" : ",") + std::to_string(m);
        if (text.empty()) f.text.erase("reminders");
        else f.text["reminders"] = text;
        f.touched.insert("reminders");
        f.errors.erase("reminders");
    }
    if (f.tried)
        if (auto e = form_field_error(f, d, "UTC")) alert(v.err(*e), label);
}

//-----------------------------------------------------------------------------
// [SECTION] The fields of a task
//-----------------------------------------------------------------------------

bool meeting(const form_state& f) {
    auto it = f.text.find("type");
    return it != f.text.end() && it->second == "meeting";
}

// The keys a save reads: both due fields (one of them is empty, which clears it on an edit).
std::vector<std::string> keys_of(const form_state& f) {
    std::vector<std::string> keys = {"title", "type"};
    if (meeting(f)) {
        keys.emplace_back("place");
        keys.emplace_back("link");
    }
    for (const char* k : {"description", "due_at", "due_date", "assignee", "reminders"}) keys.emplace_back(k);
    return keys;
}

// The rows of the form; `key` is its form key.
void field_rows(view& v, const cc::client& c, form_state& f, const std::string& key) {
    const cc::kind_def& k = kind();
    field_row(v, f, key, k, field("title"));
    field_row(v, f, key, k, field("type"));
    if (meeting(f)) {  // a meeting happens somewhere: a place or a video link
        field_row(v, f, key, k, field("place"));
        field_row(v, f, key, k, field("link"));
    }
    field_row_opts desc;
    desc.lines = 3;
    field_row(v, f, key, k, field("description"), desc);
    due_row(v, f, key);
    field_row_opts who;
    who.people = known_people(v, c);
    field_row(v, f, key, k, field("assignee"), who);
    reminders_row(v, f);
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Create task
//-----------------------------------------------------------------------------

void open_form(view& v, const cc::client& c, const cc::json& prefill) {
    (void)c;
    form_state f;
    const std::string zone = v.zone();
    form_put(f, field("type"), "call", zone);
    form_put(f, field("assignee"), v.me(), zone);
    form_put(f, field("due_at"), next_full_hour(v.now(), zone), zone);
    for (auto it = prefill.begin(); it != prefill.end(); ++it)
        if (const cc::field_def* d = kind().field(it.key())) form_put(f, *d, it.value(), zone);
    f.scroll_to = true;
    v.s.forms[new_form] = std::move(f);
    v.s.tab_request = "tasks";
    v.s.focus_key = std::string(new_form) + "/title";
}

void draw_new_form(view& v, const cc::client& c) {
    form_state* fp = form_open(v, new_form);
    if (!fp) return;
    form_state& f = *fp;
    form_begin(f, "new_task", v.t("task.new"));
    if (rows_begin("fields")) {
        field_rows(v, c, f, new_form);
        rows_end();
    }
    if (!form_footer(v, new_form, keys_of(f))) return;
    form_result r = form_collect(f, kind(), keys_of(f), v.zone(), nullptr);
    if (r.payload.contains("due_at"))
        if (std::string z = due_zone(v); !z.empty()) r.payload["due_tz"] = z;
    form_send(v, c, new_form, f, std::move(r), "task.create");
}

//-----------------------------------------------------------------------------
// [SECTION] The open task: closing, reopening, deleting
//-----------------------------------------------------------------------------

namespace {

bool needs_result(const cc::record& t) {
    const std::string type = t.text("type");
    return type == "call" || type == "meeting";
}

// The result box of a close step, checked with the payload schema of task.complete.
bool result_box(view& v, form_state& f, const std::string& key, const char* label_key) {
    const cc::field_def* d = nullptr;
    for (const cc::field_def& p : kind().mutator("complete")->payload)
        if (p.key == "result") d = &p;
    field_row_opts o;
    o.label = v.t(label_key);
    o.lines = 3;
    muted(o.label);
    field_input(v, f, key, kind(), *d, o);
    return form_field_error(f, *d, "UTC").has_value();
}

std::string result_text(const form_state& f) {
    auto it = f.text.find("result");
    return it == f.text.end() ? std::string() : it->second;
}

void offer_follow_up(view& v, const cc::client& c, const cc::record& t, form_state& f) {
    text_colored(col::ok(), v.t("task.follow_up_offer"), "status");
    if (button(v.t("task.follow_up"), "follow_up", ICON_PLUS)) {
        const std::string title = utf8_prefix(tr_fill(v.m.lang, "task.follow_up_title", {{"{title}", t.text("title")}}),
                                                    static_cast<std::size_t>(field("title").max));
        open_form(v, c, payload({{"type", t.text("type")}, {"title", title}}));
        f.step.clear();
    }
    ImGui::SameLine();
    if (button(v.t("task.not_now"), "not_now")) f.step.clear();
}

void close_actions(view& v, const cc::client& c, const cc::record& t) {
    const std::string key = close_form_key(t);
    form_state& f = v.s.forms[key];
    const bool can_change = v.can(cc::verb::change, "task");
    if (f.step == "result" || f.step == "cancel") {
        const bool done = f.step == "result";
        const bool bad = result_box(v, f, key, done ? "task.result" : "task.result_optional");
        const bool missing = done && result_text(f).find_first_not_of(" \t\r\n") == std::string::npos;
        if (missing && f.tried) alert(v.err(cc::error{"err.result_required", "result", t.text("type")}), v.t("task.result"));
        const bool send = button(v.t(done ? "task.save_result" : "task.confirm_cancel"), "send", done ? ICON_CHECK : ICON_TIMES);
        ImGui::SameLine();
        if (button(v.t("action.back"), "back")) {
            v.s.forms.erase(key);
            return;
        }
        if (send) {
            f.tried = true;
            if (bad || missing) return;
            cc::json p{{"status", done ? "done" : "cancelled"}};
            const std::string result = result_text(f);
            if (result.find_first_not_of(" \t\r\n") != std::string::npos) p["result"] = result;
            v.edit_record(t, "task.complete", std::move(p), key);
            f = form_state{};
            if (done) f.step = "follow_up";
        }
        return;
    }
    if (f.step == "follow_up") return offer_follow_up(v, c, t, f);
    if (f.step == "delete") {
        ImGui::AlignTextToFramePadding();
        text_colored(col::error(), v.t("task.delete_confirm"));
        ImGui::SameLine();
        if (button(v.t("action.delete"), "delete_yes", ICON_TRASH)) {
            v.edit_record(t, "task.delete", cc::json::object(), key);
            v.s.forms.erase(key);
            v.s.open_record.clear();
            return;
        }
        ImGui::SameLine();
        if (button(v.t("action.cancel"), "delete_no")) f.step.clear();
        return;
    }
    if (is_open(t) && can_change) {
        if (button(v.t("task.done"), "done", ICON_CHECK)) {
            if (needs_result(t)) f.step = "result";
            else {
                v.edit_record(t, "task.complete", payload({{"status", "done"}}), key);
            }
            v.s.focus_key = key + "/result";
        }
        ImGui::SameLine();
        if (button(v.t("task.cancel_task"), "cancel_task", ICON_TIMES)) f.step = "cancel";
    } else if (!is_open(t) && can_change) {
        if (button(v.t("task.reopen"), "reopen", ICON_UNDO)) v.edit_record(t, "task.reopen", cc::json::object(), key);
    }
    // Deleting is an admin's (the policy): a manager cancels a task instead.
    if (v.can(cc::verb::remove, "task")) {
        same_line_if_fits(button_w(v.t("action.delete")));
        ImGui::PushStyleColor(ImGuiCol_Text, col::error());
        if (button(v.t("action.delete"), "delete", ICON_TRASH)) f.step = "delete";
        ImGui::PopStyleColor();
    }
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] The open task
//-----------------------------------------------------------------------------

void draw_task_panel(view& v, const cc::client& c, const cc::record& t) {
    const std::string key = record_form_key(t);
    bool loaded = false;
    form_state& f = record_form(v, key, kind(), t, &loaded);
    if (loaded && !t.get("due_date").is_null()) f.text["due#allday"] = "true";
    panel_begin("task_panel");
    ImGui::AlignTextToFramePadding();
    text_colored(col::accent(), type_icon(t.text("type")));
    ImGui::SameLine();
    text_colored(col::accent(), t.text("title"), "heading");
    // The state of the task in words: status, overdue, who closed it and how it ended.
    std::string state = status_words(v, t);
    if (!is_open(t) && t.get("closed_at").is_number_integer())
        state += " · " + when_words(v, t.number("closed_at")) + (t.text("closed_by").empty() ? "" : " · " + t.text("closed_by"));
    text_colored(overdue(v, t) ? col::error() : col::muted(), overdue(v, t) ? state + " · " + v.t("task.overdue") : state, "status");
    if (!t.text("result").empty()) {
        muted(std::string(v.t("task.result")) + ":");
        ImGui::SameLine();
        text_wrapped(t.text("result"));
    }
    const std::string tz = t.text("due_tz");
    if (t.get("due_at").is_number_integer() && !tz.empty() && tz != v.zone()) {
        // Set in another zone: its creator's wall clock, beside the viewer's.
        text_colored(col::muted(), tr_fill(v.m.lang, "task.due_in_zone",
                                           {{"{time}", local_text(t.number("due_at"), tz)}, {"{zone}", tz}}));
        if (!time_zone_known(tz)) text_colored(col::warn(), v.t("time.zone_unknown"), "status");
    }
    if (cc::record_pending(v.m, t.id)) {
        ImGui::TextColored(col::warn(), "%s", ICON_CLOCK);
        ImGui::SameLine(0, 0.4f * em());
        text_colored(col::warn(), v.t("form.pending"), "status");
    }

    const bool can_change = v.can(cc::verb::change, "task");
    ImGui::BeginDisabled(!can_change);
    if (rows_begin("fields")) {
        field_rows(v, c, f, key);
        rows_end();
    }
    ImGui::EndDisabled();
    const form_press pressed = form_buttons(v, key, keys_of(f), !f.touched.empty());
    refusal_at(v, close_form_key(t), v.t("tab.tasks"));
    close_actions(v, c, t);
    panel_end();
    if (pressed == form_press::cancel) v.s.forms.erase(key);
    if (pressed != form_press::save) return;
    form_result r = form_collect(f, kind(), keys_of(f), v.zone(), &t);
    // A due moment that becomes an instant is stored with the zone it was set in; one that
    // becomes a date drops the zone. A reschedule keeps the zone it had: only due_at goes.
    if (r.payload.contains("due_at")) {
        if (r.payload["due_at"].is_null() && !tz.empty()) r.payload["due_tz"] = nullptr;
        else if (!r.payload["due_at"].is_null() && tz.empty())
            if (std::string z = due_zone(v); !z.empty()) r.payload["due_tz"] = z;
    }
    form_send(v, c, key, f, std::move(r), "task.set", &t);
}

}  // namespace ui::tasks
