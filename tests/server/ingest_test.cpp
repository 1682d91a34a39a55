// ingest_test.cpp — POST /api/v1/integrations/events over real HTTP (docs/api.md "Integration
// events"): every event type lands on the client's card as its record, the same event again
// updates the record and never makes a second one, a batch answers each event in order, and a
// malformed, unknown or refused event gets a 4xx that says why while nothing of it is kept.
// Integration accounts may not act as users, and users may not post events.
#include <doctest/doctest.h>

#include <map>

#include "core/codec.hpp"
#include "core/money_totals.hpp"
#include "seed.hpp"
#include "sqlite_store.hpp"
#include "test_support.hpp"

using namespace cc_test;

namespace {

constexpr std::int64_t day_ms = 86'400'000;
constexpr std::int64_t start_2026 = 1767225600000;  // 2026-01-01T00:00:00Z
const std::string events_path = "/api/v1/integrations/events";

// The records of a kind that a full pull shows for a client.
std::vector<json> records_of(record_server& s, const std::string& client_id, const std::string& kind) {
    std::vector<json> out;
    const json page = s.pull(*s.admin);
    for (const json& ch : page["changes"])
        if (ch.contains("record") && ch["record"]["kind"] == kind && ch["record"]["client_id"] == client_id)
            out.push_back(ch["record"]);
    return out;
}

json record_by_id(record_server& s, const std::string& id) {
    json ch = change_for(s.pull(*s.admin), id);
    REQUIRE(ch.is_object());
    return ch["record"];
}

http_answer send(record_server& s, const json& event) { return post_json(*s.integration, events_path, event); }

// A copy of `event` with `changes` merged in (RFC 7386: a null removes the member): the next
// event about the same thing, or a wrong one.
json with(json event, const json& changes) {
    event.merge_patch(changes);
    return event;
}

json order_event(const std::string& external_id, const std::string& status = "awaiting_payment") {
    return {{"type", "order"},
            {"external_id", external_id},
            {"client_id", "c-000001"},
            {"number", "A-" + external_id},
            {"title", "Курс «Продажи 101»"},
            {"items", json::array({{{"name", "Курс «Продажи 101»"}, {"quantity", 1}, {"price", 1200000}}})},
            {"amount", 1200000},
            {"currency", "RUB"},
            {"status", status},
            {"ordered_at", start_2026}};
}

}  // namespace

TEST_CASE("events: an order, then the same order again, is one order whose fields follow the last event") {
    record_server s;
    http_answer a = send(s, order_event("1042"));
    REQUIRE(a.status == 200);
    CHECK(a.body["created"] == true);
    CHECK(a.body["client_id"] == "c-000001");
    const std::string order_id = a.body["record"];
    CHECK(order_id.rfind("order:integration:Telephony:", 0) == 0);

    json paid = order_event("1042", "paid");
    paid["paid_at"] = start_2026 + day_ms;
    a = send(s, paid);
    REQUIRE(a.status == 200);
    CHECK(a.body["created"] == false);
    CHECK(a.body["changed"] == true);
    CHECK(a.body["record"] == order_id);

    // The same again: nothing to change, nothing written.
    const std::int64_t version = s.server_version();
    a = send(s, paid);
    REQUIRE(a.status == 200);
    CHECK(a.body["changed"] == false);
    CHECK(s.server_version() == version);

    auto orders = records_of(s, "c-000001", "order");
    REQUIRE(orders.size() == 1);
    CHECK(orders[0]["fields"]["status"] == "paid");
    CHECK(orders[0]["fields"]["source"] == "Telephony");  // the integration's name by default
    CHECK(orders[0]["fields"]["external_id"] == "1042");
    // Its log: created, then the status change, by the integration.
    json log = client_log(*s.admin, "c-000001");
    int entries = 0;
    for (const json& e : log)
        if (e.value("record", "") == order_id) ++entries;
    CHECK(entries == 2);
}

