// push_test.cpp — POST /api/v1/push over real HTTP (docs/api.md): applied, duplicate and
// rejected ops, idempotency, roles, device checks, limits, malformed batches, what pull then
// shows, and concurrent pushes.
//
// Index of this file
//   [SECTION] fixture
//   [SECTION] applied, duplicate, rejected
//   [SECTION] roles and devices
//   [SECTION] limits and malformed batches
//   [SECTION] what pull shows afterwards
//   [SECTION] concurrency
//   [SECTION] rate limit and server failures
#include <sqlite3.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include <doctest/doctest.h>

#include "test_support.hpp"

using namespace cc_test;

// [SECTION] fixture --------------------------------------------------------------------------------------

namespace {

// A fresh server with 10 demo clients (c-000001 .. c-000010, versions 1..10) per test: pushes
// change state, so tests do not share one.
struct push_server : record_server {
    json pull(const std::string& query = "since=0&limit=2000") { return record_server::pull(*admin, query); }
    // A client's current state from a full pull, and its whole log (the log endpoint: a pull
    // from 0 carries none).
    json change_of(const std::string& client_id) {
        json page = pull();  // named: a range-for over a temporary's member would dangle
        for (const json& ch : page["changes"])
            if (ch["client"]["id"] == client_id) return with_log(*admin, ch);
        FAIL("no client " << client_id);
        return {};
    }
};

}  // namespace

// [SECTION] applied, duplicate, rejected ----------------------------------------------------------------

TEST_CASE("push applies ops in order; the same batch again answers duplicate and changes nothing") {
    push_server s;
    json batch = make_batch("dev-a", {make_op("dev-a", 1, "n-1", "client.create", {{"name", "Новый Клиент"}}),
                                      make_op("dev-a", 2, "c-000001", "client.set", {{"note", "звонить утром"}}),
                                      make_op("dev-a", 3, "c-000002", "tag.add", {{"tag", "hot"}})});
    http_answer first = post_push(*s.admin, batch);
    REQUIRE(first.status == 200);
    CHECK(first.body["schema"] == 1);
    REQUIRE(first.body["results"].size() == 3);
    for (int i = 0; i < 3; ++i) {
        const json& r = first.body["results"][i];
        CHECK(r["id"] == "dev-a:" + std::to_string(i + 1));
        CHECK(r["status"] == "applied");
        CHECK(r["version"] == 11 + i);
        CHECK_FALSE(r.contains("error"));
    }
    CHECK(first.body["server_version"] == 13);
    CHECK(first.body["device_seq"] == 3);
    std::string state = s.admin->Get("/api/v1/pull?since=0&limit=2000")->body;

    for (int round = 0; round < 2; ++round) {
        http_answer again = post_push(*s.admin, batch);
        REQUIRE(again.status == 200);
        for (int i = 0; i < 3; ++i) {
            CHECK(again.body["results"][i]["status"] == "duplicate");
            CHECK(again.body["results"][i]["version"] == 11 + i);  // the version of the first time
        }
        CHECK(again.body["server_version"] == 13);
        CHECK(again.body["device_seq"] == 3);
        CHECK(s.admin->Get("/api/v1/pull?since=0&limit=2000")->body == state);
    }
    // The same op id inside one batch is applied once too.
    json twice = make_batch("dev-b", {make_op("dev-b", 1, "c-000003", "tag.add", {{"tag", "x1"}}),
                                      make_op("dev-b", 1, "c-000003", "tag.add", {{"tag", "x1"}})});
    http_answer t = post_push(*s.admin, twice);
    CHECK(t.body["results"][0]["status"] == "applied");
    CHECK(t.body["results"][1]["status"] == "duplicate");
    CHECK(t.body["results"][1]["version"] == t.body["results"][0]["version"]);
}

