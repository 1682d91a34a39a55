// tasks.cpp — the "Tasks" section (Leeloo.ai's Tasks tab and its quick card's "Create task" and
// "Scheduled tasks and meetings"; GetCourse tasks; MVP Project tasks): the client's tasks and
// meetings, open ones soonest first, then the done and cancelled ones (folded), newest first.
// Overdue tasks stand out, computed with the host's clock in the viewer's zone. Its parts:
// tasks/read.cpp (how a task reads), tasks/form.cpp (create, edit, close).
//
// Index of this file:
// [SECTION] The lists
// [SECTION] The tab
// [SECTION] The quick card's part
// [SECTION] Strings
// [SECTION] Registration

#include <imgui.h>

#include "ui/icons.hpp"
#include "ui/kit/fields.hpp"
#include "ui/kit/rows.hpp"
#include "ui/section.hpp"
#include "ui/sections/tasks/tasks.hpp"
#include "ui/semantic.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

using namespace tasks;

//-----------------------------------------------------------------------------
// [SECTION] The lists
//-----------------------------------------------------------------------------

// What a row says after the title, for the semantic tree and the tooltip.
std::string row_value(const view& v, const cc::record& t) {
    std::string s = due_words(v, t);
    if (s.empty()) s = v.t("task.no_due");
    s += " · " + t.text("assignee") + " · " + status_words(v, t);
    if (overdue(v, t)) s += " · " + std::string(v.t("task.overdue"));
    if (cc::record_pending(v.m, t.id)) s += " · " + std::string(v.t("form.pending"));
    return s;
}

