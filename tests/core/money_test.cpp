// Money and activity records (issue 9): amounts typed and shown as a Russian or English user
// writes them, totals that leave unconfirmed payments out and never mix currencies, the balance
// ledger (pending entries, a debit below zero refused), the lock on a sales plan, the policy on
// confirming and unlocking, and each new kind's validation.
#include <doctest/doctest.h>

#include "core/app.hpp"
#include "core/money.hpp"
#include "core/money_totals.hpp"
#include "core/policy.hpp"
#include "core/record_apply.hpp"
#include "core/schema/kind.hpp"

using namespace cc;

namespace {

constexpr std::int64_t money_t0 = 1767225600000;  // 2026-01-01T00:00:00Z
int money_seq = 0;

// An op on a record of client c1, by `actor`; a create's record id follows its op id.
op money_op(const std::string& kind, json payload, const std::string& record = "", std::string actor = "Boris") {
    op o;
    o.seq = ++money_seq;
    o.device = "dev";
    o.id = "dev:" + std::to_string(o.seq);
    o.client_id = "c1";
    o.kind = kind;
    o.record_id = record.empty() ? record_id_for(kind.substr(0, kind.find('.')), o.id) : record;
    o.payload = std::move(payload);
    o.actor = std::move(actor);
    o.at = money_t0 + o.seq * 1000;
    return o;
}

record money_ok(const std::variant<record_applied, error>& r) {
    if (auto* e = std::get_if<error>(&r)) FAIL("refused: " << e->code << " " << e->field << " " << e->detail);
    return std::get<record_applied>(r).after;
}

error money_refused(const std::variant<record_applied, error>& r) {
    REQUIRE_MESSAGE(std::holds_alternative<error>(r), "the op was applied");
    return std::get<error>(r);
}

record make(const std::string& kind, json payload, std::string actor = "Boris") {
    return money_ok(apply_record(nullptr, money_op(kind + ".create", std::move(payload), "", std::move(actor))));
}

// As the server would store it: confirmed at some version.
record confirmed(record r, std::int64_t version = 7) {
    r.version = version;
    return r;
}

}  // namespace

TEST_CASE("amounts are shown in each locale's format, in the currency's own decimals") {
    CHECK(format_money(120050, "RUB", locale::ru) == "1\u00a0200,50\u00a0₽");
    CHECK(format_money(120050, "RUB", locale::en) == "₽1,200.50");
    CHECK(format_money(-99, "USD", locale::en) == "\u2212$0.99");
    CHECK(format_money(150000000, "EUR", locale::ru) == "1\u00a0500\u00a0000,00\u00a0€");
    CHECK(format_money(5000, "JPY", locale::en) == "¥5,000");          // no decimals
    CHECK(format_money(1500, "KWD", locale::en) == "1.500\u00a0KWD");    // three, and no symbol: the code
    CHECK(format_money(0, "KZT", locale::ru) == "0,00\u00a0₸");
    // The extremes do not overflow.
    CHECK(format_money(std::numeric_limits<std::int64_t>::min(), "RUB", locale::en).rfind("\u2212₽92,233,720,368,547,758.08", 0) == 0);
}

TEST_CASE("a plain amount is what a manager would type: the currency's decimals, a point, no symbol") {
    CHECK(plain_amount(120050, "RUB") == "1200.50");
    CHECK(plain_amount(-99, "USD") == "-0.99");
    CHECK(plain_amount(5000, "JPY") == "5000");            // no decimals
    CHECK(plain_amount(1500, "KWD") == "1.500");           // three
    CHECK(plain_amount(7, "XXX") == "0.07");               // an unknown code: two
    CHECK(plain_amount(120000, "RUB") == "1200.00");
    // A form's box leaves out a fraction of zeros, and keeps one that is not.
    CHECK(plain_amount(120000, "RUB", true) == "1200");
    CHECK(plain_amount(-120000, "EUR", true) == "-1200");
    CHECK(plain_amount(120005, "RUB", true) == "1200.05");
    CHECK(plain_amount(std::numeric_limits<std::int64_t>::min(), "RUB") == "-92233720368547758.08");
    // What it writes reads back as the same amount.
    for (std::int64_t n : std::initializer_list<std::int64_t>{0, 1, 99, 120050, -120050, money_limit})
        for (bool drop : {false, true}) CHECK(parse_money(plain_amount(n, "RUB", drop), "RUB") == n);
}