TEST_CASE("one invalid op is rejected with a readable reason; the others are applied") {
    push_server s;
    json batch = make_batch("dev-a", {
        make_op("dev-a", 1, "c-000001", "client.set", {{"name", "Пётр Иванов"}}),
        make_op("dev-a", 2, "c-000001", "item.add", {{"list", "emails"}, {"item", {{"address", "not-an-email"}}}}),
        make_op("dev-a", 3, "c-000001", "tag.add", {{"tag", "vip-2"}}),
        make_op("dev-a", 4, "c-000001", "client.set", {{"note", std::string(1001, 'x')}}),
        make_op("dev-a", 5, "c-404404", "client.set", {{"note", "nobody"}}),
    });
    http_answer a = post_push(*s.admin, batch);
    REQUIRE(a.status == 200);
    const json& r = a.body["results"];
    REQUIRE(r.size() == 5);
    CHECK(r[0]["status"] == "applied");
    CHECK(r[0]["version"] == 11);

    CHECK(r[1]["status"] == "rejected");
    CHECK(r[1]["version"] == 0);
    CHECK(r[1]["error"]["code"] == "err.email_invalid");
    CHECK(r[1]["error"]["field"] == "emails");
    CHECK(r[1]["error"]["message"].get<std::string>().find("not-an-email") != std::string::npos);

    CHECK(r[2]["status"] == "applied");
    CHECK(r[2]["version"] == 12);

    CHECK(r[3]["status"] == "rejected");
    CHECK(r[3]["error"]["code"] == "err.too_long");
    CHECK(r[3]["error"]["field"] == "note");
    CHECK(r[3]["error"]["detail"] == "1000");
    CHECK(r[3]["error"]["message"] == "note is too long: at most 1000 characters");

    CHECK(r[4]["status"] == "rejected");
    CHECK(r[4]["error"]["code"] == "err.not_found");

    CHECK(a.body["server_version"] == 12);
    CHECK(a.body["device_seq"] == 5);  // rejected ops count as processed

    json c = s.change_of("c-000001")["client"];
    CHECK(c["name"] == "Пётр Иванов");
    for (const json& e : c["emails"]) CHECK(e["address"] != "not-an-email");
    CHECK(c["note"].get<std::string>().size() < 1001);
}

TEST_CASE("an op id that was rejected is rejected again, with the same error, never applied") {
    push_server s;
    json bad = make_op("dev-a", 1, "c-000001", "item.add", {{"list", "emails"}, {"item", {{"address", "a@"}}}});
    http_answer first = post_push(*s.admin, make_batch("dev-a", {bad}));
    REQUIRE(first.body["results"][0]["status"] == "rejected");
    json error = first.body["results"][0]["error"];
    CHECK(error["code"] == "err.email_invalid");

    http_answer again = post_push(*s.admin, make_batch("dev-a", {bad}));
    CHECK(again.body["results"][0]["status"] == "rejected");
    CHECK(again.body["results"][0]["version"] == 0);
    CHECK(again.body["results"][0]["error"] == error);
    CHECK(again.body["server_version"] == 10);

    // Same id, payload now valid: another op under a used id is refused as such (a fixed op
    // needs a new id), and the id stays rejected.
    json fixed = bad;
    fixed["payload"]["item"]["address"] = "a@example.com";
    http_answer reused = post_push(*s.admin, make_batch("dev-a", {fixed}));
    CHECK(reused.body["results"][0]["status"] == "rejected");
    CHECK(reused.body["results"][0]["error"]["code"] == "err.op_id_reused");
    CHECK(post_push(*s.admin, make_batch("dev-a", {bad})).body["results"][0]["error"] == error);
    json after = s.change_of("c-000001");
    for (const json& e : after["client"]["emails"]) CHECK(e["address"] != "a@example.com");
}

TEST_CASE("an empty batch answers the device's last seq and the server version") {
    push_server s;
    post_push(*s.admin, make_batch("dev-a", {make_op("dev-a", 7, "c-000001", "tag.add", {{"tag", "t"}})}));
    http_answer a = post_push(*s.admin, make_batch("dev-a", {}));
    CHECK(a.status == 200);
    CHECK(a.body["results"].empty());
    CHECK(a.body["device_seq"] == 7);
    CHECK(a.body["server_version"] == 11);
    CHECK(post_push(*s.admin, make_batch("dev-new", {})).body["device_seq"] == 0);
}

// [SECTION] roles and devices -----------------------------------------------------------------------------