TEST_CASE("events: a provider's payment is corrected by its integration only; a person may still comment on it") {
    record_server s;
    const json paid = {{"type", "payment"}, {"external_id", "pay-9"}, {"client_id", "c-000001"}, {"amount", 990000},
                 {"currency", "RUB"}, {"status", "succeeded"}, {"paid_at", start_2026}};
    http_answer a = send(s, paid);
    REQUIRE(a.status == 200);
    const std::string id = a.body["record"];

    // A manager (or an admin) pushing a new amount is refused, with the field and the source.
    for (const auto& [who, device] : {std::pair{s.manager.get(), "dev-boris"}, std::pair{s.admin.get(), "dev-anna"}}) {
        json by_person = s.push(*who, device, {make_record_op(device, 1, "c-000001", "payment.set", id, {{"amount", 1}})});
        CHECK(by_person["results"][0]["status"] == "rejected");
        CHECK(by_person["results"][0]["error"]["code"] == "err.provider_payment");
        CHECK(by_person["results"][0]["error"]["field"] == "amount");
    }
    CHECK(record_by_id(s, id)["fields"]["amount"] == 990000);
    // A comment is the manager's to write.
    json note = s.push(*s.manager, "dev-boris", {make_record_op("dev-boris", 2, "c-000001", "payment.set", id,
                                                                {{"comment", "Paid from the company's account"}})});
    CHECK(note["results"][0]["status"] == "applied");
    // The provider corrects its own payment with the same event.
    a = send(s, with(paid, {{"amount", 890000}}));
    REQUIRE(a.status == 200);
    CHECK(a.body["changed"] == true);
    json after = record_by_id(s, id);
    CHECK(after["fields"]["amount"] == 890000);
    CHECK(after["fields"]["comment"] == "Paid from the company's account");
}

TEST_CASE("events: payments of an order by its external id, a failed one with its code, a refund") {
    record_server s;
    REQUIRE(send(s, order_event("77")).status == 200);
    const std::string order_id = records_of(s, "c-000001", "order").at(0)["id"];

    json failed = {{"type", "payment"}, {"external_id", "pay-1"}, {"client_id", "c-000001"}, {"order_external_id", "77"},
                   {"amount", 1200000}, {"currency", "RUB"}, {"status", "failed"}, {"error_code", "51"},
                   {"paid_at", start_2026}};
    http_answer a = send(s, failed);
    REQUIRE(a.status == 200);
    json payment = record_by_id(s, a.body["record"]);
    CHECK(payment["fields"]["order"] == order_id);
    CHECK(payment["fields"]["error_code"] == "51");
    CHECK(payment["fields"]["type"] == "payment");

    json ok = {{"type", "payment"}, {"external_id", "pay-2"}, {"client_id", "c-000001"}, {"order_external_id", "77"},
               {"amount", 1200000}, {"currency", "RUB"}, {"status", "succeeded"}, {"paid_at", start_2026 + 1000}};
    REQUIRE(send(s, ok).status == 200);
    json refund = {{"type", "refund"}, {"external_id", "ref-1"}, {"client_id", "c-000001"}, {"order_external_id", "77"},
                   {"amount", 200000}, {"currency", "RUB"}, {"paid_at", start_2026 + 2000}};
    a = send(s, refund);
    REQUIRE(a.status == 200);
    CHECK(record_by_id(s, a.body["record"])["fields"]["type"] == "refund");

    // Money brought: 12,000 paid − 2,000 refunded; the failed attempt is counted as one.
    std::vector<cc::record> held;
    for (const json& r : records_of(s, "c-000001", "payment")) held.push_back(r.get<cc::record>());
    std::vector<const cc::record*> ptrs;
    for (const auto& r : held) ptrs.push_back(&r);
    const cc::payment_totals totals = cc::totals_of_payments(ptrs);
    CHECK(totals.failed == 1);
    CHECK(totals.brought.of("RUB") == 1000000);

    // An order the server does not know: 404, nothing kept.
    const std::int64_t version = s.server_version();
    a = send(s, with(ok, {{"external_id", "pay-3"}, {"order_external_id", "nope"}}));
    CHECK(a.status == 404);
    CHECK(a.body["error"]["field"] == "order_external_id");
    CHECK(s.server_version() == version);
}