TEST_CASE("what a manager types is read as minor units of the currency") {
    CHECK(parse_money("1200", "RUB") == 120000);
    CHECK(parse_money("1 200,50", "RUB") == 120050);
    CHECK(parse_money("1\u00a0200,5", "RUB") == 120050);
    CHECK(parse_money("1,200.50", "USD") == 120050);
    CHECK(parse_money("1.200,50", "EUR") == 120050);   // a German-style group dot
    CHECK(parse_money("1,200", "USD") == 120000);       // a lone comma before three digits groups
    CHECK(parse_money("0,99", "RUB") == 99);
    CHECK(parse_money("$12.3", "USD") == 1230);
    CHECK(parse_money("12.30 USD", "USD") == 1230);
    CHECK(parse_money("1,200 USD", "USD") == 120000);
    CHECK(parse_money("1 200.5", "USD") == 120050);
    CHECK(parse_money("1 500 ₽", "RUB") == 150000);
    CHECK(parse_money("-300", "RUB") == -30000);
    CHECK(parse_money("\u2212300", "RUB") == -30000);
    CHECK(parse_money("5000", "JPY") == 5000);
    CHECK(parse_money("1.500", "KWD") == 1500);         // three decimals: the dot is the point
    // Not amounts: nothing is guessed.
    CHECK_FALSE(parse_money("", "RUB"));
    CHECK_FALSE(parse_money("abc", "RUB"));
    CHECK(parse_money("12.345", "RUB") == 1234500);     // a lone separator before three digits groups
    CHECK_FALSE(parse_money("12.3456", "RUB"));          // more decimals than the currency has
    CHECK_FALSE(parse_money("1 200,505", "RUB"));
    CHECK_FALSE(parse_money("12.5", "JPY"));
    CHECK_FALSE(parse_money("1,2,3", "RUB"));
    CHECK_FALSE(parse_money("1,20,300", "RUB"));
    CHECK_FALSE(parse_money("99999999999999999999", "RUB"));
    CHECK_FALSE(parse_money("10000000000001", "RUB"));   // beyond money_limit in kopecks
    // Read back what is shown.
    for (std::int64_t n : {0LL, 1LL, 99LL, 100LL, 123456789LL, -5000LL})
        for (locale l : {locale::ru, locale::en}) CHECK(parse_money(format_money(n, "RUB", l), "RUB") == n);
}

TEST_CASE("currencies are ISO 4217 codes the card knows; a money field takes integers only") {
    CHECK(find_currency("RUB")->exponent == 2);
    CHECK(find_currency("JPY")->exponent == 0);
    CHECK(find_currency("rub") == nullptr);
    CHECK(find_currency("XYZ") == nullptr);
    const kind_def& payment = *find_kind("payment");
    CHECK(check_value(*payment.field("currency"), "EUR") == std::nullopt);
    CHECK(check_value(*payment.field("currency"), "EURO")->code == "err.currency_invalid");
    CHECK(check_value(*payment.field("amount"), 12.5)->code == "err.bad_value");
    CHECK(check_value(*payment.field("amount"), 0)->code == "err.out_of_range");
    CHECK(check_value(*payment.field("amount"), money_limit + 1)->code == "err.out_of_range");
}

