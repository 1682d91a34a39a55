// sync_service_test.cpp — the sync service in-process on an in-memory store, the way a
// randomized convergence test drives it: no HTTP, a fresh store per run, quickly.
#include <chrono>
#include <future>
#include <thread>

#include <doctest/doctest.h>

#include "sqlite_store.hpp"
#include "sync_service.hpp"
#include "test_support.hpp"

using namespace cc_test;
using cc::server::pull_request;
using cc::server::sqlite_store;
using cc::server::sync_service;
using cc::server::user;
using cc::server::user_role;

namespace {

const user anna{"Anna", user_role::admin};
const user boris{"Boris", user_role::manager};

}  // namespace

TEST_CASE("in-process: push and pull on a :memory: store behave as over HTTP") {
    sqlite_store store(":memory:");
    sync_service sync(store);
    json batch = make_batch("d1", {make_op("d1", 1, "x-1", "client.create", {{"name", "Ann"}}),
                                   make_op("d1", 2, "x-1", "item.add", {{"list", "emails"}, {"item", {{"address", "@"}}}}),
                                   make_op("d1", 3, "x-1", "client.delete")});
    auto r = sync.push(boris, batch);
    REQUIRE(r.status == 200);
    CHECK(r.body["results"][0]["status"] == "applied");
    CHECK(r.body["results"][0]["version"] == 1);
    CHECK(r.body["results"][1]["error"]["code"] == "err.email_invalid");
    CHECK(r.body["results"][2]["error"]["code"] == "err.forbidden");
    CHECK(r.body["device_seq"] == 3);

    auto again = sync.push(boris, batch);
    CHECK(again.body["results"][0]["status"] == "duplicate");
    CHECK(again.body["server_version"] == 1);

    json page = sync.pull({0, 500, "d1"}).parsed();
    CHECK(page["server_version"] == 1);
    CHECK(page["device_seq"] == 3);
    REQUIRE(page["changes"].size() == 1);
    // A first download carries no log but the asking device's own entries.
    REQUIRE(page["changes"][0]["history"].size() == 1);
    CHECK(page["changes"][0]["history"][0]["op_id"] == "d1:1");
    CHECK(sync.pull({0, 500, ""}).parsed()["changes"][0]["history"].empty());
    json log = json::parse(sync.history(boris, {"x-1", 0, 50}).body);
    REQUIRE(log["entries"].size() == 1);
    CHECK(log["entries"][0]["actor"] == "Boris");
    CHECK(log["entries"][0]["device"] == "d1");
    CHECK(log["entries"][0]["version"] == 1);
    CHECK(log["entries"][0]["payload"] == json{{"name", "Ann"}});

    CHECK(sync.push_text(anna, "{oops").status == 400);
    CHECK(sync.push_text(anna, std::string((1u << 20) + 1, ' ')).status == 413);
    CHECK(sync.pull({-1, 10, ""}).status == 400);
    CHECK(sync.pull({0, 10, "bad device"}).status == 400);
    CHECK(sync.me(boris).body == json{{"name", "Boris"}, {"role", "manager"}});
}