// One line per task, so the clipper can skip what is out of sight: icon, title, due (red and
// "Overdue" when late), assignee, status. Clicking a row opens the task above the list.
void task_table(view& v, const std::vector<const cc::record*>& list, const char* id) {
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerH;
    if (!ImGui::BeginTable(id, 4, flags)) return;
    ImGui::TableSetupColumn("title", ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableSetupColumn("due", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn("assignee", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn("status", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(list.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const cc::record& t = *list[static_cast<std::size_t>(i)];
            ImGui::TableNextRow();
            ImGui::PushID(t.id.c_str());
            ImGui::TableSetColumnIndex(0);
            const bool selected = v.s.open_record == t.id;
            const bool late = overdue(v, t);
            const ImVec2 start = ImGui::GetCursorScreenPos();
            if (ImGui::Selectable("##row", selected, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap))
                v.s.open_record = selected ? std::string() : t.id;
            const std::string title = t.text("title");
            sem_item_raw("listitem", title, row_value(v, t), selected);
            ImGui::SetCursorScreenPos(start);
            ImGui::TextColored(late ? col::error() : col::accent(), "%s", type_icon(t.text("type")));
            ImGui::SameLine();
            ImGui::TextUnformatted(title.c_str(), title.c_str() + title.size());
            ImGui::TableSetColumnIndex(1);
            const std::string due = due_words(v, t);
            if (late) {
                text_colored(col::error(), due + " · " + v.t("task.overdue"), "status");
            } else if (!due.empty()) {
                ImGui::TextUnformatted(due.c_str(), due.c_str() + due.size());
            }
            ImGui::TableSetColumnIndex(2);
            const std::string who = t.text("assignee");
            ImGui::TextUnformatted(who.c_str(), who.c_str() + who.size());
            ImGui::TableSetColumnIndex(3);
            if (cc::record_pending(v.m, t.id)) {
                ImGui::TextColored(col::warn(), "%s", ICON_CLOCK);
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", v.t("form.pending"));
                ImGui::SameLine();
            }
            const std::string status = status_words(v, t);
            ImGui::TextUnformatted(status.c_str(), status.c_str() + status.size());
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

//-----------------------------------------------------------------------------
// [SECTION] The tab
//-----------------------------------------------------------------------------

void draw_tasks(view& v, const cc::client& c) {
    if (v.can(cc::verb::create, "task") && !v.s.forms.count(new_form)) {
        if (button(v.t("task.create"), "create_task", ICON_PLUS)) open_form(v, c);
    }
    draw_new_form(v, c);
    // The open task, above the lists.
    if (const cc::record* t = v.m.store.find_record(v.s.open_record);
        t && t->kind == "task" && t->client_id == c.id && !t->deleted)
        draw_task_panel(v, c, *t);

    const auto open = open_tasks(v, c);
    heading(tr_num(v.m.lang, "task.scheduled", open.size()));
    if (open.empty()) text_colored(col::muted(), v.t("task.none_scheduled"), "status");
    else task_table(v, open, "open_tasks");

    const auto closed = closed_tasks(v, c);
    if (closed.empty()) return;
    ImGui::Spacing();
    const bool unfolded = v.s.unfolded.count("tasks/closed") != 0;
    const std::string label = tr_num(v.m.lang, "task.closed", closed.size());
    if (button(label, "closed", unfolded ? ICON_CHEVRON_DOWN : ICON_CHEVRON_RIGHT)) {
        if (unfolded) v.s.unfolded.erase("tasks/closed");
        else v.s.unfolded.insert("tasks/closed");
    }
    if (unfolded) task_table(v, closed, "closed_tasks");
}

//-----------------------------------------------------------------------------
// [SECTION] The quick card's part
//-----------------------------------------------------------------------------

// Leeloo.ai's quick card: "Create task", then the next scheduled tasks and meetings.
void quick_tasks(view& v, const cc::client& c) {
    if (v.can(cc::verb::create, "task")) {
        if (button(v.t("task.create"), "quick_create_task", ICON_PLUS)) open_form(v, c);
    }
    const auto open = open_tasks(v, c);
    if (open.empty()) return;
    text_colored(col::muted(), v.t("task.next"));
    const std::size_t shown = open.size() < 3 ? open.size() : 3;
    for (std::size_t i = 0; i < shown; ++i) {
        const cc::record& t = *open[i];
        ImGui::PushID(t.id.c_str());
        const bool late = overdue(v, t);
        ImGui::TextColored(late ? col::error() : col::accent(), "%s", type_icon(t.text("type")));
        ImGui::SameLine();
        std::string due = due_words(v, t);
        if (late) due += " · " + std::string(v.t("task.overdue"));
        // The title opens the task on its tab.
        const std::string title = t.text("title");
        ImVec2 ts = ImGui::CalcTextSize(title.c_str());
        if (selectable_text(title, false, "open", "link", ts.x + ImGui::GetStyle().ItemSpacing.x)) {
            v.s.open_record = t.id;
            v.s.tab_request = "tasks";
        }
        ImGui::SameLine();
        if (due.empty()) text_colored(col::muted(), v.t("task.no_due"));
        else text_colored(late ? col::error() : col::muted(), due, late ? "status" : "text");
        ImGui::PopID();
    }
    if (open.size() > shown) {
        if (small_button(tr_num(v.m.lang, "task.all", open.size()), "all_tasks"))
            v.s.tab_request = "tasks";
    }
}

bool shows(const view& v, const cc::client&) { return v.can(cc::verb::read, "task"); }

//-----------------------------------------------------------------------------
// [SECTION] Strings
//-----------------------------------------------------------------------------

// clang-format off
const string_row strings[] = {
    {"tab.tasks",              "Tasks",                          "Задачи"},
    {"task.create",            "Create task",                    "Создать задачу"},
    {"task.new",               "New task",                       "Новая задача"},
    {"task.next",              "Scheduled tasks and meetings",   "Запланированные задачи и встречи"},
    {"task.all",               "All tasks ({n})",                "Все задачи ({n})"},
    {"task.scheduled",         "Scheduled ({n})",                "Запланировано ({n})"},
    {"task.none_scheduled",    "Nothing scheduled",              "Ничего не запланировано"},
    {"task.closed",            "Done and cancelled ({n})",       "Выполненные и отменённые ({n})"},
    {"task.no_due",            "no due date",                    "без срока"},
    {"task.overdue",           "Overdue",                        "Просрочено"},
    {"task.due",               "Due",                            "Срок"},
    {"task.due_in_zone",       "Set as {time} ({zone})",         "Назначено на {time} ({zone})"},
    {"task.all_day",           "All day",                        "Весь день"},
    {"task.reminders",         "Reminders",                      "Напоминания"},
    {"task.reminder_n",        "Reminder {n}",                   "Напоминание {n}"},
    {"task.reminder_add",      "+ Add reminder",                 "+ Добавить напоминание"},
    {"task.reminder_remove",   "Remove reminder {n}",            "Удалить напоминание {n}"},
    {"task.reminder.0",        "At the due time",                "В назначенное время"},
    {"task.reminder.5",        "5 minutes before",               "За 5 минут"},
    {"task.reminder.15",       "15 minutes before",              "За 15 минут"},
    {"task.reminder.30",       "30 minutes before",              "За 30 минут"},
    {"task.reminder.60",       "1 hour before",                  "За 1 час"},
    {"task.reminder.1440",     "1 day before",                   "За 1 день"},
    {"task.reminder.minutes",  "{n} minutes before",             "За {n} мин"},
    {"task.done",              "Done",                           "Выполнено"},
    {"task.cancel_task",       "Cancel task",                    "Отменить задачу"},
    {"task.confirm_cancel",    "Cancel the task",                "Отменить задачу"},
    {"task.reopen",            "Reopen",                         "Открыть снова"},
    {"task.delete_confirm",    "Delete this task?",              "Удалить эту задачу?"},
    {"task.result",            "Result",                         "Результат"},
    {"task.result_optional",   "Why (optional)",                 "Причина (необязательно)"},
    {"task.save_result",       "Save the result",                "Сохранить результат"},
    {"task.follow_up_offer",   "Done. Plan what comes next?",    "Выполнено. Запланировать следующий шаг?"},
    {"task.follow_up",         "Create follow-up task",          "Создать следующую задачу"},
    {"task.follow_up_title",   "Follow-up: {title}",             "Продолжение: {title}"},
    {"task.not_now",           "Not now",                        "Не сейчас"},
    // the schema's labels ("<kind>.<field>") and words ("<kind>.<field>.<value>")
    {"task.title",             "Title",                          "Название"},
    {"task.type",              "Type",                           "Тип"},
    {"task.type.call",         "Call",                           "Звонок"},
    {"task.type.meeting",      "Meeting",                        "Встреча"},
    {"task.type.task",         "Task",                           "Задача"},
    {"task.type.email",        "Email",                          "Письмо"},
    {"task.type.other",        "Other",                          "Другое"},
    {"task.place",             "Place",                          "Место"},
    {"task.link",              "Link",                           "Ссылка"},
    {"task.description",       "Description",                    "Описание"},
    {"task.due_at",            "Due",                            "Срок"},
    {"task.due_tz",            "Time zone of the due time",      "Часовой пояс срока"},
    {"task.due_date",          "Due (all day)",                  "Срок (весь день)"},
    {"task.assignee",          "Assignee",                       "Исполнитель"},
    {"task.status",            "Status",                         "Статус"},
    {"task.status.open",       "Open",                           "Открыта"},
    {"task.status.done",       "Done",                           "Выполнена"},
    {"task.status.cancelled",  "Cancelled",                      "Отменена"},
    {"task.closed_at",         "Closed",                         "Закрыта"},
    {"task.closed_by",         "Closed by",                      "Кем закрыта"},
};
// clang-format on

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Registration
//-----------------------------------------------------------------------------

const section_def& section_tasks() {
    static const section_def def = [] {
        section_def s;
        s.id = "tasks";
        s.order = 20;
        s.label_key = "tab.tasks";
        s.draw = draw_tasks;
        s.shows = shows;
        s.quick = quick_tasks;
        own_strings(s, strings);
        return s;
    }();
    return def;
}

}  // namespace ui