TEST_CASE("payments made and money brought leave out unconfirmed payments and never mix currencies") {
    const record paid = make("payment", {{"amount", 500000}, {"currency", "RUB"}, {"paid_at", money_t0}});
    record from_shop = paid;
    from_shop.fields["source"] = "shop";                         // a provider's payment counts at once
    record refund = from_shop;
    refund.fields["type"] = "refund";
    refund.fields["amount"] = 100000;
    record failed = from_shop;
    failed.fields["status"] = "failed";
    failed.fields["error_code"] = "51";
    record dollars = from_shop;
    dollars.fields["currency"] = "USD";
    dollars.fields["amount"] = 2000;
    record deleted = from_shop;
    deleted.deleted = true;

    const payment_totals t = totals_of_payments({&paid, &from_shop, &refund, &failed, &dollars, &deleted});
    CHECK(t.paid.of("RUB") == 500000);
    CHECK(t.refunded.of("RUB") == 100000);
    CHECK(t.brought.of("RUB") == 400000);
    CHECK(t.brought.of("USD") == 2000);
    CHECK(t.brought.by_currency.size() == 2);
    CHECK(t.unconfirmed.of("RUB") == 500000);                    // the manual one waits
    CHECK(t.failed == 1);

    // Confirmed by an admin who did not add it: it counts.
    const record ok = money_ok(apply_record(&paid, money_op("payment.confirm", json::object(), paid.id, "Anna")));
    CHECK(ok.text("confirmed_by") == "Anna");
    CHECK(payment_counts(ok));
    const payment_totals after = totals_of_payments({&ok, &from_shop, &refund});
    CHECK(after.brought.of("RUB") == 900000);
    CHECK(after.unconfirmed.empty());
}

TEST_CASE("a manual payment is confirmed once, by an admin who is not its author, and then stays as confirmed") {
    const record p = make("payment", {{"amount", 300000}, {"currency", "RUB"}, {"paid_at", money_t0}, {"method", "cash"}}, "Anna");
    CHECK(money_refused(apply_record(&p, money_op("payment.confirm", json::object(), p.id, "Anna"))).code == "err.own_payment");
    // The policy: a manager may not confirm, an admin may.
    op confirm = money_op("payment.confirm", json::object(), p.id, "Boris");
    REQUIRE(check_op_allowed(role::manager, "Boris", confirm));
    CHECK(check_op_allowed(role::manager, "Boris", confirm)->why.code == "err.forbidden");
    CHECK_FALSE(check_op_allowed(role::admin, "Boris", confirm));
    CHECK(allowed_op(role::admin, "payment.confirm"));
    CHECK_FALSE(allowed_op(role::manager, "payment.confirm"));
    CHECK(allowed_op(role::manager, "payment.assign"));
    const record done = money_ok(apply_record(&p, confirm));
    CHECK(money_refused(apply_record(&done, money_op("payment.confirm", json::object(), p.id, "Vera"))).code ==
          "err.already_confirmed");
    // What the confirmation vouched for cannot change; a comment can.
    CHECK(money_refused(apply_record(&done, money_op("payment.set", {{"amount", 1}}, p.id))).code == "err.confirmed_payment");
    CHECK(money_ok(apply_record(&done, money_op("payment.set", {{"comment", "receipt #12"}}, p.id))).text("comment") ==
          "receipt #12");
    // A provider's payment is not confirmed by hand; nobody fakes a provider from the card.
    record shop = p;
    shop.fields["source"] = "shop";
    CHECK(money_refused(apply_record(&shop, money_op("payment.confirm", json::object(), p.id, "Boris"))).code == "err.not_manual");
    CHECK(check_op_allowed(role::manager, "Boris", money_op("payment.create", {{"source", "shop"}}))->why.field == "source");
}

TEST_CASE("a payment a provider reported is corrected only by an integration; a manager assigns and comments") {
    record shop = make("payment", {{"amount", 300000}, {"currency", "RUB"}, {"paid_at", money_t0}, {"method", "card"}}, "Telephony");
    shop.fields["source"] = "shop";
    shop.fields["external_id"] = "pay-1";
    op by_manager = money_op("payment.set", {{"amount", 1}}, shop.id, "Boris");
    const error refused = money_refused(apply_record(&shop, by_manager));
    CHECK(refused.code == "err.provider_payment");
    CHECK(refused.field == "amount");
    CHECK(refused.detail == "shop");
    op by_admin = money_op("payment.set", {{"status", "failed"}}, shop.id, "Anna");
    by_admin.by = role::admin;
    CHECK(money_refused(apply_record(&shop, by_admin)).code == "err.provider_payment");
    CHECK(money_ok(apply_record(&shop, money_op("payment.set", {{"comment", "by phone"}}, shop.id))).text("comment") == "by phone");
    CHECK(money_ok(apply_record(&shop, money_op("payment.assign", {{"assignee", "Boris"}}, shop.id))).text("assignee") == "Boris");
    op by_shop = money_op("payment.set", {{"amount", 250000}}, shop.id, "Telephony");
    by_shop.by = role::integration;
    CHECK(money_ok(apply_record(&shop, by_shop)).number("amount") == 250000);
}

