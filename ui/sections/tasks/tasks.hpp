// tasks.hpp — the Tasks section's parts (sections/tasks.cpp) and what other parts of the card
// use of it: the task form (opened from the quick card and from a call that did not take
// place), and how a task reads (due, overdue, icon).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/record.hpp"
#include "ui/ui_state.hpp"
#include "ui/view.hpp"

namespace ui::tasks {

// ---- reading a task (tasks/read.cpp)
bool is_open(const cc::record& t);
// Open and past its due moment: a timed task once `now` passed due_at; an all-day task once its
// date is before today in the viewer's zone (due today is not overdue).
bool overdue(const view& v, const cc::record& t);
// "today 15:00", "tomorrow", "5 Mar 15:00" in the viewer's zone; "" when it has no due.
std::string due_words(const view& v, const cc::record& t);
// The client's live tasks: open ones soonest first (no due last), closed ones newest first.
std::vector<const cc::record*> open_tasks(const view& v, const cc::client& c);
std::vector<const cc::record*> closed_tasks(const view& v, const cc::client& c);
const char* type_icon(const std::string& type);
std::string status_words(const view& v, const cc::record& t);

// ---- the forms (tasks/form.cpp)
inline const char* new_form = "task/new";
// Opens the "Create task" form on the Tasks tab, filled in sensibly — type Call, assignee me,
// due the next full hour in the viewer's zone — and then with `prefill` (field -> value).
void open_form(view& v, const cc::client& c, const cc::json& prefill = cc::json::object());
// The create form, when open.
void draw_new_form(view& v, const cc::client& c);
// The open task: its fields to edit, and Done / Cancel task / Reopen / Delete.
void draw_task_panel(view& v, const cc::client& c, const cc::record& t);

}  // namespace ui::tasks