TEST_CASE("in-process: a held pull wakes when another thread pushes; stop() ends it") {
    sqlite_store store(":memory:");
    sync_service sync(store);
    auto held = std::async(std::launch::async, [&] {
        return sync.pull({0, 500, "", std::chrono::milliseconds(10000)}).parsed();
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto t = std::chrono::steady_clock::now();
    sync.push(anna, make_batch("d1", {make_op("d1", 1, "x-1", "client.create", {{"name", "Ann"}})}));
    json page = held.get();
    double wake = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
    CHECK(page["changes"].size() == 1);
    CHECK(wake < 0.5);
    MESSAGE("in-process wake latency: " << wake * 1000 << " ms");

    auto stopped = std::async(std::launch::async, [&] {
        return sync.pull({1, 500, "", std::chrono::milliseconds(10000)}).parsed();
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    t = std::chrono::steady_clock::now();
    sync.stop();
    CHECK(stopped.get()["changes"].empty());
    CHECK(std::chrono::steady_clock::now() - t < std::chrono::milliseconds(500));
}

TEST_CASE("in-process: fresh :memory: stores, each with a push and a pull, again and again") {
    constexpr int runs = 300;
    auto t = std::chrono::steady_clock::now();
    for (int i = 0; i < runs; ++i) {
        sqlite_store store(":memory:");
        sync_service sync(store);
        auto r = sync.push(anna, make_batch("d", {make_op("d", 1, "x", "client.create", {{"name", "N"}}),
                                                  make_op("d", 2, "x", "tag.add", {{"tag", "t"}})}));
        REQUIRE(r.body["server_version"] == 2);
        REQUIRE(sync.pull({0, 500, "d"}).status == 200);
    }
    double per_run_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count() / runs;
    // A figure for the log, not an assertion: speed is the benchmarks' business.
    MESSAGE("open :memory: store + push 2 ops + pull: " << per_run_ms << " ms per run");
}

TEST_CASE("in-process: temp-file stores with durable = false take pushes and keep WAL") {
    temp_dir dir;
    auto t = std::chrono::steady_clock::now();
    for (int i = 0; i < 50; ++i) {
        sqlite_store store((dir / ("s" + std::to_string(i) + ".db")).string(), {/*durable*/ false});
        sync_service sync(store);
        REQUIRE(sync.push(anna, make_batch("d", {make_op("d", 1, "x", "client.create", {{"name", "N"}})}))
                    .body["results"][0]["status"] == "applied");
    }
    double per_run_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count() / 50;
    MESSAGE("temp-file store (durable = false) + push: " << per_run_ms << " ms per run");
}

TEST_CASE("in-process: a comment's edit window runs on the server's clock, not the op's") {
    sqlite_store store(":memory:");
    sync_service sync(store);
    const std::int64_t t = 1767225600000;  // 2026-01-01T00:00:00Z
    std::int64_t now = t;
    sync.set_clock([&now] { return now; });
    auto push = [&](const user& who, const std::string& device, std::vector<json> ops) {
        auto r = sync.push(who, make_batch(device, ops));
        REQUIRE(r.status == 200);
        return r.body["results"];
    };
    push(boris, "d1", {make_op("d1", 1, "x-1", "client.create", {{"name", "Ann"}}, t)});
    // Written an hour "earlier" by the op's own account: the comment was still made now.
    auto made = push(boris, "d1", {make_record_op("d1", 2, "x-1", "comment.create", "", {{"text", "first"}}, t - 3600000)});
    REQUIRE(made[0]["status"] == "applied");
    json page = sync.pull({0, 500, ""}).parsed();
    json comment;
    for (const json& ch : page["changes"])
        if (ch.contains("record")) comment = ch["record"];
    REQUIRE(comment.is_object());
    CHECK(comment["created_at"] == t);

    // Ten minutes later, an edit that claims to be from the first second: applied, at now.
    now = t + 10 * 60000;
    auto edit = push(boris, "d1", {make_record_op("d1", 3, "x-1", "comment.edit", "comment:d1:2", {{"text", "second"}}, t)});
    CHECK(edit[0]["status"] == "applied");
    // Sixteen minutes after posting, an edit that claims to be from minute one: too late.
    now = t + 16 * 60000;
    auto late = push(boris, "d1", {make_record_op("d1", 4, "x-1", "comment.edit", "comment:d1:2", {{"text", "third"}}, t + 60000)});
    CHECK(late[0]["status"] == "rejected");
    CHECK(late[0]["error"]["code"] == "err.edit_window_closed");
    page = sync.pull({0, 500, ""}).parsed();
    for (const json& ch : page["changes"])
        if (ch.contains("record")) {
            CHECK(ch["record"]["fields"]["text"] == "second");
            CHECK(ch["record"]["fields"]["edited_at"] == t + 10 * 60000);
        }
    // The client's own ops keep a past `at` as sent (an offline edit keeps its time).
    push(boris, "d1", {make_op("d1", 5, "x-1", "client.set", {{"note", "offline"}}, t - 86400000)});
    json log = json::parse(sync.history(boris, {"x-1", 0, 1}).body);
    CHECK(log["entries"][0]["at"] == t - 86400000);
}

TEST_CASE("in-process: pulls are filtered by the role's policy; a role that reads nothing gets 403") {
    sqlite_store store(":memory:");
    sync_service sync(store);
    const user tel{"Telephony", user_role::integration};
    sync.push(boris, make_batch("d1", {make_op("d1", 1, "x-1", "client.create", {{"name", "Ann"}}),
                                       make_record_op("d1", 2, "x-1", "task.create", "", {{"title", "t"}, {"assignee", "Boris"}})}));
    pull_request as_tel{0, 500, "", std::chrono::milliseconds(0)};
    as_tel.role = user_role::integration;
    auto refused = sync.pull(as_tel);
    CHECK(refused.status == 403);
    CHECK(refused.parsed()["error"]["code"] == "err.forbidden");
    CHECK(sync.pull_as(tel, {0, 500, "tel-device"}).status == 403);
    CHECK(sync.history(tel, {"x-1", 0, 50}).status == 403);
    // pull_as takes the role from the user, whatever the request said.
    pull_request forged{0, 500, ""};
    forged.role = user_role::admin;
    CHECK(sync.pull_as(tel, forged).status == 403);
    CHECK(sync.pull_as(boris, forged).parsed()["total"] == 2);
    // An integration's call event from a manager: 403 too.
    CHECK(sync.ingest_call(boris, json{{"external_id", "1"}}).status == 403);
}
