// Funnel subscriptions (Leeloo.ai Subscription History): per channel the tunnels with their block
// and state; subscribing at a block shows in the tunnel's history; unsubscribing a tunnel or the
// whole channel (after a confirmation) sends one subscription.unsubscribe per active tunnel.
#include <doctest/doctest.h>

#include "harness.hpp"

using namespace uitest;

namespace {

const char* const tg = "Telegram \xC2\xB7 @school_bot";
const char* const wa = "WhatsApp \xC2\xB7 +79001234567";

std::string client_with_tunnels(harness& h) {
    std::string id = h.create("Anna");
    h.put_record("subscription", "subscription:a", id, {{"channel", tg}, {"tunnel", "Warm-up"}, {"block", "Day 2"}, {"state", "active"}});
    h.put_record("subscription", "subscription:b", id, {{"channel", wa}, {"tunnel", "Onboarding"}, {"block", "Welcome"}, {"state", "active"}});
    h.put_record("subscription", "subscription:c", id, {{"channel", tg}, {"tunnel", "Old offer"}, {"block", "Final"}, {"state", "unsubscribed"}});
    h.frames(2);
    h.click("tab", "Subscriptions");
    h.frames(2);
    return id;
}

}  // namespace

TEST_CASE("Subscriptions: a channel's tunnels with block and state; another channel shows its own") {
    harness h;
    client_with_tunnels(h);
    CHECK_MESSAGE(h.find("radio", tg)->value == "true", h.dump());
    CHECK(h.has("button", "Warm-up"));
    CHECK(h.has("status", "Day 2 \xC2\xB7 subscribed"));
    CHECK(h.has("status", "Final \xC2\xB7 unsubscribed"));
    CHECK_FALSE(h.has("button", "Onboarding"));
    h.click("radio", wa);
    h.frames(1);
    CHECK(h.has("button", "Onboarding"));
    CHECK_FALSE(h.has("button", "Warm-up"));
}

TEST_CASE("subscribing to a tunnel at a block sends subscription.create and shows in the tunnel's history") {
    harness h;
    std::string id = client_with_tunnels(h);
    h.click("button", "Subscribe to a tunnel");
    h.frames(2);
    REQUIRE_MESSAGE(h.has("textbox", "Tunnel"), h.dump());
    h.type("Webinar warm-up");
    h.click("textbox", "Block");
    h.type("Day 1");
    auto out = h.click("button", "Subscribe");
    auto sent = edits(out, "subscription.create");
    REQUIRE_MESSAGE(sent.size() == 1, h.dump());
    CHECK(sent[0].client_id == id);
    CHECK(sent[0].payload == cc::json{{"tunnel", "Webinar warm-up"}, {"block", "Day 1"}, {"channel", tg}});
    h.frames(2);
    CHECK_FALSE(h.has("textbox", "Tunnel"));
    h.click("button", "Webinar warm-up");
    h.frames(1);
    bool found = false;
    for (const ui::sem_node* n : h.all("listitem"))
        found |= n->label.find("Subscribed to a tunnel \xC2\xB7 Block: Day 1") != std::string::npos;
    CHECK_MESSAGE(found, h.dump());
}

TEST_CASE("unsubscribe a tunnel, or the whole channel after a confirmation") {
    harness h;
    client_with_tunnels(h);
    auto out = h.click("button", "Unsubscribe");
    auto one = edits(out, "subscription.unsubscribe");
    REQUIRE(one.size() == 1);
    CHECK(one[0].record_id == "subscription:a");
    h.frames(1);
    CHECK(h.has("status", "Day 2 \xC2\xB7 unsubscribed"));  // at once, before the server answers

    h.put_record("subscription", "subscription:d", h.m.selected, {{"channel", tg}, {"tunnel", "T2"}, {"block", "B"}, {"state", "active"}});
    h.put_record("subscription", "subscription:e", h.m.selected, {{"channel", tg}, {"tunnel", "T3"}, {"block", "B"}, {"state", "active"}});
    h.frames(1);
    out = h.click("button", "Unsubscribe the channel");
    CHECK(edits(out, "subscription.unsubscribe").empty());  // asked first
    h.frames(1);
    CHECK(h.has("status", "Unsubscribe from 2 tunnel(s) of this channel?"));
    out = h.click("button", "Unsubscribe all");
    auto all = edits(out, "subscription.unsubscribe");
    REQUIRE(all.size() == 2);
    CHECK(all[0].record_id == "subscription:d");
    CHECK(all[1].record_id == "subscription:e");
    h.frames(1);
    CHECK_FALSE(h.has("button", "Unsubscribe the channel"));  // nothing active is left
}

TEST_CASE("move a tunnel to another block: the blocks it has been at are offered; subscription.move is sent") {
    harness h;
    std::string id = client_with_tunnels(h);
    // An earlier subscription of this client to the same tunnel, left at "Day 1".
    h.put_record("subscription", "subscription:f", id, {{"channel", tg}, {"tunnel", "Warm-up"}, {"block", "Day 1"}, {"state", "unsubscribed"}});
    h.frames(1);
    h.click("button", "Move to block");
    h.frames(2);
    REQUIRE_MESSAGE(h.has("textbox", "Block"), h.dump());
    CHECK_FALSE(h.has("button", "Day 2"));  // where it is now is not offered
    h.click("button", "Day 1");
    h.frames(1);
    auto out = h.click("button", "Move");
    auto sent = edits(out, "subscription.move");
    REQUIRE_MESSAGE(sent.size() == 1, h.dump());
    CHECK(sent[0].record_id == "subscription:a");
    CHECK(sent[0].payload == cc::json{{"block", "Day 1"}});
    h.frames(2);
    CHECK_FALSE(h.has("textbox", "Block"));
    CHECK_MESSAGE(h.has("status", "Day 1 \xC2\xB7 subscribed"), h.dump());

    // A block typed by hand; Cancel closes the form and sends nothing.
    h.click("button", "Move to block");
    h.frames(2);
    h.click("textbox", "Block");
    h.type("Day 5");
    out = h.click("button", "Move");
    sent = edits(out, "subscription.move");
    REQUIRE_MESSAGE(sent.size() == 1, h.dump());
    CHECK(sent[0].payload == cc::json{{"block", "Day 5"}});
    h.frames(2);
    h.click("button", "Move to block");
    h.frames(2);
    out = h.click("button", "Cancel");
    CHECK(edits(out, "subscription.move").empty());
    h.frames(1);
    CHECK_FALSE(h.has("textbox", "Block"));
}