TEST_CASE("a failed payment carries the provider's code; a successful one cannot") {
    const record failed = make("payment", {{"amount", 990000}, {"currency", "RUB"}, {"paid_at", money_t0}, {"status", "failed"},
                                           {"error_code", "51"}});
    CHECK(failed.text("error_code") == "51");
    CHECK(money_refused(apply_record(nullptr, money_op("payment.create", {{"amount", 1}, {"currency", "RUB"}, {"paid_at", money_t0},
                                                                      {"error_code", "51"}})))
              .field == "error_code");
    // Assigned to a manager: an action on the row, logged.
    const auto r = apply_record(&failed, money_op("payment.assign", {{"assignee", "Vera"}}, failed.id));
    CHECK(money_ok(r).text("assignee") == "Vera");
    CHECK(money_refused(apply_record(&failed, money_op("payment.set", {{"assignee", "Vera"}}, failed.id))).code == "err.system_field");
}

TEST_CASE("the balance ledger: entries add up, a debit made here is pending, below zero is refused") {
    const record credit = confirmed(make("balance", {{"account", "bonus"}, {"amount", 120000}, {"currency", "RUB"}, {"reason", "Welcome bonus"}}));
    const record coins = confirmed(make("balance", {{"account", "coins"}, {"amount", 50}, {"reason", "Quiz"}}));
    const record debit = make("balance", {{"account", "bonus"}, {"amount", -20000}, {"currency", "RUB"}, {"reason", "Paid part of order A-1"}});
    std::vector<const record*> all{&credit, &coins, &debit};
    CHECK_FALSE(check_across(debit, all));
    const auto accounts = balances_of(all);
    REQUIRE(accounts.size() == 2);
    CHECK(accounts[0].account == "bonus");
    CHECK(accounts[0].confirmed == 120000);
    CHECK(accounts[0].pending == -20000);                 // made here, not confirmed yet
    CHECK(accounts[0].total() == 100000);
    CHECK(accounts[1].account == "coins");
    CHECK(accounts[1].total() == 50);

    // 1,000.00 left: a debit of 1,000.01 is refused and says what is there.
    const record too_much = make("balance", {{"account", "bonus"}, {"amount", -100001}, {"currency", "RUB"}, {"reason", "Order A-2"}});
    all.push_back(&too_much);
    const auto e = check_across(too_much, all);
    REQUIRE(e);
    CHECK(e->code == "err.overdraft");
    CHECK(e->detail == "100000");
    // Another account or currency does not lend to it.
    const record usd = make("balance", {{"account", "bonus"}, {"amount", -1}, {"currency", "USD"}, {"reason", "x"}});
    CHECK(check_across(usd, {&credit, &usd})->code == "err.overdraft");
    // An idempotency key is used once per client.
    const record keyed = confirmed(make("balance", {{"account", "coins"}, {"amount", 5}, {"reason", "Quiz"}, {"key", "quiz-7"}}));
    const record again = make("balance", {{"account", "coins"}, {"amount", 5}, {"reason", "Quiz"}, {"key", "quiz-7"}});
    CHECK(check_across(again, {&keyed, &again})->code == "err.duplicate_key");
    // Entries are never changed or deleted, only added.
    CHECK(money_refused(apply_record(&credit, money_op("balance.set", {{"amount", 1}}, credit.id))).code == "err.append_only");
    CHECK_FALSE(allowed(role::admin, verb::remove, "balance"));
    CHECK_FALSE(allowed(role::admin, verb::change, "balance"));
    // A zero entry means nothing; coins are counted without a currency, money with one.
    CHECK(money_refused(apply_record(nullptr, money_op("balance.create", {{"account", "bonus"}, {"amount", 0}, {"currency", "RUB"}, {"reason", "x"}})))
              .field == "amount");
    CHECK(money_refused(apply_record(nullptr, money_op("balance.create", {{"account", "deposit"}, {"amount", 5}, {"reason", "x"}})))
              .field == "currency");
    CHECK(money_refused(apply_record(nullptr, money_op("balance.create", {{"account", "coins"}, {"amount", 5}, {"currency", "RUB"}, {"reason", "x"}})))
              .field == "currency");
}

