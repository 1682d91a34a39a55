// Tasks and meetings: "Create task" from the quick card with its defaults (type Call, assignee
// me, due the next full hour in the viewer's zone), refused input at its field, overdue in the
// viewer's zone, closing a call with its result and a follow-up, a reschedule that sends only the
// due time, Delete only where the policy allows it, the quick card's next tasks.
#include <doctest/doctest.h>

#include "harness.hpp"
#include "tests/test_time.hpp"

using namespace uitest;

namespace {


// A client with the Tasks tab open.
std::string client_on_tasks(harness& h) {
    std::string id = h.create("Anna Smirnova");
    h.frames(2);
    h.click("tab", "Tasks");
    h.frames(2);
    return id;
}

bool value_has(const ui::sem_node* n, std::string_view part) { return n && n->value.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("Create task from the quick card: type Call, assignee me, due the next full hour in a +05:30 zone") {
    harness h;
    h.zone = "Asia/Kolkata";  // 22:13 UTC is 03:43 there: the next full hour is 04:00, 22:30 UTC
    std::string id = h.create("Anna Smirnova");
    h.frames(2);
    REQUIRE(h.find("tab", "Details")->selected);
    h.click("button", "Create task");
    h.frames(3);
    CHECK(h.find("tab", "Tasks")->selected);  // the form opens on the Tasks tab
    CHECK(h.find("combobox", "Type")->value == "Call");
    CHECK(h.find("combobox", "Assignee")->value == "me");
    CHECK(h.find("textbox", "Due: date")->value == "2023-11-15");
    CHECK(h.find("textbox", "Due: time")->value == "04:00");
    h.type("Call about the demo");  // the title has the keyboard
    auto out = h.click("button", "Save");
    auto sent = edits(out, "task.create");
    REQUIRE_MESSAGE(sent.size() == 1, h.dump());
    CHECK(sent[0].client_id == id);
    CHECK(sent[0].record_id.empty());  // the core names it "task:<op id>"
    CHECK(sent[0].source == "task/new");
    CHECK(sent[0].payload == cc::json{{"title", "Call about the demo"},
                                      {"type", "call"},
                                      {"assignee", "me"},
                                      {"due_at", 1700001000000},  // 2023-11-14 22:30 UTC
                                      {"due_tz", "Asia/Kolkata"}});
    h.frames(2);
    // The core took it: the form closed and the task is listed, not synced yet (no server).
    CHECK_FALSE(h.has("textbox", "Title"));
    const ui::sem_node* row = h.find("listitem", "Call about the demo");
    REQUIRE_MESSAGE(row, h.dump());
    CHECK(row->value == "today 04:00 · me · Open · Not synced yet");
}

TEST_CASE("the Create task form works in the narrow layout too") {
    harness h(420, 1600);
    h.create("Anna");
    h.frames(3);
    h.click("button", "Create task");
    h.frames(3);
    REQUIRE_MESSAGE(h.has("textbox", "Title"), h.dump());
    h.type("Meet");
    auto out = h.click("button", "Save");
    CHECK(edits(out, "task.create").size() == 1);
}

TEST_CASE("an empty or too long title is refused at the field and nothing is sent") {
    harness h;
    client_on_tasks(h);
    h.click("button", "Create task");
    h.frames(2);
    auto out = h.click("button", "Save");
    CHECK(edits(out, "task.create").empty());
    h.frames(1);
    const ui::sem_node* msg = h.find("alert", "Required");
    REQUIRE_MESSAGE(msg, h.dump());
    CHECK(msg->value == "Title");
    const ui::sem_node* box = h.find("textbox", "Title");
    CHECK(msg->y >= box->y + box->h - 1);  // under its field
    h.click("textbox", "Title");
    h.type(std::string(201, 'x').c_str());
    out = h.click("button", "Save");
    CHECK(edits(out, "task.create").empty());
    h.frames(1);
    CHECK(h.has("alert", "Too long: at most 200 characters"));
    // A date that is not a date is refused at the due field.
    h.click("textbox", "Title");
    h.select_all();
    h.type("Call");
    h.click("textbox", "Due: date");
    h.select_all();
    h.type("2023-02-30");
    out = h.click("button", "Save");
    CHECK(edits(out, "task.create").empty());
    h.frames(1);
    CHECK(h.has("alert", "Enter a date as YYYY-MM-DD"));
}

TEST_CASE("overdue: a past due stands out, a future one does not; all-day by the viewer's date") {
    harness h;
    h.zone = "Asia/Kolkata";  // now is 03:43 on 15 November there, still 14 November in UTC
    std::string id = h.create("Anna");
    const std::int64_t t0 = h.now;
    h.add_record(id, "task.create", {{"title", "Past"}, {"type", "call"}, {"assignee", "me"}, {"due_at", t0 - hour}});
    h.add_record(id, "task.create", {{"title", "Future"}, {"type", "call"}, {"assignee", "me"}, {"due_at", t0 + hour}});
    h.add_record(id, "task.create", {{"title", "Yesterday"}, {"type", "task"}, {"assignee", "me"}, {"due_date", "2023-11-14"}});
    h.add_record(id, "task.create", {{"title", "Today"}, {"type", "task"}, {"assignee", "me"}, {"due_date", "2023-11-15"}});
    std::string late = h.add_record(id, "task.create", {{"title", "Done late"}, {"type", "call"}, {"assignee", "me"}, {"due_at", t0 - 5 * hour}});
    h.edit_record(id, late, "task.complete", {{"status", "done"}, {"result", "Reached her in the end"}});
    h.frames(2);
    h.click("tab", "Tasks");
    h.frames(2);
    CHECK_MESSAGE(value_has(h.find("listitem", "Past"), "Overdue"), h.dump());
    CHECK_FALSE(value_has(h.find("listitem", "Future"), "Overdue"));
    CHECK(value_has(h.find("listitem", "Yesterday"), "Overdue"));
    CHECK_FALSE(value_has(h.find("listitem", "Today"), "Overdue"));
    CHECK(value_has(h.find("listitem", "Today"), "today"));
    CHECK(value_has(h.find("listitem", "Future"), "today 04:43"));
    // Open tasks soonest first; an all-day task counts from the start of its day (in the viewer's
    // zone), before that day's timed ones.
    std::vector<const ui::sem_node*> rows;
    for (const ui::sem_node* n : h.all("listitem"))
        if (n->label != "Anna") rows.push_back(n);  // the client list's row
    REQUIRE(rows.size() == 4);
    CHECK(rows[0]->label == "Yesterday");
    CHECK(rows[1]->label == "Today");
    CHECK(rows[2]->label == "Past");
    CHECK(rows[3]->label == "Future");
    // Closed ones are folded, and never overdue.
    CHECK_FALSE(h.has("listitem", "Done late"));
    h.click("button", "Done and cancelled (1)");
    h.frames(1);
    CHECK_FALSE(value_has(h.find("listitem", "Done late"), "Overdue"));
    // The quick card lists the next three open ones, overdue marked.
    CHECK(h.has("text", "Scheduled tasks and meetings"));
    CHECK(h.has("link", "Yesterday"));
    CHECK(h.has("link", "Today"));
    CHECK(h.has("link", "Past"));
    CHECK_FALSE(h.has("link", "Future"));
    CHECK(h.has("status", "yesterday · Overdue"));
}

TEST_CASE("Done on a call asks for the result, then offers a follow-up task") {
    harness h;
    std::string id = h.create("Anna");
    const std::string task = h.add_record(id, "task.create", {{"title", "Call Anna"}, {"type", "call"}, {"assignee", "me"}, {"due_at", h.now + hour}});
    h.frames(2);
    h.click("tab", "Tasks");
    h.frames(1);
    h.click("listitem", "Call Anna");
    h.frames(3);
    h.click("button", "Done");
    h.frames(1);
    REQUIRE_MESSAGE(h.has("textbox", "Result"), h.dump());
    auto out = h.click("button", "Save the result");
    CHECK(edits(out, "task.complete").empty());  // the result is required for a call
    h.frames(1);
    CHECK(h.has("alert", "Say how it went: the result is required"));
    h.click("textbox", "Result");
    h.type("Agreed on a demo on Thursday");
    out = h.click("button", "Save the result");
    auto done = edits(out, "task.complete");
    REQUIRE(done.size() == 1);
    CHECK(done[0].record_id == task);
    CHECK(h.m.store.find_record(task)->text("status") == "done");  // the core took it
    CHECK(done[0].client_id == id);
    CHECK(done[0].payload == cc::json{{"status", "done"}, {"result", "Agreed on a demo on Thursday"}});
    h.frames(1);
    h.click("button", "Create follow-up task");
    h.frames(2);
    CHECK(h.find("textbox", "Title")->value == "Follow-up: Call Anna");
    CHECK(h.find("combobox", "Type")->value == "Call");
    out = h.click("button", "Save");
    auto created = edits(out, "task.create");
    REQUIRE(created.size() == 1);
    CHECK(created[0].payload["title"] == "Follow-up: Call Anna");
    CHECK(created[0].payload["type"] == "call");
    CHECK(created[0].payload["assignee"] == "me");
}

TEST_CASE("Cancel task sends task.complete cancelled with an optional reason; a closed task offers Reopen") {
    harness h;
    std::string id = h.create("Anna");
    h.add_record(id, "task.create", {{"title", "Send the offer"}, {"type", "email"}, {"assignee", "me"}});
    const std::string old = h.add_record(id, "task.create", {{"title", "Old"}, {"type", "task"}, {"assignee", "me"}});
    h.edit_record(id, old, "task.complete", {{"status", "done"}});
    h.frames(2);
    h.click("tab", "Tasks");
    h.frames(1);
    h.click("listitem", "Send the offer");
    h.frames(3);
    h.click("button", "Cancel task");
    h.frames(1);
    auto out = h.click("button", "Cancel the task");
    auto sent = edits(out, "task.complete");
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].payload == cc::json{{"status", "cancelled"}});
    h.frames(1);
    h.click("button", "Done and cancelled (2)");  // the one just cancelled joined it
    h.frames(1);
    h.click("listitem", "Old");
    h.frames(3);
    out = h.click("button", "Reopen");
    auto reopened = edits(out, "task.reopen");
    REQUIRE(reopened.size() == 1);
    CHECK(reopened[0].record_id == old);
}