TEST_CASE("a manager may not delete a client (err.forbidden); an admin may") {
    push_server s;
    http_answer m = post_push(*s.manager, make_batch("dev-m", {make_op("dev-m", 1, "c-000003", "client.delete"),
                                                               make_op("dev-m", 2, "c-000003", "tag.add", {{"tag", "ok"}})}));
    REQUIRE(m.status == 200);
    CHECK(m.body["results"][0]["status"] == "rejected");
    CHECK(m.body["results"][0]["error"]["code"] == "err.forbidden");
    CHECK(m.body["results"][0]["error"]["message"].get<std::string>().find("admin") != std::string::npos);
    CHECK(m.body["results"][1]["status"] == "applied");  // a manager may edit
    CHECK(s.change_of("c-000003")["client"]["deleted"] == false);

    http_answer a = post_push(*s.admin, make_batch("dev-a", {make_op("dev-a", 1, "c-000003", "client.delete")}));
    CHECK(a.body["results"][0]["status"] == "applied");
    json ch = s.change_of("c-000003");
    CHECK(ch["client"]["deleted"] == true);  // a tombstone
    CHECK(ch["history"][0]["kind"] == "client.delete");
    CHECK(ch["history"][0]["actor"] == "Anna");
}

TEST_CASE("an op from another device than the batch's is rejected; the rest is applied") {
    push_server s;
    http_answer a = post_push(*s.admin, make_batch("dev-a", {make_op("dev-a", 1, "c-000001", "tag.add", {{"tag", "a"}}),
                                                             make_op("dev-z", 1, "c-000001", "tag.add", {{"tag", "z"}})}));
    REQUIRE(a.status == 200);
    CHECK(a.body["results"][0]["status"] == "applied");
    CHECK(a.body["results"][1]["status"] == "rejected");
    CHECK(a.body["results"][1]["error"]["code"] == "err.bad_request");
    CHECK(a.body["results"][1]["error"]["message"].get<std::string>().find("dev-z") != std::string::npos);
    CHECK(s.pull("since=0&limit=0&device=dev-z")["device_seq"] == 0);  // dev-z's seqs untouched
    CHECK(s.pull("since=0&limit=0&device=dev-a")["device_seq"] == 1);
}

TEST_CASE("a seq the device already used for another op is rejected: an op id is its own <device>:<seq>") {
    push_server s;
    post_push(*s.admin, make_batch("dev-a", {make_op("dev-a", 1, "c-000001", "tag.add", {{"tag", "a"}})}));
    json other = make_op("dev-a", 1, "c-000001", "tag.add", {{"tag", "b"}});
    other["id"] = "dev-a:something-else";
    http_answer a = post_push(*s.admin, make_batch("dev-a", {other}));
    REQUIRE(a.status == 200);
    CHECK(a.body["results"][0]["status"] == "rejected");
    CHECK(a.body["results"][0]["error"]["code"] == "err.op_id_mismatch");
    CHECK(a.body["results"][0]["error"]["detail"] == "dev-a:1");
    CHECK(a.body["server_version"] == 11);
}

// [SECTION] limits and malformed batches -----------------------------------------------------------------

TEST_CASE("limits: a body above 1 MiB and more than 500 ops are refused whole (413)") {
    push_server s;
    auto padded = [](json batch, std::size_t size) {
        std::string body = batch.dump();
        body.insert(body.size() - 1, size - body.size(), ' ');  // whitespace inside the object
        return body;
    };
    json one = make_batch("dev-a", {make_op("dev-a", 1, "c-000001", "tag.add", {{"tag", "big"}})});

    http_answer big = post_push(*s.admin, padded(one, (1u << 20) + 1));
    CHECK(big.status == 413);
    CHECK(big.body["error"]["code"] == "err.too_large");
    CHECK(s.server_version() == 10);
    CHECK(s.pull("limit=0&device=dev-a")["device_seq"] == 0);

    // Exactly 1 MiB is accepted.
    http_answer fits = post_push(*s.admin, padded(one, 1u << 20));
    CHECK(fits.status == 200);
    CHECK(fits.body["results"][0]["status"] == "applied");

    std::vector<json> ops;
    for (int i = 1; i <= 501; ++i)
        ops.push_back(make_op("dev-b", i, "c-00000" + std::to_string(1 + i % 9), "client.set",
                              {{"note", "n" + std::to_string(i)}}));
    http_answer many = post_push(*s.admin, make_batch("dev-b", ops));
    CHECK(many.status == 413);
    CHECK(many.body["error"]["code"] == "err.too_many_ops");
    CHECK(many.body["error"]["message"].get<std::string>().find("500") != std::string::npos);
    CHECK(s.server_version() == 11);

    ops.pop_back();  // 500 is fine
    http_answer full = post_push(*s.admin, make_batch("dev-b", ops));
    CHECK(full.status == 200);
    CHECK(full.body["results"].size() == 500);
    CHECK(full.body["server_version"] == 511);
}