TEST_CASE("events: a recurring charge that fails makes the order past due; the next one brings it back") {
    record_server s;
    json order = order_event("sub-9", "paid");
    order["recurring"] = true;
    order["period"] = "month";
    order["recurring_state"] = "active";
    order["next_charge_at"] = start_2026 + 30 * day_ms;
    REQUIRE(send(s, order).status == 200);
    const std::string order_id = records_of(s, "c-000001", "order").at(0)["id"];

    json charge = {{"type", "recurring_charge"}, {"external_id", "ch-1"}, {"order_external_id", "sub-9"},
                   {"amount", 1200000}, {"currency", "RUB"}, {"status", "failed"}, {"error_code", "05"},
                   {"paid_at", start_2026 + 30 * day_ms}};
    http_answer a = send(s, charge);
    REQUIRE(a.status == 200);
    CHECK(a.body["order"] == order_id);
    CHECK(a.body["client_id"] == "c-000001");
    CHECK(record_by_id(s, order_id)["fields"]["recurring_state"] == "past_due");

    const json retry = with(charge, {{"external_id", "ch-2"}, {"status", "succeeded"}, {"error_code", nullptr},
                                     {"next_charge_at", start_2026 + 61 * day_ms}});
    REQUIRE(send(s, retry).status == 200);
    json after = record_by_id(s, order_id);
    CHECK(after["fields"]["recurring_state"] == "active");
    CHECK(after["fields"]["next_charge_at"] == start_2026 + 61 * day_ms);
    CHECK(records_of(s, "c-000001", "payment").size() == 2);

    // A one-off order has no recurring charges.
    REQUIRE(send(s, order_event("one-off")).status == 200);
    a = send(s, with(charge, {{"external_id", "ch-3"}, {"order_external_id", "one-off"}}));
    CHECK(a.status == 400);
    CHECK(a.body["error"]["code"] == "err.not_recurring");
}

TEST_CASE("events: balance entries are a ledger; the same entry twice is one; no debit below zero") {
    record_server s;
    json credit = {{"type", "balance"}, {"external_id", "bonus-1"}, {"client_id", "c-000002"}, {"account", "bonus"},
                   {"amount", 50000}, {"currency", "RUB"}, {"reason", "Welcome bonus"}};
    http_answer a = send(s, credit);
    REQUIRE(a.status == 200);
    CHECK(a.body["created"] == true);
    CHECK(record_by_id(s, a.body["record"])["fields"]["key"] == "bonus-1");  // the external id is the key
    a = send(s, credit);
    REQUIRE(a.status == 200);
    CHECK(a.body["created"] == false);
    CHECK(records_of(s, "c-000002", "balance").size() == 1);

    const std::int64_t version = s.server_version();
    a = send(s, with(credit, {{"amount", 70000}}));
    CHECK(a.status == 409);
    CHECK(a.body["error"]["code"] == "err.append_only");

    json debit = {{"type", "balance"}, {"external_id", "spend-1"}, {"client_id", "c-000002"}, {"account", "bonus"},
                  {"amount", -80000}, {"currency", "RUB"}, {"reason", "Paid part of an order"}};
    a = send(s, debit);
    CHECK(a.status == 409);
    CHECK(a.body["error"]["code"] == "err.overdraft");
    CHECK(a.body["error"]["message"].get<std::string>().find("50000") != std::string::npos);
    CHECK(s.server_version() == version);

    debit["amount"] = -30000;
    REQUIRE(send(s, debit).status == 200);
    CHECK(records_of(s, "c-000002", "balance").size() == 2);
}