TEST_CASE("moving the due time is a reschedule: task.set with only due_at") {
    harness h;
    h.zone = "Asia/Kolkata";
    std::string id = h.create("Anna");
    const std::int64_t due = 1700038800000;  // 2023-11-15 09:00 UTC = 14:30 in Kolkata
    const std::string task = h.add_record(id, "task.create", {{"title", "Demo"}, {"type", "meeting"}, {"assignee", "me"}, {"due_at", due}, {"due_tz", "Asia/Kolkata"}, {"link", "https://meet.example.com/x"}});
    h.frames(2);
    h.click("tab", "Tasks");
    h.frames(1);
    h.click("listitem", "Demo");
    h.frames(3);
    CHECK(h.find("textbox", "Due: time")->value == "14:30");
    CHECK(h.find("textbox", "Link")->value == "https://meet.example.com/x");  // a meeting shows place and link
    h.click("textbox", "Due: time");
    h.select_all();
    h.type("16:00");
    auto out = h.click("button", "Save");
    auto sets = edits(out, "task.set");
    REQUIRE_MESSAGE(sets.size() == 1, h.dump());
    CHECK(sets[0].record_id == task);
    CHECK(sets[0].payload == cc::json{{"due_at", due + 90 * 60 * 1000}});
    // The log says it was rescheduled, old -> new, in the viewer's zone.
    h.frames(1);
    h.click("tab", "Log");
    h.frames(2);
    CHECK_MESSAGE(h.has("text", "Task rescheduled"), h.dump());
    CHECK(h.has("text", "Due: 2023-11-15 14:30 → 2023-11-15 16:00"));
}

