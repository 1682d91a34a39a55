// pull_test.cpp — GET /api/v1/pull and /health over real HTTP: paging, cursor, totals, limits,
// parameter and schema errors (docs/api.md).
#include <atomic>
#include <set>
#include <thread>

#include <doctest/doctest.h>

#include "test_support.hpp"

using namespace cc_test;

namespace {

// One server for the suites below that only read: seeding per test would dominate the run.
struct shared_server {
    temp_dir dir;
    std::unique_ptr<server_process> server;
    std::unique_ptr<httplib::Client> http;
    explicit shared_server(std::size_t n) {
        fs::create_directories(dir / "web");
        server = start_server(dir / "cc.db", dir / "web", n);
        http = server->client();
    }
};

}  // namespace

TEST_CASE("pull walks every client exactly once, oldest first, page by page") {
    shared_server s(300);
    std::int64_t since = 0;
    std::int64_t last_version = 0;
    std::set<std::string> ids;
    std::size_t pages = 0;
    for (;;) {
        json page = get_json(*s.http, "/api/v1/pull?since=" + std::to_string(since) + "&limit=70");
        ++pages;
        REQUIRE(pages <= 10);
        CHECK(page["schema"] == 1);
        CHECK(page["server_version"] == 300);
        CHECK(page["total"] == 300 - since);  // the demo gives versions 1..300, one per client
        CHECK(page["device_seq"] == 0);
        const json& changes = page["changes"];
        CHECK(changes.size() == std::min<std::int64_t>(70, 300 - since));
        for (const json& ch : changes) {
            std::int64_t v = ch["version"];
            CHECK(v > last_version);
            last_version = v;
            CHECK(ids.insert(ch["client"]["id"].get<std::string>()).second);
            // Each client's one entry (the import's create) is after the cursor, except on the
            // first page: a pull from 0 carries no log.
            if (since == 0) {
                CHECK(ch["history"].empty());
                continue;
            }
            REQUIRE(ch["history"].size() == 1);
            CHECK(ch["history"][0]["kind"] == "client.create");
            CHECK(ch["history"][0]["actor"] == "import");
        }
        CHECK(page["cursor"] == last_version);
        CHECK(page["has_more"] == (last_version < 300));
        since = page["cursor"];
        if (!page["has_more"].get<bool>()) break;
    }
    CHECK(pages == 5);  // 70 + 70 + 70 + 70 + 20
    CHECK(ids.size() == 300);
    CHECK(last_version == 300);

    // A first download keeps its starting cursor for the logs on every page: none at all.
    json later = get_json(*s.http, "/api/v1/pull?since=70&limit=70&history_since=0");
    CHECK(later["changes"].size() == 70);
    for (const json& ch : later["changes"]) CHECK(ch["history"].empty());
}

TEST_CASE("pull defaults, caps and edges") {
    shared_server s(2050);

    SUBCASE("no parameters: since 0, limit 500") {
        json page = get_json(*s.http, "/api/v1/pull");
        CHECK(page["changes"].size() == 500);
        CHECK(page["cursor"] == 500);
        CHECK(page["has_more"] == true);
        CHECK(page["total"] == 2050);
    }
    SUBCASE("a limit above 2000 is capped to 2000") {
        json page = get_json(*s.http, "/api/v1/pull?limit=5000");
        CHECK(page["changes"].size() == 2000);
        CHECK(page["has_more"] == true);
        json rest = get_json(*s.http, "/api/v1/pull?since=2000&limit=999999");
        CHECK(rest["changes"].size() == 50);
        CHECK(rest["has_more"] == false);
        CHECK(rest["cursor"] == 2050);
    }
    SUBCASE("limit 0 answers the counts only") {
        json page = get_json(*s.http, "/api/v1/pull?since=2040&limit=0");
        CHECK(page["changes"].empty());
        CHECK(page["total"] == 10);
        CHECK(page["has_more"] == true);
        CHECK(page["cursor"] == 2040);
    }
    SUBCASE("since at or past the newest version: an empty page that keeps the cursor") {
        for (std::int64_t since : {2050, 99999}) {
            json page = get_json(*s.http, "/api/v1/pull?since=" + std::to_string(since));
            CHECK(page["changes"].empty());
            CHECK(page["total"] == 0);
            CHECK(page["has_more"] == false);
            CHECK(page["cursor"] == since);
            CHECK(page["server_version"] == 2050);
        }
    }
    SUBCASE("health") {
        json h = get_json(*s.http, "/api/v1/health");
        CHECK(h == json{{"ok", true}, {"server_version", 2050}});
    }
}

TEST_CASE("pull refuses malformed parameters with 400 err.bad_request") {
    shared_server s(5);
    for (const char* query : {"since=-1", "since=abc", "since=", "since=1.5", "since=%2B3", "since=%201",
                              "since=99999999999999999999", "limit=-5", "limit=ten", "limit=",
                              "limit=0x10", "device=", "device=a%20b", "device=%2F..%2F"}) {
        json j = get_json(*s.http, std::string("/api/v1/pull?") + query, 400);
        INFO(std::string(query));
        CHECK(j["error"]["code"] == "err.bad_request");
        CHECK_FALSE(j["error"]["message"].get<std::string>().empty());
    }
    // A well-formed device id is accepted; it has pushed nothing yet.
    json page = get_json(*s.http, "/api/v1/pull?device=3f0c9a2e-7b1d-4c55-9e61-0a8f2d4b6c11");
    CHECK(page["device_seq"] == 0);
}