TEST_CASE("events: a registration by the card's link sets its date and player id and adds the sale") {
    record_server s;
    json r = s.push(*s.manager, "dev-b", {make_record_op("dev-b", 1, "c-000003", "registration.create", "",
                                                        {{"sent_via", "copied"}})});
    REQUIRE(r["results"][0]["status"] == "applied");
    const std::string code = "registration:dev-b:1";

    json event = {{"type", "registration"}, {"external_id", "reg-555"}, {"code", code}, {"registered_at", start_2026},
                  {"player_id", "P-9001"}, {"amount", 499000}, {"currency", "RUB"}};
    http_answer a = send(s, event);
    REQUIRE(a.status == 200);
    CHECK(a.body["record"] == code);
    CHECK(a.body["client_id"] == "c-000003");
    CHECK(a.body["sale_created"] == true);
    json reg = record_by_id(s, code);
    CHECK(reg["fields"]["registered_at"] == start_2026);
    CHECK(reg["fields"]["player_id"] == "P-9001");
    json sale = record_by_id(s, a.body["sale"]);
    CHECK(sale["fields"]["via"] == "registration_link");
    CHECK(sale["fields"]["registration"] == code);
    CHECK(sale["fields"]["amount"] == 499000);
    CHECK(sale["fields"]["sold_at"] == start_2026);

    // Again: the same sale, not a second one.
    a = send(s, event);
    REQUIRE(a.status == 200);
    CHECK(a.body["sale_created"] == false);
    CHECK(records_of(s, "c-000003", "sale").size() == 1);

    a = send(s, with(event, {{"code", "registration:nobody:1"}}));
    CHECK(a.status == 404);
    CHECK(a.body["error"]["field"] == "code");
}

TEST_CASE("events: a subscription is subscribed at a block, moved, unsubscribed, and subscribed again") {
    record_server s;
    json sub = {{"type", "subscription"}, {"external_id", "s-1"}, {"client_id", "c-000004"},
                {"channel", "Telegram · @school_bot"}, {"tunnel", "Прогрев к вебинару"}, {"block", "День 1"}};
    http_answer a = send(s, sub);
    REQUIRE(a.status == 200);
    const std::string first = a.body["record"];
    REQUIRE(send(s, with(sub, {{"action", "moved"}, {"block", "День 2: кейс"}})).status == 200);
    CHECK(record_by_id(s, first)["fields"]["block"] == "День 2: кейс");

    // Another subscription to the same tunnel of the same channel while this one is active.
    a = send(s, with(sub, {{"external_id", "s-2"}}));
    CHECK(a.status == 409);
    CHECK(a.body["error"]["code"] == "err.already_subscribed");

    json off = {{"type", "subscription"}, {"external_id", "s-1"}, {"action", "unsubscribed"}};
    REQUIRE(send(s, off).status == 200);
    CHECK(record_by_id(s, first)["fields"]["state"] == "unsubscribed");
    a = send(s, sub);  // subscribed again: a new subscription, the old one stays in the history
    REQUIRE(a.status == 200);
    CHECK(a.body["created"] == true);
    CHECK(a.body["record"] != first);
    CHECK(records_of(s, "c-000004", "subscription").size() == 2);

    a = send(s, {{"type", "subscription"}, {"external_id", "never"}, {"action", "unsubscribed"}});
    CHECK(a.status == 404);
}

TEST_CASE("events: a membership granted, revoked and granted again is one record") {
    record_server s;
    json grant = {{"type", "membership"}, {"external_id", "m-1"}, {"client_id", "c-000005"},
                  {"product", "Course «Sales 101», tariff Pro"}, {"granted_at", start_2026}};
    http_answer a = send(s, grant);
    REQUIRE(a.status == 200);
    const std::string id = a.body["record"];
    REQUIRE(send(s, {{"type", "membership"}, {"external_id", "m-1"}, {"action", "revoked"}}).status == 200);
    CHECK(record_by_id(s, id)["fields"]["state"] == "revoked");
    a = send(s, grant);
    REQUIRE(a.status == 200);
    CHECK(a.body["record"] == id);
    CHECK(record_by_id(s, id)["fields"]["state"] == "active");
    CHECK(records_of(s, "c-000005", "membership").size() == 1);
}

TEST_CASE("events: webinar attendance and page visits; a repeated report updates the time watched") {
    record_server s;
    json web = {{"type", "webinar"}, {"external_id", "w-1"}, {"client_id", "c-000006"}, {"webinar", "Как продавать в B2B"},
                {"launch", 3}, {"first_entry_at", start_2026}, {"watched_s", 600}};
    REQUIRE(send(s, web).status == 200);
    web["watched_s"] = 2400;
    REQUIRE(send(s, web).status == 200);
    auto webinars = records_of(s, "c-000006", "webinar");
    REQUIRE(webinars.size() == 1);
    CHECK(webinars[0]["fields"]["watched_s"] == 2400);

    json visit = {{"type", "visit"}, {"external_id", "v-1"}, {"client_id", "c-000006"},
                  {"url", "https://school.example/pricing"}, {"title", "Тарифы"}, {"visited_at", start_2026},
                  {"duration_s", 45}};
    http_answer a = send(s, visit);
    REQUIRE(a.status == 200);
    CHECK(record_by_id(s, a.body["record"])["fields"]["url"] == "https://school.example/pricing");
}

