// Calls: the list as a manager reads it (direction, phone link, start, duration, took place or
// why not, recording), logging a call that did not take place, the call-back task it offers,
// correcting a logged call.
#include <doctest/doctest.h>

#include "harness.hpp"

using namespace uitest;

namespace {

std::string client_with_phone(harness& h) {
    std::string id = h.create("Anna Smirnova");
    h.edit(id, "item.add", {{"list", "phones"}, {"item", {{"type", "mobile"}, {"raw", "8 912 345-67-89"}}}});
    h.frames(2);
    return id;
}

const ui::sem_node* call_row(harness& h) {
    for (const ui::sem_node* n : h.all("listitem"))
        if (n->label.rfind("Outgoing", 0) == 0 || n->label.rfind("Incoming", 0) == 0) return n;
    return nullptr;
}

}  // namespace

TEST_CASE("Log call: a call that did not take place needs its reason, then sends call.create") {
    harness h;
    std::string id = client_with_phone(h);
    h.click("tab", "Calls");
    h.frames(1);
    h.click("button", "Log call");
    h.frames(2);
    CHECK(h.find("combobox", "Direction")->value == "Outgoing");
    CHECK(h.find("textbox", "Phone")->value == "+79123456789");  // the client's main phone
    CHECK(h.find("textbox", "Start: time")->value == "22:13");    // now, in the viewer's zone
    CHECK(h.find("checkbox", "Took place")->value == "true");
    CHECK_FALSE(h.has("combobox", "Why not"));
    h.click("checkbox", "Took place");
    h.frames(1);
    REQUIRE_MESSAGE(h.has("combobox", "Why not"), h.dump());
    auto out = h.click("button", "Save");
    CHECK(edits(out, "call.create").empty());  // no reason yet
    h.frames(1);
    const ui::sem_node* msg = h.find("alert", "Required");
    REQUIRE_MESSAGE(msg, h.dump());
    CHECK(msg->value == "Why not");
    h.click("combobox", "Why not");
    h.frames(1);
    h.click("option", "Busy");
    h.frames(1);
    h.click("textbox", "Duration (m:ss)");
    h.type("0:35");
    h.click("textbox", "Note");
    h.type("Will try after lunch");
    out = h.click("button", "Save");
    auto sent = edits(out, "call.create");
    REQUIRE_MESSAGE(sent.size() == 1, h.dump());
    CHECK(sent[0].client_id == id);
    CHECK(sent[0].record_id.empty());
    CHECK(sent[0].payload == cc::json{{"direction", "outgoing"},
                                      {"phone", "+79123456789"},
                                      {"manager", "me"},
                                      {"started_at", 1699999980000},  // 22:13 UTC, to the minute
                                      {"took_place", false},
                                      {"reason", "busy"},
                                      {"note", "Will try after lunch"},
                                      {"duration_s", 35}});
    h.frames(2);
    const ui::sem_node* row = call_row(h);  // the core took it: the form closed, the call is listed
    REQUIRE_MESSAGE(row, h.dump());
    CHECK(row->value.find("0:35 · Busy") == 0);
    CHECK_FALSE(h.has("button", "Save"));
}

TEST_CASE("a call that did not take place offers a call-back task: the task form, prefilled") {
    harness h;
    std::string id = client_with_phone(h);
    h.add_record(id, "call.create",
                 {{"direction", "outgoing"}, {"phone", "+79123456789"}, {"manager", "Boris"}, {"started_at", h.now - 3600000},
                  {"duration_s", 0}, {"took_place", false}, {"reason", "no_answer"}});
    h.frames(2);
    h.click("tab", "Calls");
    h.frames(1);
    const ui::sem_node* row = call_row(h);
    REQUIRE_MESSAGE(row, h.dump());
    CHECK(row->value.find("No answer") != std::string::npos);
    CHECK(row->value.find("Boris") != std::string::npos);
    CHECK(h.has("link", "+7 912 345-67-89"));
    h.click("button", "Create call-back task");
    h.frames(2);
    CHECK(h.find("tab", "Tasks")->selected);
    CHECK(h.find("textbox", "Title")->value == "Call back");
    CHECK(h.find("combobox", "Type")->value == "Call");
    CHECK(h.find("textbox", "Due: time")->value == "23:00");  // the next full hour
    auto out = h.click("button", "Save");
    auto sent = edits(out, "task.create");
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].payload["title"] == "Call back");
    CHECK(sent[0].payload["due_at"] == 1700002800000);
}

TEST_CASE("the calls list: newest first, duration m:ss, took place, the integration, a recording without a player") {
    harness h;
    std::string id = client_with_phone(h);
    h.put_record("call", "call:old", id,
                 {{"direction", "incoming"}, {"phone", "+79123456789"}, {"manager", "Vera"}, {"started_at", h.now - 86400000},
                  {"duration_s", 245}, {"took_place", true}, {"source", "Mango Office"},
                  {"recording", {{"id", std::string(64, 'a')}, {"name", "call-42.mp3"}, {"size", 1258291}, {"type", "audio/mpeg"}}}});
    h.add_record(id, "call.create",
                 {{"direction", "outgoing"}, {"phone", "+79123456789"}, {"started_at", h.now - 60000}, {"duration_s", 61},
                  {"took_place", true}, {"note", "Discussed the price"}});
    h.frames(2);
    h.click("tab", "Calls");
    h.frames(1);
    std::vector<const ui::sem_node*> rows;
    for (const ui::sem_node* n : h.all("listitem"))
        if (n->label != "Anna Smirnova") rows.push_back(n);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0]->label.rfind("Outgoing", 0) == 0);
    CHECK(rows[0]->value.find("1:01 · Took place") == 0);
    CHECK(rows[0]->value.find("Discussed the price") != std::string::npos);
    CHECK(rows[0]->value.find("Not synced yet") != std::string::npos);  // made here, no server yet
    CHECK(rows[1]->label.rfind("Incoming", 0) == 0);
    CHECK(rows[1]->value.find("4:05") == 0);
    CHECK(rows[1]->value.find("via Mango Office") != std::string::npos);
    CHECK(rows[1]->value.find("Recording: call-42.mp3 (1.2 MB)") != std::string::npos);
    CHECK_FALSE(h.has("button", "Play"));
    CHECK_FALSE(h.has("button", "Create call-back task"));  // both took place
}

TEST_CASE("correcting a logged call: call.set with only what changed") {
    harness h;
    std::string id = client_with_phone(h);
    const std::string call = h.add_record(id, "call.create",
                                          {{"direction", "outgoing"}, {"phone", "+79123456789"}, {"started_at", h.now - 60000},
                                           {"duration_s", 0}, {"took_place", false}, {"reason", "no_answer"}});
    h.frames(2);
    h.click("tab", "Calls");
    h.frames(1);
    h.click("listitem", call_row(h)->label);
    h.frames(3);
    CHECK(h.find("combobox", "Why not")->value == "No answer");
    h.click("checkbox", "Took place");  // it did take place after all: the reason goes
    h.frames(1);
    h.click("textbox", "Note");
    h.type("Called back at once");
    auto out = h.click("button", "Save");
    auto sets = edits(out, "call.set");
    REQUIRE_MESSAGE(sets.size() == 1, h.dump());
    CHECK(sets[0].record_id == call);
    CHECK(sets[0].payload == cc::json{{"took_place", true}, {"reason", nullptr}, {"note", "Called back at once"}});
}
