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
