// Orders: the money a manager reads on the card — totals per currency with refunds taken off and
// manual payments not confirmed yet kept apart, a failed payment's code explained (in Russian
// too), who gets "Confirm", Pause / Cancel per role, a manual payment, the balances.
#include <doctest/doctest.h>

#include "harness.hpp"

using namespace uitest;

namespace {

const std::int64_t day = 86400000;

cc::json payment(std::int64_t amount, const char* currency, const char* status = "succeeded", const char* source = "shop") {
    cc::json p{{"type", "payment"}, {"amount", amount}, {"currency", currency}, {"method", "card"}, {"status", status},
               {"paid_at", 1699990000000}};
    if (*source) p["source"] = source;
    return p;
}

// The totals line `label` as drawn (its value), or "" when it is not there.
std::string total(harness& h, const char* label) {
    const ui::sem_node* n = h.find("text", label);
    return n ? n->value : std::string();
}

const ui::sem_node* row_with(harness& h, const std::string& part) {
    for (const ui::sem_node* n : h.all("listitem"))
        if ((n->label + " " + n->value).find(part) != std::string::npos) return n;
    return nullptr;
}

std::string open_orders(harness& h) {
    std::string id = h.create("Anna Smirnova");
    h.frames(2);
    return id;
}

void show_orders(harness& h) {
    h.click("tab", "Orders");
    h.frames(2);
}

}  // namespace

TEST_CASE("totals: paid and money brought per currency, refunds taken off, unconfirmed manual payments apart") {
    harness h;
    std::string id = open_orders(h);
    h.put_record("payment", "payment:p1", id, payment(100000, "RUB"));
    h.put_record("payment", "payment:p2", id, payment(5000, "USD"));
    cc::json refund = payment(20000, "RUB");
    refund["type"] = "refund";
    h.put_record("payment", "payment:p3", id, refund);
    h.put_record("payment", "payment:p4", id, payment(50000, "RUB", "succeeded", ""), "Boris");  // manual
    cc::json failed = payment(30000, "RUB", "failed");
    failed["error_code"] = "51";
    h.put_record("payment", "payment:p5", id, failed);
    h.frames(2);
    show_orders(h);
    CHECK(total(h, "Payments made") == "₽1,000.00 · $50.00");
    CHECK(total(h, "Refunded") == "₽200.00");
    CHECK(total(h, "Money brought") == "₽800.00 · $50.00");  // never converted, never summed across
    CHECK(total(h, "Awaiting confirmation (not counted)") == "₽500.00");
    CHECK(total(h, "Failed payments") == "1");
    const ui::sem_node* manual = row_with(h, "₽500.00");
    REQUIRE_MESSAGE(manual, h.dump());
    CHECK(manual->value.find("Succeeded · not confirmed") != std::string::npos);
    const ui::sem_node* back = row_with(h, "−₽200.00");  // a refund reads as money going back
    REQUIRE_MESSAGE(back, h.dump());
    CHECK(back->value.find("Refund") != std::string::npos);

    h.click("radio", "RU");
    h.frames(2);
    CHECK(total(h, "Принесённые средства") == "800,00\u00a0₽ · 50,00\u00a0$");
}

TEST_CASE("a failed payment shows its provider's code explained, in Russian too; an unknown code says so") {
    harness h;
    std::string id = open_orders(h);
    cc::json failed = payment(129900, "RUB", "failed");
    failed["error_code"] = "51";
    h.put_record("payment", "payment:f1", id, failed);
    cc::json odd = payment(100, "RUB", "failed");
    odd["error_code"] = "8012";
    h.put_record("payment", "payment:f2", id, odd);
    h.frames(2);
    show_orders(h);
    const ui::sem_node* row = row_with(h, "₽1,299.00");
    REQUIRE_MESSAGE(row, h.dump());
    CHECK(row->value.find("Failed: 51 — Not enough money on the card") != std::string::npos);
    CHECK(row_with(h, "Failed: Unknown code 8012"));
    h.click("radio", "RU");
    h.frames(2);
    row = row_with(h, "1\u00a0299,00\u00a0₽");
    REQUIRE_MESSAGE(row, h.dump());
    CHECK(row->value.find("Ошибка: 51 — Недостаточно средств на карте") != std::string::npos);
    CHECK(row_with(h, "Ошибка: Неизвестный код 8012"));
}

