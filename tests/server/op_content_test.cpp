// op_content_test.cpp — what an op may contain (docs/api.md, "What an op may contain"), over
// real HTTP: the nesting limit checked before parsing, only the keys each kind defines, `at` as
// an integer of ms in range with a future clock clamped, enum words validated, a bounded op
// size. Every refused op leaves nothing in any pull, and a re-sent copy is answered the same.
//
// Index of this file
//   [SECTION] fixture
//   [SECTION] nesting
//   [SECTION] at
//   [SECTION] enum words
//   [SECTION] keys and size
#include <algorithm>
#include <chrono>
#include <string>

#include <doctest/doctest.h>

#include "test_support.hpp"

using namespace cc_test;

// [SECTION] fixture --------------------------------------------------------------------------------------

namespace {

std::int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// A fresh server with 10 demo clients (c-000001 .. c-000010, versions 1..10) per test: pushes
// change state, so tests do not share one.
struct fresh_server : record_server {
    // Every page of a full pull as the text a card receives.
    std::string pull_text() {
        auto res = admin->Get("/api/v1/pull?since=0&limit=2000");
        REQUIRE(res);
        REQUIRE(res->status == 200);
        return res->body;
    }
    json client_change(const std::string& client_id) {
        json page = get_json(*admin, "/api/v1/pull?since=0&limit=2000");
        for (const json& ch : page["changes"])
            if (ch["client"]["id"] == client_id) return with_log(*admin, ch);  // the whole log
        FAIL("no client " << client_id);
        return {};
    }
    // Pushes one op as Boris (a manager); returns its result.
    json push_one(const json& op) {
        http_answer a = post_push(*manager, make_batch(op["device"].get<std::string>(), {op}));
        REQUIRE(a.status == 200);
        REQUIRE(a.body["results"].size() == 1);
        return a.body["results"][0];
    }
};

// The result is a recorded rejection with this code and field; pushing the same op again
// answers the same (it was recorded, not just refused).
void check_rejected(fresh_server& s, const json& op, const std::string& code, const std::string& field) {
    json r = s.push_one(op);
    CHECK(r["status"] == "rejected");
    CHECK(r["error"]["code"] == code);
    CHECK(r["error"]["field"] == field);
    CHECK_FALSE(r["error"]["message"].get<std::string>().empty());
    json again = s.push_one(op);
    CHECK(again["status"] == "rejected");
    CHECK(again["error"] == r["error"]);
}

std::string nested_arrays(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

}  // namespace

// [SECTION] nesting -------------------------------------------------------------------------------------

TEST_CASE("a manager's push nesting 60,000 arrays (120 KB) is refused with 400 and the server keeps answering") {
    fresh_server s;
    json op = make_op("dev-m", 1, "c-000001", "tag.add", {{"tag", "PLACEHOLDER"}});
    std::string body = make_batch("dev-m", {op}).dump();
    body.replace(body.find("\"PLACEHOLDER\""), 13, nested_arrays(60000));
    REQUIRE(body.size() > 120000);
    http_answer a = post_push(*s.manager, body);
    CHECK(a.status == 400);
    CHECK(a.body["error"]["code"] == "err.bad_request");
    CHECK(a.body["error"]["message"].get<std::string>().find("nests deeper than 16 levels") != std::string::npos);

    // Still alive, and nothing of it landed.
    CHECK(get_json(*s.admin, "/api/v1/health")["ok"] == true);
    CHECK(s.server_version() == 10);
    CHECK(s.push_one(make_op("dev-m", 1, "c-000001", "tag.add", {{"tag", "after"}}))["status"] == "applied");
}

TEST_CASE("the deepest legitimate op fits the nesting limit; one level of junk deeper than 16 does not") {
    fresh_server s;
    // body > ops > op > payload > item: 5 levels.
    json add = make_op("dev-m", 1, "c-000001", "item.add",
                       {{"list", "phones"}, {"item", {{"type", "work"}, {"raw", "+7 912 345-67-89"}}}});
    CHECK(s.push_one(add)["status"] == "applied");
    json deep = make_op("dev-m", 2, "c-000001", "tag.add", {{"tag", "x"}});
    std::string body = make_batch("dev-m", {deep}).dump();
    body.replace(body.find("\"x\""), 3, nested_arrays(13));  // 4 levels around it: 17
    http_answer a = post_push(*s.manager, body);
    CHECK(a.status == 400);
    CHECK(a.body["error"]["code"] == "err.bad_request");
    CHECK(s.server_version() == 11);
}

// [SECTION] at ------------------------------------------------------------------------------------------

TEST_CASE("an at of 1e300, 1.5, -1, 0 or 9.3e18 rejects the op (err.bad_value at) and stores nothing") {
    fresh_server s;
    std::int64_t seq = 0;
    for (const char* at : {"1e300", "1.5", "-1", "0", "9.3e18", "9300000000000000000", "1700000000.5"}) {
        CAPTURE(at);
        json op = make_op("dev-m", ++seq, "c-000002", "client.set", {{"city", "Clockton"}});
        op["at"] = json::parse(at);
        check_rejected(s, op, "err.bad_value", "at");
    }
    CHECK(s.server_version() == 10);
    CHECK(s.pull_text().find("Clockton") == std::string::npos);

    // Not a number at all: the sender does not speak the protocol; the whole batch is refused.
    json text_at = make_op("dev-m", ++seq, "c-000002", "client.set", {{"city", "Clockton"}});
    text_at["at"] = "x";
    http_answer a = post_push(*s.manager, make_batch("dev-m", {text_at}));
    CHECK(a.status == 400);
    CHECK(a.body["error"]["code"] == "err.bad_request");
    CHECK(s.server_version() == 10);
}

TEST_CASE("an at in the year 2100 does not pin updated_at: the log keeps the receive time and an honest edit moves it") {
    fresh_server s;
    const std::int64_t year_2100 = 4102444800000;
    const std::int64_t before = now_ms();
    json future = make_op("dev-m", 1, "c-000003", "client.set", {{"city", "Futureville"}}, year_2100);
    REQUIRE(s.push_one(future)["status"] == "applied");
    const std::int64_t after = now_ms();
    json ch = s.client_change("c-000003");
    CHECK(ch["client"]["city"] == "Futureville");
    const std::int64_t pinned = ch["client"]["updated_at"];
    CHECK(pinned >= before);
    CHECK(pinned <= after);
    CHECK(ch["history"][0]["op_id"] == "dev-m:1");
    CHECK(ch["history"][0]["at"] == pinned);

    // Vera edits honestly a moment later: updated_at follows her edit.
    auto vera = s.server->client(manager2_token);
    const std::int64_t honest = now_ms();
    json edit = make_op("dev-v", 1, "c-000003", "client.set", {{"city", "Presentburg"}}, honest);
    http_answer a = post_push(*vera, make_batch("dev-v", {edit}));
    REQUIRE(a.body["results"][0]["status"] == "applied");
    ch = s.client_change("c-000003");
    CHECK(ch["client"]["city"] == "Presentburg");
    CHECK(ch["client"]["updated_at"] == honest);
    CHECK(ch["client"]["updated_at"].get<std::int64_t>() < year_2100);
}

TEST_CASE("a slightly wrong clock loses no edit: a minute ahead is applied at the receive time, an hour behind as sent") {
    fresh_server s;
    const std::int64_t now = now_ms();
    json ahead = make_op("dev-m", 1, "c-000004", "tag.add", {{"tag", "ahead"}}, now + 60000);
    json behind = make_op("dev-m", 2, "c-000004", "tag.add", {{"tag", "behind"}}, now - 3600000);
    http_answer a = post_push(*s.manager, make_batch("dev-m", {ahead, behind}));
    REQUIRE(a.status == 200);
    CHECK(a.body["results"][0]["status"] == "applied");
    CHECK(a.body["results"][1]["status"] == "applied");
    json ch = s.client_change("c-000004");
    const json& tags = ch["client"]["tags"];
    CHECK(std::find(tags.begin(), tags.end(), json("ahead")) != tags.end());
    CHECK(std::find(tags.begin(), tags.end(), json("behind")) != tags.end());
    CHECK(ch["history"][0]["at"] == now - 3600000);                   // kept as sent
    CHECK(ch["history"][1]["at"].get<std::int64_t>() < now + 60000);  // clamped to the receive time
    CHECK(ch["history"][1]["at"].get<std::int64_t>() >= now);
}

// [SECTION] enum words -----------------------------------------------------------------------------------

TEST_CASE("a phone type \"bogus\" is rejected (err.bad_value phones.type), never stored as other") {
    fresh_server s;
    const json before = s.client_change("c-000005")["client"]["phones"];
    json add = make_op("dev-m", 1, "c-000005", "item.add",
                       {{"list", "phones"}, {"item", {{"type", "bogus"}, {"raw", "+7 912 000-11-22"}}}});
    check_rejected(s, add, "err.bad_value", "phones.type");
    json addr = make_op("dev-m", 2, "c-000005", "item.add",
                        {{"list", "addresses"}, {"item", {{"type", "moon"}, {"text", "Kazan"}}}});
    check_rejected(s, addr, "err.bad_value", "addresses.type");
    json gender = make_op("dev-m", 3, "c-000005", "client.set", {{"gender", "bogus"}});
    check_rejected(s, gender, "err.bad_value", "gender");
    CHECK(s.server_version() == 10);
    CHECK(s.client_change("c-000005")["client"]["phones"] == before);
    CHECK(s.pull_text().find("+79120001122") == std::string::npos);
}

// [SECTION] keys and size ----------------------------------------------------------------------------------

TEST_CASE("junk keys in a payload or an op are rejected and absent from every pull; 1 MB of junk too") {
    fresh_server s;
    const std::string marker = "JUNK-MARKER";
    json small = make_op("dev-m", 1, "c-000006", "tag.add", {{"tag", "t1"}, {"junk", marker}});
    check_rejected(s, small, "err.unknown_field", "junk");
    json item_junk = make_op("dev-m", 2, "c-000006", "item.add",
                             {{"list", "emails"}, {"item", {{"address", "j@example.ru"}, {"x-" + marker, 1}}}});
    check_rejected(s, item_junk, "err.unknown_field", "x-" + marker);
    json op_junk = make_op("dev-m", 3, "c-000006", "tag.add", {{"tag", "t3"}});
    op_junk["extra-" + marker] = {{"a", 1}};
    check_rejected(s, op_junk, "err.unknown_field", "extra-" + marker);
    json create_junk = make_op("dev-m", 4, "n-junk", "client.create", {{"name", "Junk"}, {"history", marker}});
    check_rejected(s, create_junk, "err.unknown_field", "history");

    // 1 MB of junk under one key: the op is too large, whatever its keys.
    json big = make_op("dev-m", 5, "c-000006", "tag.add", {{"tag", "t5"}, {"junk", marker + std::string(1000000, 'j')}});
    check_rejected(s, big, "err.too_large", "");

    // 1,000 levels deep: refused before parsing.
    json deep = make_op("dev-m", 6, "c-000006", "tag.add", {{"tag", "t6"}, {"junk", "PLACEHOLDER"}});
    std::string body = make_batch("dev-m", {deep}).dump();
    body.replace(body.find("\"PLACEHOLDER\""), 13, "[\"" + marker + "\"," + nested_arrays(1000) + "]");
    http_answer a = post_push(*s.manager, body);
    CHECK(a.status == 400);
    CHECK(a.body["error"]["code"] == "err.bad_request");

    CHECK(s.server_version() == 10);
    const std::string all = s.pull_text();
    CHECK(all.find(marker) == std::string::npos);
    CHECK(all.find("n-junk") == std::string::npos);
    CHECK(all.size() < 100000);
}

TEST_CASE("an op over 64 KiB is rejected err.too_large even when every key is allowed") {
    fresh_server s;
    // e164 is derived by the server, so it is ignored, but the payload is kept as sent.
    json big = make_op("dev-m", 1, "c-000007", "item.add",
                       {{"list", "phones"}, {"item", {{"raw", "+7 912 345-67-00"}, {"e164", std::string(70000, '7')}}}});
    check_rejected(s, big, "err.too_large", "");
    CHECK(s.server_version() == 10);
    // Just under the limit and within every field's bound: applied.
    json fine = make_op("dev-m", 2, "c-000007", "custom.set", {{"key", "Notes"}, {"value", std::string(1000, 'n')}});
    CHECK(s.push_one(fine)["status"] == "applied");
}
