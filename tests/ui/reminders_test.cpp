// The reminders band: a reminder missed while the computer slept shows with its task, client
// and due time; Dismiss sends the core reminder_dismissed and the band goes; Open shows the
// client; "Enable browser notifications" asks only when clicked.
#include <doctest/doctest.h>

#include "harness.hpp"
#include "tests/test_time.hpp"

using namespace uitest;

namespace {
}

TEST_CASE("a missed reminder shows in the band; Dismiss dispatches and it goes away") {
    harness h;
    const std::string anna = h.create("Anna Smirnova");
    const std::string task = h.add_record(anna, "task.create",
                                          {{"title", "Send the offer"}, {"assignee", "me"}, {"type", "email"},
                                           {"due_at", h.now + 10 * minute}, {"reminders", {0}}});
    h.dispatch(cc::client_selected{""});
    h.frames(2);
    CHECK_FALSE(h.has("heading", "Reminders"));
    // The computer slept through it: the timer runs out an hour late.
    h.now += 70 * minute;
    h.dispatch(cc::timer_fired{cc::timer_id::reminder});
    h.frames(2);
    REQUIRE_MESSAGE(h.has("heading", "Reminders"), h.dump());
    CHECK(h.has("status", "Missed"));
    CHECK(h.has("text", "Send the offer"));
    const ui::sem_node* rest = nullptr;
    for (const ui::sem_node* n : h.all("text"))
        if (n->label.find("Anna Smirnova") != std::string::npos) rest = n;
    REQUIRE_MESSAGE(rest, h.dump());
    CHECK(rest->label.find("due ") != std::string::npos);
    CHECK(h.has("button", "1 reminder"));  // the top bar's bell

    // Open shows the client's card.
    h.click("button", "Open");
    h.frames(2);
    CHECK(h.m.selected == anna);

    auto out = h.click("button", "Dismiss");
    const cc::reminder_dismissed* d = first_of<cc::reminder_dismissed>(out);
    REQUIRE(d);
    CHECK(d->key.rfind(task + "@", 0) == 0);
    h.frames(2);
    CHECK_FALSE(h.has("heading", "Reminders"));
    CHECK_FALSE(h.has("button", "1 reminder"));
}

TEST_CASE("the band asks for browser notifications only when clicked, and not once decided") {
    harness h;
    const std::string id = h.create("Oleg");
    h.add_record(id, "task.create", {{"title", "Call"}, {"assignee", "me"}, {"due_at", h.now + minute}, {"reminders", {0}}});
    h.now += minute;
    h.dispatch(cc::timer_fired{cc::timer_id::reminder});
    h.frames(2);
    REQUIRE_MESSAGE(h.has("status", "Due"), h.dump());
    auto out = h.click("button", "Enable browser notifications");
    CHECK(first_of<cc::notify_permission_requested>(out));
    h.dispatch(cc::notify_permission_changed{"granted"});
    h.frames(2);
    CHECK_FALSE(h.has("button", "Enable browser notifications"));
    // "Hide" folds the band; the bell brings it back.
    h.click("button", "Hide");
    h.frames(2);
    CHECK_FALSE(h.has("heading", "Reminders"));
    h.click("button", "1 reminder");
    h.frames(2);
    CHECK(h.has("heading", "Reminders"));
}
