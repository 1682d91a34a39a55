// Deals and sales plans: a deal's stage changed in place (deal.set with the stage only); a lost
// deal needs its reason; the stage changes from → to with who and when; a plan entry added,
// its manager assigned and locked (the combo disabled, who and when shown), Unlock only for a
// role the policy allows.
#include <doctest/doctest.h>

#include "harness.hpp"

using namespace uitest;

namespace {

std::string client_on_deals(harness& h) {
    std::string id = h.create("Anna");
    h.frames(2);
    h.click("tab", "Deals and plans");
    h.frames(2);
    return id;
}

}  // namespace

TEST_CASE("a deal: stage changed in place, lost needs a reason, stage changes listed from -> to with who and when") {
    harness h;
    std::string id = client_on_deals(h);
    h.put_record("deal", "deal:1", id, {{"title", "Course for Anna"}, {"pipeline", "Sales"}, {"stage", "new"},
                                        {"amount", 5000000}, {"currency", "RUB"}, {"support_line", "VIP"}, {"channel", "Telegram"}});
    cc::activity_entry e;
    e.op_id = "d:1";
    e.actor = "Boris";
    e.at = h.now - 3600000;
    e.kind = "deal.set";
    e.record_id = "deal:1";
    e.changes = {{"stage", "contacted", "new"}};
    e.version = 3;
    h.m.store.base_history[id].insert(h.m.store.base_history[id].begin(), e);
    h.frames(2);
    CHECK_MESSAGE(h.has("heading", "Course for Anna"), h.dump());
    CHECK(h.find("combobox", "Stage")->value == "New");
    CHECK(h.find("textbox", "Support line")->value == "VIP");
    CHECK(h.has("listitem", "Stage: Contacted → New \xC2\xB7 Boris \xC2\xB7 2023-11-14 21:13"));

    h.click("combobox", "Stage");
    h.frames(1);
    h.click("option", "Negotiation");
    h.frames(1);
    auto out = h.click("button", "Save");
    auto sent = edits(out, "deal.set");
    REQUIRE_MESSAGE(sent.size() == 1, h.dump());
    CHECK(sent[0].record_id == "deal:1");
    CHECK(sent[0].payload == cc::json{{"stage", "negotiation"}});
    h.frames(2);
    CHECK(h.find("combobox", "Stage")->value == "Negotiation");

    // Lost: the reason field appears and is required before anything is sent.
    h.click("combobox", "Stage");
    h.frames(1);
    h.click("option", "Lost");
    h.frames(1);
    REQUIRE_MESSAGE(h.has("textbox", "Why lost"), h.dump());
    out = h.click("button", "Save");
    CHECK(edits(out, "deal.set").empty());
    h.frames(1);
    CHECK_FALSE(h.all("alert").empty());
    h.click("textbox", "Why lost");
    h.type("Too expensive");
    out = h.click("button", "Save");
    sent = edits(out, "deal.set");
    REQUIRE_MESSAGE(sent.size() == 1, h.dump());
    CHECK(sent[0].payload == cc::json{{"stage", "lost"}, {"lost_reason", "Too expensive"}});
}

TEST_CASE("sales plans: + Add to sales plan, Assign manager locks it, Unlock only for an admin") {
    harness h;
    std::string id = client_on_deals(h);
    h.click("button", "+ Add to sales plan");
    h.frames(2);
    REQUIRE_MESSAGE(h.has("textbox", "Plan"), h.dump());
    h.type("March, course sales");
    auto out = h.click("button", "Save");
    auto made = edits(out, "plan.create");
    REQUIRE_MESSAGE(made.size() == 1, h.dump());
    CHECK(made[0].payload["plan"] == "March, course sales");
    CHECK(made[0].payload["status"] == "active");

    h.put_record("plan", "plan:1", id, {{"plan", "April"}, {"status", "in_progress"}, {"manager", "Boris"}});
    h.frames(2);
    out = h.click("button", "Assign manager");  // April: the newest entry comes first
    auto lock = edits(out, "plan.lock");
    REQUIRE_MESSAGE(lock.size() == 1, h.dump());
    CHECK(lock[0].record_id == "plan:1");
    CHECK(lock[0].payload == cc::json{{"manager", "Boris"}});

    // Locked by someone else: who and when, and no Unlock for a manager.
    h.put_record("plan", "plan:2", id, {{"plan", "May"}, {"status", "active"}, {"manager", "Boris"},
                                        {"locked_by", "Olga"}, {"locked_at", 1699990000000}});
    h.frames(2);
    CHECK(h.has("status", "Manager assigned and locked by me, 2023-11-14 22:13"));  // April, at once
    CHECK_MESSAGE(h.has("status", "Manager assigned and locked by Olga, 2023-11-14 19:26"), h.dump());
    CHECK_FALSE(h.has("button", "Unlock"));
    h.m.user_role = "admin";
    h.frames(2);
    out = h.click("button", "Unlock");  // May, the newest entry
    auto unlock = edits(out, "plan.unlock");
    REQUIRE(unlock.size() == 1);
    CHECK(unlock[0].record_id == "plan:2");
}