TEST_CASE("malformed JSON and batches of the wrong shape are refused whole (400)") {
    push_server s;
    json good = make_op("dev-a", 1, "c-000001", "tag.add", {{"tag", "must-not-land"}});
    auto without = [&](const char* key) { json o = make_op("dev-a", 2, "c-000001", "tag.add", {{"tag", "x"}}); o.erase(key); return o; };
    json wrong_seq = make_op("dev-a", 2, "c-000001", "tag.add", {{"tag", "x"}});
    wrong_seq["seq"] = "two";
    json wrong_at = make_op("dev-a", 2, "c-000001", "tag.add", {{"tag", "x"}});
    wrong_at["at"] = "noon";

    std::vector<std::string> bodies = {
        "{not json",
        "",
        "[]",
        "{\"schema\":1,\"device\":\"dev-a\"}",
        "{\"schema\":1,\"device\":\"dev-a\",\"ops\":{}}",
        "{\"schema\":1,\"ops\":[]}",
        "{\"schema\":1,\"device\":\"bad device!\",\"ops\":[]}",
        make_batch("dev-a", {good, 42}).dump(),
        make_batch("dev-a", {good, without("id")}).dump(),
        make_batch("dev-a", {good, without("kind")}).dump(),
        make_batch("dev-a", {good, without("client_id")}).dump(),
        make_batch("dev-a", {good, without("seq")}).dump(),
        make_batch("dev-a", {good, wrong_seq}).dump(),
        make_batch("dev-a", {good, wrong_at}).dump(),
        make_batch("dev-a", {good}).dump().substr(0, 60),  // cut off
    };
    for (const std::string& body : bodies) {
        INFO("body: " << body.substr(0, 120));
        http_answer a = post_push(*s.admin, body);
        CHECK(a.status == 400);
        CHECK(a.body["error"]["code"] == "err.bad_request");
        CHECK_FALSE(a.body["error"]["message"].get<std::string>().empty());
    }
    CHECK(s.server_version() == 10);
    CHECK(s.pull("limit=0&device=dev-a")["device_seq"] == 0);
}

TEST_CASE("a schema other than 1, in the body or the header, is refused (400 err.schema_unsupported)") {
    push_server s;
    json batch = make_batch("dev-a", {make_op("dev-a", 1, "c-000001", "tag.add", {{"tag", "x"}})});
    for (json schema : {json(2), json("1"), json(0), json(nullptr)}) {
        json b = batch;
        b["schema"] = schema;
        http_answer a = post_push(*s.admin, b);
        CHECK(a.status == 400);
        CHECK(a.body["error"]["code"] == "err.schema_unsupported");
    }
    http_answer h = post_push(*s.admin, batch.dump(), {{"X-Schema-Version", "2"}});
    CHECK(h.status == 400);
    CHECK(h.body["error"]["code"] == "err.schema_unsupported");
    CHECK(s.server_version() == 10);
    // Header 1 and body 1 together are fine.
    CHECK(post_push(*s.admin, batch.dump(), {{"X-Schema-Version", "1"}}).status == 200);
}

// [SECTION] what pull shows afterwards ----------------------------------------------------------------------