TEST_CASE("assigning a sales plan's manager locks it; only an admin unlocks it") {
    const record plan = make("plan", {{"plan", "March: course sales"}, {"amount", 5000000}, {"currency", "RUB"}, {"manager", "Boris"}});
    CHECK(plan.text("status") == "active");
    const record locked = money_ok(apply_record(&plan, money_op("plan.lock", {{"manager", "Vera"}}, plan.id, "Boris")));
    CHECK(locked.text("manager") == "Vera");
    CHECK(locked.text("locked_by") == "Boris");
    CHECK(locked.number("locked_at") > 0);
    // Nobody changes the manager while it is locked, an automation included.
    op automation = money_op("plan.set", {{"manager", "robot"}}, plan.id, "shop");
    CHECK(money_refused(apply_record(&locked, automation)).code == "err.locked");
    // Other fields still change.
    CHECK(money_ok(apply_record(&locked, money_op("plan.set", {{"status", "in_progress"}}, plan.id))).text("status") == "in_progress");
    CHECK(money_refused(apply_record(&locked, money_op("plan.lock", {{"manager", "Gleb"}}, plan.id))).code == "err.locked");
    // Unlocking is an admin's.
    op unlock = money_op("plan.unlock", json::object(), plan.id, "Boris");
    CHECK(check_op_allowed(role::manager, "Boris", unlock)->why.code == "err.forbidden");
    CHECK_FALSE(check_op_allowed(role::admin, "Anna", unlock));
    const record open = money_ok(apply_record(&locked, unlock));
    CHECK(open.get("locked_by").is_null());
    CHECK(money_ok(apply_record(&open, money_op("plan.set", {{"manager", "Gleb"}}, plan.id))).text("manager") == "Gleb");
    CHECK(money_refused(apply_record(&open, money_op("plan.unlock", json::object(), plan.id))).code == "err.not_locked");
    // Users may not set the lock's fields themselves.
    CHECK(money_refused(apply_record(&plan, money_op("plan.set", {{"locked_by", "Boris"}}, plan.id))).code == "err.system_field");
}

TEST_CASE("orders: statuses, items, recurring orders paused, resumed and cancelled as the policy allows") {
    const record one_off = make("order", {{"number", "A-1042"}, {"amount", 1290000}, {"currency", "RUB"},
                                         {"items", {{{"name", "Course «Sales 101»"}, {"quantity", 1}, {"price", 1290000}}}}});
    CHECK(one_off.text("status") == "new");
    CHECK_FALSE(one_off.flag("recurring"));
    CHECK(money_refused(apply_record(&one_off, money_op("order.pause", json::object(), one_off.id))).code == "err.not_recurring");
    // A recurring order says its period and state; a one-off order has neither.
    CHECK(money_refused(apply_record(nullptr, money_op("order.create", {{"number", "R-1"}, {"amount", 99000}, {"currency", "RUB"},
                                                                    {"recurring", true}, {"recurring_state", "active"}})))
              .field == "period");
    CHECK(money_refused(apply_record(nullptr, money_op("order.create", {{"number", "A-2"}, {"amount", 1}, {"currency", "RUB"},
                                                                    {"period", "month"}})))
              .field == "period");
    const record monthly = make("order", {{"number", "R-7"}, {"amount", 99000}, {"currency", "RUB"}, {"recurring", true},
                                         {"period", "month"}, {"recurring_state", "active"}, {"next_charge_at", money_t0 + 86400000}});
    const record paused = money_ok(apply_record(&monthly, money_op("order.pause", json::object(), monthly.id)));
    CHECK(paused.text("recurring_state") == "paused");
    CHECK(money_refused(apply_record(&paused, money_op("order.pause", json::object(), monthly.id))).code == "err.bad_state");
    CHECK(money_ok(apply_record(&paused, money_op("order.resume", json::object(), monthly.id))).text("recurring_state") == "active");
    // Cancelling a client's recurring payments is an admin's decision.
    CHECK(allowed_op(role::manager, "order.pause"));
    CHECK_FALSE(allowed_op(role::manager, "order.cancel_recurring"));
    CHECK(allowed_op(role::admin, "order.cancel_recurring"));
    const record cancelled = money_ok(apply_record(&paused, money_op("order.cancel_recurring", json::object(), monthly.id, "Anna")));
    CHECK(cancelled.text("recurring_state") == "cancelled");
    CHECK(cancelled.get("next_charge_at").is_null());
    // Items are {name, quantity, price}: anything else is refused.
    for (const json& bad : {json::array({{{"name", ""}, {"quantity", 1}, {"price", 1}}}),
                            json::array({{{"name", "x"}, {"quantity", 0}, {"price", 1}}}),
                            json::array({{{"name", "x"}, {"quantity", 1}, {"price", -1}}}),
                            json::array({{{"name", "x"}, {"quantity", 1}}}),
                            json::array({{{"name", "x"}, {"quantity", 1}, {"price", 1}, {"extra", 1}}}), json("x")})
        CHECK(money_refused(apply_record(nullptr, money_op("order.create", {{"number", "A-9"}, {"amount", 1}, {"currency", "RUB"},
                                                                        {"items", bad}})))
                  .field == "items");
}

