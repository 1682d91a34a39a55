// Sales (MVP Project): the count, the sum per currency and the last sale date; the "+" that adds
// a sale by hand (sale.create) and updates them at once; the registration link: created once,
// copied or sent by email (each recorded on the link), its address from /me's template.
#include <doctest/doctest.h>

#include "core/money.hpp"
#include "harness.hpp"

using namespace uitest;

namespace {

std::string client_on_sales(harness& h) {
    std::string id = h.create("Anna Smirnova");
    h.frames(2);
    h.click("tab", "Sales");
    h.frames(2);
    return id;
}

}  // namespace

TEST_CASE("Sales: count, sum per currency and the last sale date; the + form adds a sale and they update at once") {
    harness h;
    std::string id = client_on_sales(h);
    CHECK_MESSAGE(h.has("status", "Sales: 0"), h.dump());
    CHECK(h.has("status", "Last sale: —"));
    // Two sales from the server, in two currencies: two sums, never added together.
    h.put_record("sale", "sale:a", id, {{"amount", 120000}, {"currency", "RUB"}, {"sold_at", 1699900000000}, {"via", "manual"}});
    h.put_record("sale", "sale:b", id, {{"amount", 5000}, {"currency", "USD"}, {"sold_at", 1699800000000}, {"via", "manual"}});
    h.frames(2);
    CHECK(h.has("status", "Sales: 2"));
    const std::string two = cc::format_money(120000, "RUB", cc::locale::en) + " + " + cc::format_money(5000, "USD", cc::locale::en);
    CHECK_MESSAGE(h.has("status", two), h.dump());
    CHECK(h.has("status", "Last sale: 2023-11-13"));

    h.click("button", "Add sale");
    h.frames(2);
    REQUIRE_MESSAGE(h.has("textbox", "Player ID"), h.dump());
    CHECK(h.find("combobox", "Currency")->value == "RUB");  // the last sale's currency
    CHECK(h.find("textbox", "Date: date")->value == "2023-11-14");  // now, in the viewer's zone
    h.type("P-77");  // the player id has the keyboard
    h.click("textbox", "Amount");
    h.type("1500");
    auto out = h.click("button", "Save");
    auto sent = edits(out, "sale.create");
    REQUIRE_MESSAGE(sent.size() == 1, h.dump());
    CHECK(sent[0].client_id == id);
    CHECK(sent[0].source == "sale/new");
    CHECK(sent[0].payload["player_id"] == "P-77");
    CHECK(sent[0].payload["amount"] == 150000);
    CHECK(sent[0].payload["currency"] == "RUB");
    CHECK(sent[0].payload["sold_at"] == 1699999980000);  // 2023-11-14 22:13 UTC
    h.frames(2);
    CHECK_FALSE(h.has("textbox", "Player ID"));  // the form closed
    CHECK(h.has("status", "Sales: 3"));
    const std::string three = cc::format_money(270000, "RUB", cc::locale::en) + " + " + cc::format_money(5000, "USD", cc::locale::en);
    CHECK_MESSAGE(h.has("status", three), h.dump());
    CHECK(h.has("status", "Last sale: 2023-11-14"));
}

TEST_CASE("a sale without an amount is refused at its field and nothing is sent") {
    harness h;
    client_on_sales(h);
    h.click("button", "Add sale");
    h.frames(2);
    auto out = h.click("button", "Save");
    CHECK(edits(out, "sale.create").empty());
    h.frames(1);
    CHECK(h.has("textbox", "Player ID"));
    CHECK_FALSE(h.all("alert").empty());
}

TEST_CASE("the quick card's + opens the sale form on the Sales tab") {
    harness h;
    h.create("Anna");
    h.frames(2);
    REQUIRE(h.find("tab", "Details")->selected);
    h.click("button", "Add sale");
    h.frames(3);
    CHECK(h.find("tab", "Sales")->selected);
    CHECK(h.has("textbox", "Player ID"));
}

TEST_CASE("the registration link: created once, its address from /me, Copy and Send by email recorded on it") {
    harness h;
    std::string id = client_on_sales(h);
    h.edit(id, "item.add", {{"list", "emails"}, {"item", {{"address", "anna@example.com"}}}});
    h.m.registration_link = "https://school.example/r/{code}";
    h.frames(1);
    auto out = h.click("button", "Create link");
    auto made = edits(out, "registration.create");
    REQUIRE(made.size() == 1);
    CHECK(made[0].client_id == id);
    h.frames(2);
    CHECK_FALSE(h.has("button", "Create link"));  // one per client
    const cc::record* r = h.m.store.records_of(id, "registration").front();
    std::string code;
    for (char ch : r->id) code += ch == ':' ? std::string("%3A") : std::string(1, ch);
    const std::string url = "https://school.example/r/" + code;
    CHECK_MESSAGE(h.has("link", url), h.dump());

    out = h.click("button", "Copy");
    CHECK(std::string(ImGui::GetClipboardText()) == url);
    auto set = edits(out, "registration.set");
    REQUIRE(set.size() == 1);
    CHECK(set[0].payload["sent_via"] == "copied");

    out = h.click("button", "Send by email");
    const cc::link_requested* mail = first_of<cc::link_requested>(out);
    REQUIRE(mail);
    CHECK(mail->url.rfind("mailto:anna@example.com?subject=", 0) == 0);
    CHECK(mail->url.find("&body=https://school.example/r/") != std::string::npos);
    set = edits(out, "registration.set");
    REQUIRE(set.size() == 1);
    CHECK(set[0].payload["sent_via"] == "email");
    CHECK(set[0].payload["sent_at"].is_number_integer());
    h.frames(1);
    CHECK(h.has("status", "Sent today 22:13 (email)"));
}

TEST_CASE("without a template from /me the link is <server>/r/{code}") {
    harness h;
    std::string id = client_on_sales(h);
    h.m.server_url = "https://crm.example";
    h.put_record("registration", "registration:x1", id, cc::json::object());
    h.frames(2);
    CHECK_MESSAGE(h.has("link", "https://crm.example/r/registration%3Ax1"), h.dump());
}

TEST_CASE("the notice of a sale by the link: client and amount, Open shows their Sales tab, Dismiss tells the core") {
    harness h;
    std::string anna = h.create("Anna");
    h.create("Boris");
    h.put_record("sale", "sale:n1", anna, {{"amount", 990000}, {"currency", "RUB"}, {"sold_at", h.now}, {"via", "registration_link"}});
    h.m.sale_notices = {"sale:n1"};
    h.frames(2);
    REQUIRE_MESSAGE(h.has("heading", "Registered by the link and bought:"), h.dump());
    CHECK(h.has("text", "Anna \xC2\xB7 " + cc::format_money(990000, "RUB", cc::locale::en)));
    auto out = h.click("button", "Open");
    const cc::client_selected* sel = first_of<cc::client_selected>(out);
    REQUIRE(sel);
    CHECK(sel->id == anna);
    h.frames(2);
    CHECK(h.find("tab", "Sales")->selected);
    out = h.click("button", "Dismiss");
    const cc::sale_notice_dismissed* d = first_of<cc::sale_notice_dismissed>(out);
    REQUIRE(d);
    CHECK(d->sale_id == "sale:n1");
    h.frames(1);
    CHECK(h.m.sale_notices.empty());
    CHECK_FALSE(h.has("heading", "Registered by the link and bought:"));
}
