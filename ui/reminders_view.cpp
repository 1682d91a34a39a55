// reminders_view.cpp — the reminders band under the top bar: task reminders that came due (or
// were missed while no tab was open) and are not dismissed yet, each with its task, client and
// due time in the viewer's zone, "Open" (shows the client's Tasks tab) and "Dismiss". The core
// decides what is due and keeps what was dismissed (cc::reminders_shown, cc::reminder_dismissed);
// the band shows it in every tab of the browser alike. "Hide" folds the band away until another
// reminder comes due (the top bar's bell brings it back). "Enable browser notifications" asks
// the browser only when clicked (cc::notify_permission_requested), never on its own.
//
// Index of this file:
// [SECTION] Folding
// [SECTION] One reminder
// [SECTION] draw_reminders

#include <imgui.h>

#include "core/app.hpp"
#include "ui/icons.hpp"
#include "ui/sections/tasks/tasks.hpp"
#include "ui/semantic.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Folding
//-----------------------------------------------------------------------------

// A reminder the band has not shown before unfolds it.
void follow(view& v, const std::vector<cc::shown_reminder>& shown) {
    for (const auto& r : shown)
        if (!v.s.reminders_seen.count(r.note->key)) {
            v.s.reminders_hidden = false;
            v.s.reminders_seen.insert(r.note->key);
        }
}

//-----------------------------------------------------------------------------
// [SECTION] One reminder
//-----------------------------------------------------------------------------

void reminder_row(view& v, const cc::shown_reminder& r) {
    ImGui::PushID(r.note->key.c_str());
    const std::string state = v.t(r.missed ? "reminders.missed" : "reminders.due_now");
    text_colored(r.missed ? col::warn() : col::accent(), state, "status");
    ImGui::SameLine();
    const std::string title = r.task->text("title");
    text(title.empty() ? std::string(v.t("reminders.untitled")) : title);
    const std::string who = r.owner ? client_title(v, *r.owner) : std::string();
    const std::string due = tasks::due_words(v, *r.task);
    std::string rest = who;
    if (!due.empty()) rest += (rest.empty() ? "" : " \xC2\xB7 ") + tr_arg(v.m.lang, "reminders.due", due);
    if (!rest.empty()) {
        same_line_if_fits(ImGui::CalcTextSize(rest.c_str()).x);
        text_colored(col::muted(), rest);
    }
    ImGui::SameLine();
    if (r.owner && small_button(v.t("reminders.open"), "open")) {
        v.send(cc::client_selected{r.note->client_id});
        v.s.tab_request = "tasks";
    }
    ImGui::SameLine();
    if (small_button(v.t("reminders.dismiss"), "dismiss")) v.send(cc::reminder_dismissed{r.note->key});
    ImGui::PopID();
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] draw_reminders
//-----------------------------------------------------------------------------

void draw_reminders(view& v) {
    const auto shown = cc::reminders_shown(v.m);
    follow(v, shown);
    if (shown.empty() || v.s.reminders_hidden) return;
    box_begin("reminders");
    ImGui::TextColored(col::accent(), "%s", ICON_BELL);
    ImGui::SameLine(0, 0.4f * em());
    text_colored(col::accent(), v.t("reminders.title"), "heading");
    ImGui::SameLine();
    if (small_button(v.t("reminders.hide"), "hide_reminders")) v.s.reminders_hidden = true;
    if (v.m.notify_permission == "default") {
        ImGui::SameLine();
        if (small_button(v.t("reminders.enable"), "enable_notifications")) v.send(cc::notify_permission_requested{});
    }
    for (const auto& r : shown) reminder_row(v, r);
    box_end(col::accent());
}

// The top bar's bell: how many reminders are waiting; a click unfolds the band.
std::int64_t reminders_waiting(const cc::model& m) { return static_cast<std::int64_t>(cc::reminders_shown(m).size()); }

}  // namespace ui
