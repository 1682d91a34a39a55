// The Log tab: the client's activity, newest first, who/what/old -> new, with the entries that
// are still only in this browser marked; and the UTC time format.
#include <doctest/doctest.h>

#include "harness.hpp"
#include "ui/view.hpp"

using namespace uitest;

TEST_CASE("format_time_utc: ms since the epoch to a UTC date and time") {
    CHECK(ui::format_time_utc(1700000000000) == "2023-11-14 22:13 UTC");
    CHECK(ui::format_time_utc(951782400000) == "2000-02-29 00:00 UTC");  // a leap day
    CHECK(ui::format_time_utc(0) == "—");
}

TEST_CASE("the Log tab lists the client's changes with old and new values") {
    harness h;
    std::string id = h.create("Anna");
    h.edit(id, "client.set", {{"name", "Анна"}});
    h.edit(id, "client.set", {{"vip", true}});
    h.frames(2);
    h.click("tab", "Log");
    h.frames(2);
    CHECK(h.find("tab", "Log")->selected);
    CHECK_MESSAGE(h.has("text", "Name: Anna → Анна"), h.dump());
    CHECK(h.has("text", "VIP: no → yes"));
    CHECK(h.has("text", "Changed"));
    CHECK(h.has("text", "Created"));
    CHECK(h.has("text", "me"));
    CHECK(h.has("status", "Not synced yet"));
    // The tab stays open for the next client.
    std::string boris = h.create("Boris");
    h.frames(2);
    CHECK(h.find("tab", "Log")->selected);
    CHECK_FALSE(h.has("text", "Name: Anna → Анна"));
    h.click("tab", "Details");
    h.frames(1);
    CHECK(h.has("textbox", "Name"));
}

TEST_CASE("record entries read through the schema: labels, enum words, times in the viewer's zone, an icon per action") {
    harness h;
    h.zone = "Europe/Moscow";
    std::string id = h.create("Anna");
    auto entry = [&](std::string op_id, std::string kind, std::vector<cc::field_change> changes, std::int64_t at) {
        cc::activity_entry e;
        e.op_id = std::move(op_id);
        e.actor = "Boris";
        e.at = at;
        e.kind = std::move(kind);
        e.record_id = "task:1";
        e.changes = std::move(changes);
        e.version = 7;
        return e;
    };
    auto& hist = h.m.store.base_history[id];  // newest first
    hist.insert(hist.begin(), entry("d:1", "task.create", {{"title", "", "Call Anna"}, {"type", "", "meeting"}}, h.now - 7200000));
    hist.insert(hist.begin(), entry("d:2", "task.set", {{"due_at", "1700038800000", "1700125200000"}}, h.now - 3600000));
    hist.insert(hist.begin(), entry("d:3", "task.complete", {{"status", "open", "done"}}, h.now - 60000));
    h.frames(2);
    h.click("tab", "Log");
    h.frames(2);
    CHECK_MESSAGE(h.has("text", "Task created"), h.dump());
    CHECK(h.has("text", "Title: Call Anna"));
    CHECK(h.has("text", "Type: Meeting"));
    CHECK(h.has("text", "Task rescheduled"));
    CHECK(h.has("text", "Due: 2023-11-15 12:00 → 2023-11-16 12:00"));  // ms shown in Moscow time
    CHECK(h.has("text", "Task done"));
    CHECK(h.has("text", "Status: Open → Done"));
    CHECK(h.has("text", "2023-11-15 01:12"));  // the entry's own time, in the viewer's zone
}

TEST_CASE("log filter chips dispatch log_filter_changed with the types shown") {
    harness h;
    std::string id = h.create("Anna");
    cc::activity_entry e;
    e.op_id = "d:1";
    e.actor = "Boris";
    e.at = h.now;
    e.kind = "comment.create";
    e.record_id = "comment:1";
    e.changes = {{"text", "", "Hello"}};
    h.m.store.base_history[id].insert(h.m.store.base_history[id].begin(), e);
    h.frames(2);
    h.click("tab", "Log");
    h.frames(1);
    CHECK(h.find("radio", "Tasks")->value == "true");  // empty filter: everything shows
    CHECK(h.has("text", "Comment added"));
    auto out = h.click("radio", "Comments");
    const cc::log_filter_changed* f = first_of<cc::log_filter_changed>(out);
    REQUIRE(f);
    CHECK(f->types == std::set<std::string>{"client", "task", "call", "order", "payment", "balance", "sale", "registration",
                                            "deal", "plan", "subscription", "membership", "webinar", "visit"});
    h.frames(1);
    CHECK_FALSE(h.has("text", "Comment added"));
    CHECK(h.has("text", "Created"));  // the client's own entries still show
    out = h.click("radio", "Comments");
    f = first_of<cc::log_filter_changed>(out);
    REQUIRE(f);
    CHECK(f->types.empty());  // all shown again: no filter
}