TEST_CASE("Confirm is offered only to an admin who did not add the payment; it sends payment.confirm") {
    harness h;
    std::string id = open_orders(h);
    h.put_record("payment", "payment:m1", id, payment(50000, "RUB", "succeeded", ""), "Boris");
    h.put_record("payment", "payment:s1", id, payment(70000, "RUB"));  // from a provider: counts already
    h.m.user_name = "Boris";
    h.m.user_role = "manager";
    h.frames(2);
    show_orders(h);
    CHECK_FALSE(h.has("button", "Confirm"));  // a manager may not
    CHECK(h.has("button", "Assign to…"));
    h.m.user_name = "Boris";
    h.m.user_role = "admin";
    h.frames(2);
    CHECK_FALSE(h.has("button", "Confirm"));  // its author may not
    h.m.user_name = "Anna";
    h.frames(2);
    REQUIRE_MESSAGE(h.find("button", "Confirm"), h.dump());
    CHECK_FALSE(h.find("button", "Confirm", 1));  // the provider's payment needs none
    auto out = h.click("button", "Confirm");
    auto sent = edits(out, "payment.confirm");
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].record_id == "payment:m1");
    h.frames(2);
    CHECK(total(h, "Money brought") == "₽1,200.00");  // counted at once (optimistically)
    CHECK_FALSE(h.has("text", "Awaiting confirmation (not counted)"));
}

TEST_CASE("Assign to… offers the people the card knows and sends payment.assign") {
    harness h;
    std::string id = open_orders(h);
    h.put_record("order", "order:o1", id, {{"number", "A-1"}, {"amount", 1000}, {"currency", "RUB"}, {"status", "paid"}}, "Vera");
    cc::json p = payment(1000, "RUB");
    p["order"] = "order:o1";
    h.put_record("payment", "payment:a1", id, p);
    h.frames(2);
    show_orders(h);
    h.click("button", "Assign to…");
    h.frames(1);
    CHECK_FALSE(h.has("option", "order:o1"));  // a record, not a person
    auto out = h.click("option", "Vera");
    auto sent = edits(out, "payment.assign");
    REQUIRE_MESSAGE(sent.size() == 1, h.dump());
    CHECK(sent[0].payload == cc::json{{"assignee", "Vera"}});
    h.frames(2);
    CHECK(row_with(h, "→ Vera"));
}

TEST_CASE("orders: active ones first and marked; the number opens items, payments and the shop's page") {
    harness h;
    std::string id = open_orders(h);
    h.put_record("order", "order:o1", id,
                 {{"number", "A-1001"}, {"title", "Course Sales 101"}, {"amount", 990000}, {"currency", "RUB"},
                  {"status", "paid"}, {"ordered_at", h.now - 10 * day}, {"url", "https://shop.example/orders/1001"},
                  {"items", {{{"name", "Sales 101"}, {"quantity", 1}, {"price", 890000}},
                             {{"name", "Workbook"}, {"quantity", 2}, {"price", 50000}}}}});
    h.put_record("order", "order:o2", id,
                 {{"number", "A-1002"}, {"title", "Consultation"}, {"amount", 300000}, {"currency", "RUB"},
                  {"status", "awaiting_payment"}, {"ordered_at", h.now - 20 * day}});
    cc::json p = payment(990000, "RUB");
    p["order"] = "order:o1";
    h.put_record("payment", "payment:x1", id, p);
    h.frames(2);
    show_orders(h);
    std::vector<const ui::sem_node*> rows;
    for (const ui::sem_node* n : h.all("listitem"))
        if (n->label.rfind("A-", 0) == 0) rows.push_back(n);
    REQUIRE_MESSAGE(rows.size() == 2, h.dump());
    CHECK(rows[0]->label == "A-1002");  // active (awaiting payment) first, though older
    CHECK(rows[0]->value.find("Awaiting payment · Active") != std::string::npos);
    CHECK(rows[1]->value.find("Paid") != std::string::npos);
    h.click("listitem", "A-1001");
    h.frames(2);
    REQUIRE_MESSAGE(h.has("heading", "Order A-1001"), h.dump());
    const ui::sem_node* item = h.find("listitem", "Workbook");
    REQUIRE(item);
    CHECK(item->value == "× 2 · ₽500.00 · ₽1,000.00");
    CHECK(h.find("text", "Payments of the order (1)"));
    h.click("link", "https://shop.example/orders/1001");
    REQUIRE(h.links.size() == 1);
    CHECK(h.links[0].url == "https://shop.example/orders/1001");
}

TEST_CASE("recurring orders: the toggle, period, next charge, state; Pause for a manager, Cancel for an admin") {
    harness h;
    std::string id = open_orders(h);
    h.put_record("order", "order:r1", id,
                 {{"number", "S-7"}, {"title", "Club membership"}, {"amount", 190000}, {"currency", "RUB"},
                  {"status", "paid"}, {"recurring", true}, {"period", "month"}, {"recurring_state", "active"},
                  {"next_charge_at", h.now + 5 * day}});
    h.m.user_name = "Boris";
    h.m.user_role = "manager";
    h.frames(2);
    show_orders(h);
    CHECK_FALSE(h.has("listitem", "S-7"));  // regular orders first
    h.click("radio", "Recurring");
    h.frames(2);
    const ui::sem_node* row = h.find("listitem", "S-7");
    REQUIRE_MESSAGE(row, h.dump());
    CHECK(row->value.find("Monthly") != std::string::npos);
    CHECK(row->value.find("Active") != std::string::npos);
    h.click("listitem", "S-7");
    h.frames(2);
    CHECK(h.has("button", "Pause"));
    CHECK_FALSE(h.has("button", "Cancel recurring"));  // an admin's decision
    auto out = h.click("button", "Pause");
    auto sent = edits(out, "order.pause");
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].record_id == "order:r1");
    h.frames(2);
    CHECK(h.has("button", "Resume"));  // paused now (optimistically)
    h.m.user_name = "Anna";
    h.m.user_role = "admin";
    h.frames(2);
    CHECK(h.has("button", "Cancel recurring"));
}

