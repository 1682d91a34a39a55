// The card's sections come from the registry (ui/sections/*.cpp, collected by the build): the
// tab strip, the quick card's parts, the strings each section owns; and the client's local time
// on the quick card.
#include <doctest/doctest.h>

#include <cstring>
#include <set>

#include "harness.hpp"
#include "core/schema/kind.hpp"
#include "ui/section.hpp"
#include "ui/strings.hpp"

using namespace uitest;

TEST_CASE("the tab strip is the registered sections, in their order") {
    std::vector<std::string> ids;
    for (const ui::section_def* s : ui::sections()) ids.emplace_back(s->id);
    CHECK(ids == std::vector<std::string>{"details", "tasks", "calls", "comments", "orders", "sales", "deals", "subscriptions",
                                         "webinars", "log"});
    harness h;
    h.create("Anna");
    h.frames(2);
    std::vector<std::string> tabs;
    for (const ui::sem_node* n : h.all("tab")) tabs.push_back(n->label);
    CHECK(tabs == std::vector<std::string>{"Details", "Tasks", "Calls", "Comments", "Orders", "Sales", "Deals and plans",
                                          "Subscriptions", "Webinars and visits", "Log"});
    h.click("radio", "RU");
    h.frames(2);
    tabs.clear();
    for (const ui::sem_node* n : h.all("tab")) tabs.push_back(n->label);
    CHECK(tabs == std::vector<std::string>{"Подробно", "Задачи", "Звонки", "Комментарии", "Заказы", "Продажи", "Сделки и планы",
                                          "Подписки", "Вебинары и посещения", "Журнал"});
}

TEST_CASE("every section's strings exist in English and Russian, and no key is defined twice") {
    std::set<std::string> seen;
    std::size_t owners = 0;
    for (const ui::string_table& t : ui::string_tables()) {
        ++owners;
        for (std::size_t i = 0; i < t.count; ++i) {
            const ui::string_row& r = t.rows[i];
            CAPTURE(r.key);
            CHECK(seen.insert(r.key).second);
            CHECK(r.en != nullptr);
            CHECK(r.ru != nullptr);
            CHECK(std::strlen(r.en) > 0);
            CHECK(std::strlen(r.ru) > 0);
        }
    }
    CHECK(owners == 1 + ui::sections().size());
    // Each record kind's fields have a label, and each enumeration word a translation.
    for (const char* kind : {"task", "call", "comment", "sale", "registration", "deal", "plan", "subscription", "webinar", "visit"}) {
        const cc::kind_def* k = cc::find_kind(kind);
        REQUIRE(k);
        for (const cc::field_def& f : k->fields) {
            const std::string key = std::string(kind) + "." + f.key;
            CAPTURE(key);
            CHECK(ui::tr_has(key));
            for (const std::string& w : f.values) {
                CAPTURE(w);
                CHECK(ui::tr_has(key + "." + w));
            }
        }
    }
}

TEST_CASE("the quick card shows the client's local time beside mine; nothing without a zone") {
    harness h;
    h.zone = "Asia/Kolkata";
    std::string id = h.create("Anna");
    h.frames(1);
    for (const auto& n : ui::sem_nodes()) CHECK(n.label.find("Client: ") != 0);
    h.edit(id, "client.set", {{"time_zone", "Europe/Moscow"}});
    h.frames(2);
    // 22:13 UTC: 01:13 in Moscow, 03:43 in Kolkata.
    CHECK_MESSAGE(h.has("text", "Client: 01:13 (Europe/Moscow) · You: 03:43"), h.dump());
}