TEST_CASE("pull shows pushed changes: actor is the user's name, history has device, version and payload") {
    push_server s;
    auto vera = s.server->client(manager2_token);
    json set = make_op("dev-v", 1, "c-000004", "client.set", {{"city", "Тестоград"}}, 1712345678901);
    set["actor"] = "Mallory";  // ignored: the token says who it is
    http_answer a = post_push(*vera, make_batch("dev-v", {set}));
    REQUIRE(a.body["results"][0]["status"] == "applied");

    json page = get_json(*vera, "/api/v1/pull?since=10&device=dev-v");
    CHECK(page["device_seq"] == 1);
    CHECK(page["server_version"] == 11);
    CHECK(page["cursor"] == 11);
    REQUIRE(page["changes"].size() == 1);
    const json& ch = page["changes"][0];
    CHECK(ch["version"] == 11);
    CHECK(ch["client"]["id"] == "c-000004");
    CHECK(ch["client"]["city"] == "Тестоград");
    REQUIRE(ch["history"].size() == 1);  // the entries after the cursor: the new one only
    const json& h = ch["history"][0];
    CHECK(h["op_id"] == "dev-v:1");
    CHECK(h["actor"] == "Vera");
    CHECK(h["at"] == 1712345678901);  // the client's time is kept
    CHECK(h["kind"] == "client.set");
    CHECK(h["device"] == "dev-v");
    CHECK(h["version"] == 11);
    CHECK(h["payload"] == json{{"city", "Тестоград"}});
    REQUIRE(h["changes"].size() == 1);
    CHECK(h["changes"][0]["field"] == "city");
    CHECK(h["changes"][0]["new"] == "Тестоград");
    // The whole log, newest first: the new entry, then the import's.
    const json log = client_log(*vera, "c-000004");
    REQUIRE(log.size() == 2);
    CHECK(log[0] == h);
    const json& seeded = log[1];
    CHECK(seeded["actor"] == "import");
    CHECK(seeded["device"] == "import");
    CHECK(seeded["version"] == 4);
    CHECK(seeded["kind"] == "client.create");

    // Another device sees the change but its own device_seq.
    json other = get_json(*s.admin, "/api/v1/pull?since=10&device=dev-other");
    CHECK(other["changes"].size() == 1);
    CHECK(other["device_seq"] == 0);
}

TEST_CASE("item ops: the element id is the op id; update and remove find it") {
    push_server s;
    json add = make_op("dev-a", 1, "c-000005", "item.add",
                       {{"list", "phones"}, {"item", {{"type", "work"}, {"raw", "8 (912) 345-67-89"}}}});
    json upd = make_op("dev-a", 2, "c-000005", "item.update",
                       {{"list", "phones"}, {"id", "dev-a:1"}, {"item", {{"type", "home"}}}});
    http_answer a = post_push(*s.admin, make_batch("dev-a", {add, upd}));
    CHECK(a.body["results"][0]["status"] == "applied");
    CHECK(a.body["results"][1]["status"] == "applied");
    bool found = false;
    json ch = s.change_of("c-000005");
    for (const json& p : ch["client"]["phones"])
        if (p["id"] == "dev-a:1") {
            found = true;
            CHECK(p["e164"] == "+79123456789");
            CHECK(p["type"] == "home");
        }
    CHECK(found);
    json rm = make_op("dev-a", 3, "c-000005", "item.remove", {{"list", "phones"}, {"id", "dev-a:1"}});
    CHECK(post_push(*s.admin, make_batch("dev-a", {rm})).body["results"][0]["status"] == "applied");
}

// [SECTION] concurrency -------------------------------------------------------------------------------------

TEST_CASE("concurrent pushes from several threads never share a version") {
    push_server s;
    constexpr int threads = 4, batches = 15, per_batch = 4;
    std::mutex m;
    std::vector<std::int64_t> versions;
    std::atomic<int> failures{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            auto http = s.server->client(t % 2 ? manager_token : admin_token);
            std::string device = "dev-" + std::to_string(t);
            for (int b = 0; b < batches; ++b) {
                json ops = json::array();
                for (int k = 0; k < per_batch; ++k) {
                    int seq = b * per_batch + k + 1;
                    ops.push_back(make_op(device, seq, "c-00000" + std::to_string(1 + (seq + t) % 9), "client.set",
                                          {{"note", device + " " + std::to_string(seq)}}));
                }
                auto res = http->Post("/api/v1/push", json{{"schema", 1}, {"device", device}, {"ops", ops}}.dump(),
                                      "application/json");
                if (!res || res->status != 200) { ++failures; continue; }
                json body = json::parse(res->body);
                std::lock_guard<std::mutex> lock(m);
                for (const json& r : body["results"])
                    if (r["status"] == "applied") versions.push_back(r["version"]);
                    else ++failures;
            }
        });
    for (auto& t : pool) t.join();
    CHECK(failures == 0);
    REQUIRE(versions.size() == threads * batches * per_batch);
    std::set<std::int64_t> unique(versions.begin(), versions.end());
    CHECK(unique.size() == versions.size());
    CHECK(*unique.begin() == 11);
    CHECK(*unique.rbegin() == 10 + threads * batches * per_batch);  // no gaps either
    for (int t = 0; t < threads; ++t)  // asked by each device's owner (another user's is 403)
        CHECK(get_json(t % 2 ? *s.manager : *s.admin, "/api/v1/pull?limit=0&device=dev-" + std::to_string(t))["device_seq"] ==
              batches * per_batch);
}