TEST_CASE("events: the client by phone (an unknown number makes one) or by e-mail (an unknown address is 404)") {
    record_server s;
    json client;
    const json page = s.pull(*s.admin);
    for (const json& ch : page["changes"])
        if (ch.contains("client") && !ch["client"]["emails"].empty() && !ch["client"].value("deleted", false)) {
            client = ch["client"];
            break;
        }
    REQUIRE(client.is_object());
    const std::string client_id = client["id"];
    std::string address = client["emails"][0]["address"];
    for (char& c : address) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));  // any case
    json visit = {{"type", "visit"}, {"external_id", "v-mail"}, {"email", address},
                  {"url", "https://school.example/"}, {"visited_at", start_2026}};
    http_answer a = send(s, visit);
    REQUIRE(a.status == 200);
    CHECK(a.body["client_id"] == client_id);

    visit["external_id"] = "v-nobody";
    visit["email"] = "nobody-at-all@example.invalid";
    a = send(s, visit);
    CHECK(a.status == 404);
    CHECK(a.body["error"]["field"] == "email");

    visit.erase("email");
    visit["external_id"] = "v-phone";
    visit["phone"] = "+7 999 000-11-22";
    a = send(s, visit);
    REQUIRE(a.status == 200);
    CHECK(a.body["client_created"] == true);
    CHECK(change_for(s.pull(*s.admin), a.body["client_id"])["client"]["phones"][0]["e164"] == "+79990001122");
}

TEST_CASE("events: malformed, unknown and refused events are 4xx with a reason, and nothing is kept") {
    record_server s;
    const std::int64_t version = s.server_version();
    auto raw = s.integration->Post(events_path.c_str(), "{\"type\": \"order\",", "application/json");
    REQUIRE(raw);
    CHECK(raw->status == 400);

    struct bad_case { json change; int status; const char* code; const char* field; };
    const std::vector<bad_case> cases = {
        {{{"type", "teleport"}}, 400, "err.unknown_type", "type"},
        {{{"type", nullptr}}, 400, "err.required", "type"},
        {{{"colour", "red"}}, 400, "err.unknown_field", "colour"},
        {{{"currency", "XYZ"}}, 400, "err.currency_invalid", "currency"},
        {{{"external_id", nullptr}}, 400, "err.required", "external_id"},
        {{{"amount", -5}}, 400, "err.out_of_range", "amount"},
        {{{"status", "lost"}}, 400, "err.bad_value", "status"},
        {{{"client_id", "c-nobody"}}, 404, "err.not_found", "client_id"},
    };
    for (const auto& c : cases) {
        json event = order_event("bad-1");
        for (const auto& [k, v] : c.change.items()) {
            if (v.is_null()) event.erase(k);
            else event[k] = v;
        }
        INFO(event.dump());
        http_answer a = send(s, event);
        CHECK(a.status == c.status);
        CHECK(a.body["error"]["code"] == c.code);
        CHECK(a.body["error"]["field"] == c.field);
        CHECK(!a.body["error"]["message"].get<std::string>().empty());
    }
    CHECK(s.server_version() == version);
    CHECK(records_of(s, "c-000001", "order").empty());
}