TEST_CASE("sales: a manual sale updates the count, the sum per currency and the last sale date") {
    const record a = make("sale", {{"player_id", "P-1001"}, {"amount", 500000}, {"currency", "RUB"}, {"sold_at", money_t0}});
    const record b = make("sale", {{"amount", 250000}, {"currency", "RUB"}, {"sold_at", money_t0 + 86400000}});
    const record c = make("sale", {{"amount", 1000}, {"currency", "USD"}, {"sold_at", money_t0 - 86400000}});
    CHECK(a.text("via") == "manual");
    const sales_summary s = summarize_sales({&a, &b, &c});
    CHECK(s.count == 3);
    CHECK(s.sum.of("RUB") == 750000);
    CHECK(s.sum.of("USD") == 1000);
    CHECK(s.last_sold_at == money_t0 + 86400000);
    // Only an integration says a sale came from the registration link.
    CHECK(check_op_allowed(role::manager, "Boris", money_op("sale.create", {{"via", "registration_link"}}))->why.field == "via");
}

TEST_CASE("one registration link per client; the integration sets the registration") {
    const record link = make("registration", json::object());
    CHECK(check_across(make("registration", json::object()), {&link})->code == "err.registration_exists");
    record withdrawn = link;
    withdrawn.deleted = true;
    CHECK_FALSE(check_across(make("registration", json::object()), {&withdrawn}));
    CHECK(check_op_allowed(role::manager, "Boris", money_op("registration.set", {{"player_id", "P-1"}}, link.id))->why.field ==
          "player_id");
    CHECK_FALSE(check_op_allowed(role::integration, "shop", money_op("registration.set", {{"player_id", "P-1"}}, link.id)));
}

TEST_CASE("deals: a lost deal needs its reason; stage changes are logged from and to") {
    const record deal = make("deal", {{"title", "Corporate training"}, {"amount", 30000000}, {"currency", "RUB"},
                                      {"support_line", "VIP"}, {"channel", "Telegram"}});
    CHECK(deal.text("stage") == "new");
    CHECK(deal.text("pipeline") == "Sales");
    const auto moved = apply_record(&deal, money_op("deal.set", {{"stage", "negotiation"}}, deal.id, "Vera"));
    const auto& changes = std::get<record_applied>(moved).changes;
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].field == "stage");
    CHECK(changes[0].old_value == "new");
    CHECK(changes[0].new_value == "negotiation");
    const record negotiating = money_ok(moved);
    CHECK(money_refused(apply_record(&negotiating, money_op("deal.set", {{"stage", "lost"}}, deal.id))).code == "err.lost_reason_required");
    CHECK(money_refused(apply_record(&negotiating, money_op("deal.set", {{"stage", "lost"}, {"lost_reason", "  "}}, deal.id))).code ==
          "err.lost_reason_required");
    CHECK(money_ok(apply_record(&negotiating, money_op("deal.set", {{"stage", "lost"}, {"lost_reason", "Too expensive"}}, deal.id)))
              .text("stage") == "lost");
    CHECK(money_refused(apply_record(nullptr, money_op("deal.create", {{"title", "x"}, {"amount", 5}}))).field == "currency");
}