// [SECTION] rate limit and server failures ------------------------------------------------------------------

TEST_CASE("a burst of pushes from one user is answered 429 err.rate_limited with retry_after; others are not slowed") {
    push_server s;
    // The default bucket holds 100 pushes and refills 5 a second: 150 pushes sent back to back
    // must meet the limit (they would need 10 s to stay under it).
    // Mostly empty batches (no commit to wait for); every 10th carries an op.
    int accepted = 0, limited = 0, ops_accepted = 0;
    http_answer first_limited;
    for (int i = 1; i <= 150; ++i) {
        std::vector<json> ops;
        if (i % 10 == 0) ops.push_back(make_op("dev-m", i, "c-000001", "custom.set", {{"key", "n"}, {"value", std::to_string(i)}}));
        http_answer a = post_push(*s.manager, make_batch("dev-m", ops));
        if (a.status == 200) {
            ++accepted;
            ops_accepted += static_cast<int>(ops.size());
        } else if (a.status == 429 && ++limited == 1) {
            first_limited = a;
        }
    }
    CHECK(limited > 0);
    CHECK(accepted >= 100);
    CHECK(accepted + limited == 150);
    CHECK(first_limited.body["error"]["code"] == "err.rate_limited");
    CHECK(first_limited.body["error"]["message"].get<std::string>().find("try again") != std::string::npos);
    // A refused push applied nothing: the server has exactly the ops of the accepted ones.
    CHECK(s.server_version() == 10 + ops_accepted);
    // Another user's pushes go through at once.
    CHECK(post_push(*s.admin, make_batch("dev-a", {})).status == 200);
}

TEST_CASE("a 500 names no SQL: the cause goes to stderr under a reference the answer quotes; nothing is applied") {
    push_server s;
    REQUIRE(post_push(*s.admin, make_batch("dev-a", {make_op("dev-a", 1, "c-000001", "tag.add", {{"tag", "a"}})})).status == 200);
    // Break the database under the running server, as a bad migration or a hand edit would:
    // the history table goes away.
    auto sql = [&](const char* text) {
        sqlite3* h = nullptr;
        REQUIRE(sqlite3_open((s.dir / "cc.db").string().c_str(), &h) == SQLITE_OK);
        sqlite3_busy_timeout(h, 5000);
        CHECK(sqlite3_exec(h, text, nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(h);
    };
    sql("ALTER TABLE history RENAME TO history_moved");

    json op = make_op("dev-a", 2, "c-000002", "tag.add", {{"tag", "b"}});
    http_answer failed = post_push(*s.admin, make_batch("dev-a", {op}));
    auto res = s.admin->Get("/api/v1/pull?since=1&limit=5");  // after a cursor: the page reads the logs
    REQUIRE(res);
    for (const std::string& body : {failed.body.dump(), res->body}) {
        CAPTURE(body);
        for (const char* internal : {"history", "INSERT", "SELECT", "sqlite", "database", "no such table"})
            CHECK(body.find(internal) == std::string::npos);
    }
    CHECK(failed.status == 500);
    CHECK(res->status == 500);
    CHECK(failed.body["error"]["code"] == "err.internal");
    const std::string message = failed.body["error"]["message"];
    CHECK(message.rfind("the server failed; nothing was applied (ref ", 0) == 0);
    const std::string ref = message.substr(message.find("(ref ") + 5, 8);
    // The operator finds the cause by the reference.
    const std::string log = s.server->errors();
    const auto at = log.find(ref);
    REQUIRE(at != std::string::npos);
    CHECK(log.find("no such table", at) != std::string::npos);

    sql("ALTER TABLE history_moved RENAME TO history");
    http_answer again = post_push(*s.admin, make_batch("dev-a", {op}));
    CHECK(again.body["results"][0]["status"] == "applied");  // nothing of the failed batch was kept
}