TEST_CASE("events: a batch answers each event in order; one refused event keeps only itself out") {
    record_server s;
    json batch = {{"events", json::array({order_event("b-1"), order_event("b-2", "teleported"), order_event("b-3")})}};
    http_answer a = send(s, batch);
    REQUIRE(a.status == 200);
    REQUIRE(a.body["results"].size() == 3);
    CHECK(a.body["results"][0]["status"] == 200);
    CHECK(a.body["results"][1]["status"] == 400);
    CHECK(a.body["results"][1]["error"]["field"] == "status");
    CHECK(a.body["results"][2]["status"] == 200);
    CHECK(records_of(s, "c-000001", "order").size() == 2);

    json big = {{"events", json::array()}};
    for (int i = 0; i < 101; ++i) big["events"].push_back(order_event("many-" + std::to_string(i)));
    a = send(s, big);
    CHECK(a.status == 413);
    CHECK(a.body["error"]["code"] == "err.too_many_events");
}

TEST_CASE("events: integration accounts cannot act as users; users cannot post events") {
    record_server s;
    const std::string a_file = "/api/v1/files/" + std::string(64, 'a');
    for (const char* path : {"/api/v1/me", "/api/v1/pull?since=0", "/api/v1/snapshot", "/api/v1/clients/c-000001/history",
                             a_file.c_str()}) {
        INFO(path);
        auto res = s.integration->Get(path);
        REQUIRE(res);
        CHECK(res->status == 403);
        json body = json::parse(res->body, nullptr, false);
        CHECK(body["error"]["code"] == "err.forbidden");
        CHECK(!body["error"]["message"].get<std::string>().empty());
    }
    http_answer a = post_push(*s.integration, make_batch("telephony-device",
                                                         {make_op("telephony-device", 1, "c-000001", "tag.add", {{"tag", "x"}})}));
    CHECK(a.status == 403);
    CHECK(a.body["error"]["code"] == "err.forbidden");
    for (auto* who : {s.admin.get(), s.manager.get()}) {
        a = post_json(*who, events_path, order_event("u-1"));
        CHECK(a.status == 403);
        CHECK(a.body["error"]["code"] == "err.forbidden");
    }
    CHECK(records_of(s, "c-000001", "order").empty());
}

// [demo data] ----------------------------------------------------------------------------------------------
// The demo generator's money and activity go through the same ingestion (seed.cpp): seeding
// fails on any event the ingestion refuses, so a seeding that finishes is the first check.

namespace {

std::map<std::string, std::string> seeded_records(std::size_t clients, std::int64_t anchor) {
    cc::server::sqlite_store store(":memory:");
    REQUIRE(cc::server::seed_demo_clients(store, clients, 30, anchor) == clients);
    std::map<std::string, std::string> out;
    for (const auto& c : store.pull(0, 1'000'000, "").changes)
        if (c.is_record()) out[c.record_id] = c.record_json;
    return out;
}

}  // namespace

TEST_CASE("demo data: money and activity of every kind, through the ingestion, the same every time") {
    const std::int64_t anchor = start_2026 + 60 * day_ms;
    const auto records = seeded_records(400, anchor);
    std::map<std::string, int> kinds;
    int failed_with_code = 0, from_integration = 0, locked = 0, link_sales = 0;
    for (const auto& [id, text] : records) {
        const json r = json::parse(text);
        const std::string kind = r["kind"];
        const json& f = r["fields"];
        ++kinds[kind];
        if (kind == "payment" && f.value("status", "") == "failed" && f.contains("error_code")) ++failed_with_code;
        if (kind == "plan" && f.contains("locked_by")) ++locked;
        if (kind == "sale" && f.value("via", "") == "registration_link") ++link_sales;
        if (f.contains("source") && id.find(":integration:") != std::string::npos) ++from_integration;
        for (const char* time : {"ordered_at", "paid_at", "visited_at", "first_entry_at", "granted_at", "registered_at"})
            if (f.contains(time)) CHECK(f[time].get<std::int64_t>() <= anchor);
    }
    INFO(json(kinds).dump());
    for (const char* kind : {"order", "payment", "balance", "sale", "registration", "deal", "plan", "subscription",
                             "membership", "webinar", "visit", "task", "call", "comment"})
        CHECK(kinds[kind] > 0);
    CHECK(failed_with_code > 0);
    CHECK(locked > 0);
    CHECK(link_sales > 0);
    CHECK(from_integration > kinds["order"]);
    // Deterministic: the same clients and anchor give the same records, byte for byte.
    CHECK(seeded_records(400, anchor) == records);
}