TEST_CASE("a manager sees no Delete on a task, an admin does; signed out counts as a manager") {
    harness h;
    std::string id = h.create("Anna");
    const std::string task = h.add_record(id, "task.create", {{"title", "Prepare"}, {"type", "task"}, {"assignee", "me"}});
    h.frames(2);
    h.click("tab", "Tasks");
    h.frames(1);
    h.click("listitem", "Prepare");
    h.frames(3);
    CHECK(h.has("button", "Done"));
    CHECK_FALSE(h.has("button", "Delete"));
    h.m.user_name = "Boris";
    h.m.user_role = "manager";
    h.frames(2);
    CHECK(h.has("button", "Cancel task"));
    CHECK_FALSE(h.has("button", "Delete"));
    h.m.user_name = "Anna";
    h.m.user_role = "admin";
    h.frames(2);
    REQUIRE(h.has("button", "Delete"));
    h.click("button", "Delete");
    h.frames(1);
    CHECK(h.has("text", "Delete this task?"));
    auto out = h.click("button", "Delete");
    auto del = edits(out, "task.delete");
    REQUIRE(del.size() == 1);
    CHECK(del[0].record_id == task);
}

TEST_CASE("a task not yet confirmed by the server says so") {
    harness h;
    std::string id = h.create("Anna");
    h.add_record(id, "task.create", {{"title", "Pending one"}, {"type", "task"}, {"assignee", "me"}});  // no server
    h.put_record("task", "task:confirmed", id, {{"title", "Confirmed one"}, {"type", "task"}, {"status", "open"}, {"assignee", "Vera"}});
    h.frames(2);
    h.click("tab", "Tasks");
    h.frames(1);
    CHECK(value_has(h.find("listitem", "Pending one"), "Not synced yet"));
    CHECK_FALSE(value_has(h.find("listitem", "Confirmed one"), "Not synced yet"));
}