TEST_CASE("Load earlier asks the core for the next page of history; loading and failure show") {
    harness h;
    std::string id = h.create("Anna");
    h.m.signed_in = true;
    h.frames(2);
    h.click("tab", "Log");
    h.frames(1);
    auto out = h.click("button", "Load earlier");
    const cc::history_requested* r = first_of<cc::history_requested>(out);
    REQUIRE(r);
    CHECK(r->client_id == id);
    h.m.history[id].loading = true;
    h.frames(1);
    CHECK(h.has("status", "Loading earlier entries…"));
    h.m.history[id].loading = false;
    h.m.history[id].failed = cc::error{"err.server_down", "", ""};
    h.frames(1);
    CHECK(h.has("alert", "Server is not reachable"));
    CHECK(h.has("button", "Retry"));
    h.m.history[id].failed.reset();
    h.m.history[id].complete = true;
    h.frames(1);
    CHECK_FALSE(h.has("button", "Load earlier"));
}

TEST_CASE("money and activity entries: each type its words and icon, a payment succeeded or failed with its code, in the filter") {
    harness h;
    std::string id = h.create("Anna");
    auto entry = [&](std::string op_id, std::string kind, std::string record, std::vector<cc::field_change> changes) {
        cc::activity_entry e;
        e.op_id = std::move(op_id);
        e.actor = "shop";
        e.at = h.now - 60000;
        e.kind = std::move(kind);
        e.record_id = std::move(record);
        e.changes = std::move(changes);
        e.version = 9;
        return e;
    };
    auto& hist = h.m.store.base_history[id];
    hist.insert(hist.begin(), entry("e:1", "payment.create", "payment:1", {{"status", "", "succeeded"}, {"source", "", "cloudpayments"}}));
    hist.insert(hist.begin(), entry("e:2", "payment.create", "payment:2", {{"status", "", "failed"}, {"error_code", "", "51"}}));
    hist.insert(hist.begin(), entry("e:3", "order.create", "order:1", {{"number", "", "A-1042"}}));
    hist.insert(hist.begin(), entry("e:4", "plan.create", "plan:1", {{"plan", "", "March"}}));
    hist.insert(hist.begin(), entry("e:5", "subscription.create", "subscription:1", {{"block", "", "Day 1"}}));
    hist.insert(hist.begin(), entry("e:6", "subscription.unsubscribe", "subscription:1", {{"state", "active", "unsubscribed"}}));
    hist.insert(hist.begin(), entry("e:7", "webinar.create", "webinar:1", {{"webinar", "", "Sales 101"}}));
    hist.insert(hist.begin(), entry("e:8", "visit.create", "visit:1", {{"url", "", "https://school.example/pricing"}}));
    hist.insert(hist.begin(), entry("e:9", "deal.set", "deal:1", {{"stage", "new", "negotiation"}}));
    hist.insert(hist.begin(), entry("e:10", "sale.create", "sale:1", {{"player_id", "", "P-1"}}));
    h.frames(2);
    h.click("tab", "Log");
    h.frames(2);
    for (const char* words : {"Payment succeeded", "Payment failed (code 51)", "Order created", "Added to a sales plan",
                              "Subscribed to a tunnel", "Unsubscribed from a tunnel", "Webinar watched", "Site visit",
                              "Deal stage changed", "Sale added"}) {
        CAPTURE(words);
        CHECK_MESSAGE(h.has("text", words), h.dump());
    }
    // Only payments: the rest hides.
    for (const char* other : {"Client", "Tasks", "Calls", "Comments", "Orders", "Balance", "Sales", "Registration link", "Deals",
                              "Sales plans", "Subscriptions", "Access", "Webinars", "Site visits"})
        h.click("radio", other);
    h.frames(1);
    CHECK(h.m.log_filter == std::set<std::string>{"payment"});
    CHECK(h.has("text", "Payment failed (code 51)"));
    CHECK_FALSE(h.has("text", "Order created"));
    // In Russian.
    h.click("radio", "RU");
    h.frames(2);
    CHECK(h.has("text", "Неуспешный платёж (код 51)"));
    CHECK(h.has("text", "Успешный платёж"));
}