TEST_CASE("+ Payment: a manual payment from the schema's fields, listed as not confirmed and left out of totals") {
    harness h;
    std::string id = open_orders(h);
    h.put_record("payment", "payment:s1", id, payment(100000, "RUB"));
    h.frames(2);
    show_orders(h);
    h.click("button", "+ Payment");
    h.frames(2);
    CHECK(h.find("combobox", "Currency")->value.find("RUB") != std::string::npos);  // the client's currency
    h.click("textbox", "Amount");
    h.type("1 200,50");
    h.click("textbox", "Comment", 1);  // the quick card's comment box comes first
    h.type("Paid at the office");
    auto out = h.click("button", "Save");
    auto sent = edits(out, "payment.create");
    REQUIRE_MESSAGE(sent.size() == 1, h.dump());
    CHECK(sent[0].payload["amount"] == 120050);
    CHECK(sent[0].payload["currency"] == "RUB");
    CHECK(sent[0].payload["method"] == "bank_transfer");
    CHECK(sent[0].payload["comment"] == "Paid at the office");
    CHECK(sent[0].payload["paid_at"] == 1699999980000);
    CHECK_FALSE(sent[0].payload.contains("source"));
    h.frames(2);
    CHECK(total(h, "Money brought") == "₽1,000.00");
    CHECK(total(h, "Awaiting confirmation (not counted)") == "₽1,200.50");
    const ui::sem_node* row = row_with(h, "₽1,200.50");
    REQUIRE(row);
    CHECK(row->value.find("not confirmed") != std::string::npos);
    CHECK(row->value.find("Not synced yet") != std::string::npos);
}

TEST_CASE("balances: per account, a click shows the entries, a debit below zero is refused at the form") {
    harness h;
    std::string id = open_orders(h);
    h.put_record("balance", "balance:b1", id, {{"account", "bonus"}, {"amount", 150000}, {"currency", "RUB"}, {"reason", "Welcome bonus"}}, "Vera");
    h.put_record("balance", "balance:b2", id, {{"account", "coins"}, {"amount", 40}, {"reason", "Quiz"}}, "Vera");
    h.frames(2);
    show_orders(h);
    const ui::sem_node* bonus = h.find("listitem", "Bonus account (RUB)");
    REQUIRE_MESSAGE(bonus, h.dump());
    CHECK(bonus->value == "₽1,500.00");
    CHECK(h.find("listitem", "Coins")->value == "40");
    h.click("listitem", "Bonus account (RUB)");
    h.frames(2);
    const ui::sem_node* entry = h.find("listitem", "+₽1,500.00");
    REQUIRE_MESSAGE(entry, h.dump());
    CHECK(entry->value.find("Welcome bonus · Vera") != std::string::npos);

    h.click("button", "+ Entry");
    h.frames(2);
    h.click("radio", "Debit");
    h.click("textbox", "Amount");
    h.type("2000");
    h.click("textbox", "Reason");
    h.type("Discount");
    auto out = h.click("button", "Save");
    REQUIRE(edits(out, "balance.create").size() == 1);
    h.frames(2);
    CHECK(h.has("alert", "Not enough on the balance: ₽1,500.00 available"));
    CHECK(h.has("button", "Save"));  // the form stays

    h.click("textbox", "Amount");
    h.select_all();
    h.type("100");
    out = h.click("button", "Save");
    auto sent = edits(out, "balance.create");
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].payload["amount"] == -10000);
    h.frames(2);
    CHECK(h.find("listitem", "Bonus account (RUB)")->value == "₽1,400.00 · pending −₽100.00");
}

TEST_CASE("the quick card shows the money brought and the balances") {
    harness h;
    std::string id = open_orders(h);
    h.put_record("payment", "payment:q1", id, payment(250000, "RUB"));
    h.put_record("balance", "balance:q2", id, {{"account", "coins"}, {"amount", 12}, {"reason", "Quiz"}});
    h.frames(3);
    CHECK(h.has("link", "Money brought: ₽2,500.00"));
    CHECK(h.has("text", "Balances: Coins 12"));
}