TEST_CASE("X-Schema-Version: absent or 1 accepted, anything else 400 err.schema_unsupported") {
    shared_server s(5);
    get_json(*s.http, "/api/v1/pull", 200);
    get_json(*s.http, "/api/v1/pull", 200, {{"X-Schema-Version", "1"}});
    // (An empty value never reaches the handler: cpp-httplib drops empty headers, so it counts
    // as absent.)
    for (std::string v : {"2", "0", "1.0", "one", "1, 2"}) {
        INFO("X-Schema-Version: " << v);
        json j = get_json(*s.http, "/api/v1/pull", 400, {{"X-Schema-Version", v}});
        CHECK(j["error"]["code"] == "err.schema_unsupported");
        json h = get_json(*s.http, "/api/v1/health", 400, {{"X-Schema-Version", v}});
        CHECK(h["error"]["code"] == "err.schema_unsupported");
    }
}

TEST_CASE("unknown API paths answer 404 JSON, wrong methods 405") {
    shared_server s(5);
    for (const char* path : {"/api/v1/nope", "/api/v2/pull", "/api", "/api/", "/api/v1/pull/extra"}) {
        INFO(std::string(path));
        json j = get_json(*s.http, path, 404);
        CHECK(j["error"]["code"] == "err.not_found");
    }
    auto res = s.http->Post("/api/v1/nothing", "{}", "application/json");
    REQUIRE(res);
    CHECK(res->status == 404);
    CHECK(json::parse(res->body)["error"]["code"] == "err.not_found");

    res = s.http->Post("/api/v1/pull", "{}", "application/json");
    REQUIRE(res);
    CHECK(res->status == 405);
    CHECK(res->get_header_value("Allow") == "GET, OPTIONS");
    CHECK(json::parse(res->body)["error"]["code"] == "err.method_not_allowed");
}

TEST_CASE("CORS: any origin may call the API, preflight included") {
    shared_server s(5);
    auto res = s.http->Options("/api/v1/pull", {{"Origin", "https://crm.example.com"},
                                                {"Access-Control-Request-Method", "GET"},
                                                {"Access-Control-Request-Headers", "authorization, x-schema-version"}});
    REQUIRE(res);
    CHECK(res->status == 204);
    CHECK(res->get_header_value("Access-Control-Allow-Origin") == "*");
    std::string allowed = res->get_header_value("Access-Control-Allow-Headers");
    CHECK(allowed.find("Authorization") != std::string::npos);
    CHECK(allowed.find("X-Schema-Version") != std::string::npos);
    CHECK(res->get_header_value("Access-Control-Allow-Methods").find("POST") != std::string::npos);

    res = s.http->Get("/api/v1/health", {{"Origin", "https://crm.example.com"}});
    REQUIRE(res);
    CHECK(res->get_header_value("Access-Control-Allow-Origin") == "*");
    // Errors carry the header too, or the page could not read them.
    res = s.http->Get("/api/v1/pull?since=x", {{"Origin", "https://crm.example.com"}});
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(res->get_header_value("Access-Control-Allow-Origin") == "*");
    // Static files are same-origin only.
    res = s.http->Get("/", {{"Origin", "https://crm.example.com"}});
    REQUIRE(res);
    CHECK_FALSE(res->has_header("Access-Control-Allow-Origin"));
}

TEST_CASE("pull answers are compressed when the client accepts gzip") {
    shared_server s(200);
    s.http->set_decompress(false);
    auto res = s.http->Get("/api/v1/pull", {{"Accept-Encoding", "gzip"}});
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Encoding") == "gzip");
    REQUIRE(res->body.size() > 2);
    CHECK(static_cast<unsigned char>(res->body[0]) == 0x1f);
    CHECK(static_cast<unsigned char>(res->body[1]) == 0x8b);

    // What browsers send: gzip is chosen over brotli (cpp-httplib's brotli is far too slow).
    res = s.http->Get("/api/v1/pull", {{"Accept-Encoding", "gzip, deflate, br"}});
    REQUIRE(res);
    CHECK(res->get_header_value("Content-Encoding") == "gzip");
    res = s.http->Get("/api/v1/pull", {{"Accept-Encoding", "br"}});
    REQUIRE(res);
    CHECK_FALSE(res->has_header("Content-Encoding"));
}

TEST_CASE("concurrent pulls all get complete, identical pages") {
    shared_server s(400);
    std::string expected = s.http->Get("/api/v1/pull?since=100&limit=200")->body;
    std::atomic<int> good{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&] {
            auto http = s.server->client();
            for (int i = 0; i < 10; ++i) {
                auto res = http->Get("/api/v1/pull?since=100&limit=200", {{"Accept-Encoding", "gzip"}});
                if (res && res->status == 200 && res->body == expected) ++good;
            }
        });
    for (auto& t : threads) t.join();
    CHECK(good == 80);
}
