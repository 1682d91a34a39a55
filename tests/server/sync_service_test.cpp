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
    CHECK(page["changes"][0]["history"][0]["actor"] == "Boris");
    CHECK(page["changes"][0]["history"][0]["device"] == "d1");
    CHECK(page["changes"][0]["history"][0]["version"] == 1);
    CHECK(page["changes"][0]["history"][0]["payload"] == json{{"name", "Ann"}});

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
