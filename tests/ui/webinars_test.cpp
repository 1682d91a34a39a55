// Webinars and visits: attendance with launch, first entry and time watched ("1 h 05 min"),
// newest first; the last pages visited as links (a javascript: URL is shown, never opened).
#include <doctest/doctest.h>

#include "harness.hpp"

using namespace uitest;

TEST_CASE("webinar attendance and the last pages visited, in English and Russian") {
    harness h;
    std::string id = h.create("Anna");
    h.put_record("webinar", "webinar:1", id, {{"webinar", "Sales 101"}, {"launch", 3}, {"first_entry_at", 1699990000000}, {"watched_s", 3900}});
    h.put_record("webinar", "webinar:2", id, {{"webinar", "Intro"}, {"first_entry_at", 1699000000000}, {"watched_s", 2400}});
    h.put_record("visit", "visit:1", id, {{"url", "https://school.example/pricing"}, {"title", "Pricing"}, {"visited_at", 1699995000000}, {"duration_s", 95}});
    h.put_record("visit", "visit:2", id, {{"url", "javascript:alert(1)"}, {"visited_at", 1699994000000}});
    h.frames(2);
    h.click("tab", "Webinars and visits");
    h.frames(2);
    const ui::sem_node* first = h.find("listitem", "Sales 101 \xC2\xB7 launch 3 \xC2\xB7 first entry 2023-11-14 19:26 \xC2\xB7 watched 1 h 05 min");
    const ui::sem_node* second = h.find("listitem", "Intro \xC2\xB7 first entry 2023-11-03 08:26 \xC2\xB7 watched 40 min");
    REQUIRE_MESSAGE(first, h.dump());
    REQUIRE(second);
    CHECK(first->y < second->y);  // newest first
    CHECK(h.has("status", "2023-11-14 20:50 \xC2\xB7 1:35"));
    auto out = h.click("link", "Pricing");
    const cc::link_requested* l = first_of<cc::link_requested>(out);
    REQUIRE(l);
    CHECK(l->url == "https://school.example/pricing");
    CHECK(h.links.size() == 1);
    CHECK(h.has("text", "javascript:alert(1)"));  // shown as text: not a web address
    CHECK_FALSE(h.has("link", "javascript:alert(1)"));
    h.click("radio", "RU");
    h.frames(2);
    CHECK(h.has("listitem", "Sales 101 \xC2\xB7 запуск 3 \xC2\xB7 первый вход 2023-11-14 19:26 \xC2\xB7 смотрел 1 ч 05 мин"));
}