TEST_CASE("funnel subscriptions: subscribe at a block, move, unsubscribe; once per tunnel and channel") {
    const record sub = make("subscription", {{"channel", "Telegram · @school_bot"}, {"tunnel", "Webinar warm-up"}, {"block", "Day 1"}});
    CHECK(sub.text("state") == "active");
    const record second = make("subscription", {{"channel", "Telegram · @school_bot"}, {"tunnel", "Webinar warm-up"}, {"block", "Day 2"}});
    CHECK(check_across(second, {&sub, &second})->code == "err.already_subscribed");
    const record other_channel = make("subscription", {{"channel", "WhatsApp"}, {"tunnel", "Webinar warm-up"}, {"block", "Day 1"}});
    CHECK_FALSE(check_across(other_channel, {&sub, &other_channel}));
    const auto moved = apply_record(&sub, money_op("subscription.move", {{"block", "Day 2: case study"}}, sub.id));
    CHECK(money_ok(moved).text("block") == "Day 2: case study");
    CHECK(std::get<record_applied>(moved).changes.at(0).old_value == "Day 1");
    const record gone = money_ok(apply_record(&sub, money_op("subscription.unsubscribe", json::object(), sub.id, "Vera")));
    CHECK(gone.text("state") == "unsubscribed");
    CHECK(gone.text("unsubscribed_by") == "Vera");
    CHECK(money_refused(apply_record(&gone, money_op("subscription.move", {{"block", "Day 3"}}, sub.id))).code == "err.unsubscribed");
    CHECK(money_refused(apply_record(&gone, money_op("subscription.unsubscribe", json::object(), sub.id))).code == "err.unsubscribed");
    // Unsubscribed, the tunnel may be joined again.
    CHECK_FALSE(check_across(second, {&gone, &second}));
    CHECK(money_refused(apply_record(&sub, money_op("subscription.set", {{"block", "Day 9"}}, sub.id))).code == "err.append_only");
}

TEST_CASE("webinars, visits and memberships: validated, written by integrations and admins, read by managers") {
    CHECK(make("webinar", {{"webinar", "Sales funnels 2.0"}, {"launch", 3}, {"first_entry_at", money_t0}, {"watched_s", 2400}}, "shop")
              .number("watched_s") == 2400);
    CHECK(money_refused(apply_record(nullptr, money_op("webinar.create", {{"webinar", "x"}, {"first_entry_at", money_t0}, {"watched_s", -1}})))
              .field == "watched_s");
    CHECK(money_refused(apply_record(nullptr, money_op("visit.create", {{"url", "javascript:alert(1)"}, {"visited_at", money_t0}})))
              .field == "url");
    CHECK(make("visit", {{"url", "https://school.example/pricing"}, {"title", "Pricing"}, {"visited_at", money_t0}}).text("title") ==
          "Pricing");
    CHECK(allowed(role::manager, verb::read, "webinar"));
    CHECK_FALSE(allowed(role::manager, verb::create, "webinar"));
    CHECK(allowed(role::integration, verb::create, "visit"));
    CHECK_FALSE(allowed(role::integration, verb::read, "visit"));
    const record m = make("membership", {{"product", "Course «Sales 101», tariff Pro"}, {"granted_at", money_t0}}, "shop");
    CHECK(m.text("state") == "active");
    const record revoked = money_ok(apply_record(&m, money_op("membership.revoke", json::object(), m.id, "Anna")));
    CHECK(revoked.text("state") == "revoked");
    CHECK(money_ok(apply_record(&revoked, money_op("membership.grant", json::object(), m.id, "Anna"))).text("state") == "active");
}
