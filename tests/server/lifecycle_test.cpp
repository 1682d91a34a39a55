// lifecycle_test.cpp — the process: command line, seeding once, determinism, restarts on the
// same database, clean stops on SIGTERM and SIGINT.
#include <signal.h>

#include <doctest/doctest.h>

#include "test_support.hpp"

using namespace cc_test;

TEST_CASE("two fresh databases are seeded identically") {
    temp_dir a, b;
    auto one = start_server(a / "cc.db", a / "web", 400);
    auto two = start_server(b / "cc.db", b / "web", 400);
    auto h1 = one->client();
    auto h2 = two->client();
    for (const char* page : {"/api/v1/pull?limit=150", "/api/v1/pull?since=150&limit=150",
                             "/api/v1/pull?since=300&limit=150"}) {
        auto r1 = h1->Get(page);
        auto r2 = h2->Get(page);
        REQUIRE(r1);
        REQUIRE(r2);
        CHECK(r1->status == 200);
        CHECK(r1->body == r2->body);
    }
}

TEST_CASE("a restart on the same database keeps the data and does not seed again") {
    temp_dir dir;
    std::string before;
    {
        auto first = start_server(dir / "cc.db", dir / "web", 60);
        auto http = first->client();
        auto res = http->Get("/api/v1/pull?limit=2000");
        REQUIRE(res);
        before = res->body;
        CHECK(first->stop(SIGTERM) == 0);
    }
    // Asking for more demo clients does not matter: the database is not empty.
    auto second = start_server(dir / "cc.db", dir / "web", 500);
    auto http = second->client();
    auto res = http->Get("/api/v1/pull?limit=2000");
    REQUIRE(res);
    CHECK(res->body == before);
    json page = json::parse(res->body);
    CHECK(page["total"] == 60);
    CHECK(page["server_version"] == 60);
    CHECK(second->output().find("opened") != std::string::npos);
}

TEST_CASE("SIGTERM and SIGINT stop the server cleanly") {
    for (int sig : {SIGTERM, SIGINT}) {
        temp_dir dir;
        auto s = start_server(dir / "cc.db", dir / "web", 5);
        CHECK(s->stop(sig) == 0);
        CHECK(s->output().find("ClientCard server: stopped") != std::string::npos);
        // Closed cleanly: the WAL was folded back into the database file.
        std::error_code ec;
        auto wal = fs::file_size(dir / "cc.db-wal", ec);
        CHECK((ec || wal == 0));
    }
}

TEST_CASE("--demo-clients 0 starts with an empty database") {
    temp_dir dir;
    auto s = start_server(dir / "cc.db", dir / "web", 0);
    auto http = s->client();
    json page = get_json(*http, "/api/v1/pull");
    CHECK(page["changes"].empty());
    CHECK(page["server_version"] == 0);
    CHECK(page["has_more"] == false);
}

TEST_CASE("a wrong command line exits with status 2 and says what is wrong") {
    struct bad { std::vector<std::string> args; const char* says; };
    for (const bad& b : {bad{{"--port", "http"}, "--port"}, bad{{"--demo-clients", "-3"}, "--demo-clients"},
                         bad{{"--frobnicate"}, "unknown option --frobnicate"}, bad{{"--db"}, "needs a value"},
                         bad{{"stray"}, "unexpected argument"}}) {
        server_process p;
        CHECK_FALSE(p.start(b.args));
        CHECK(p.wait_exit() == 2);
        INFO(p.errors());
        CHECK(p.errors().find(b.says) != std::string::npos);
        CHECK(p.errors().find("usage:") != std::string::npos);
    }
}

TEST_CASE("a port in use and a broken database file are reported, exit 1") {
    temp_dir dir;
    auto first = start_server(dir / "a.db", dir / "web", 1);

    server_process clash;
    // --port comes after the helper's "--port 0": the last one wins.
    if (clash.start({"--db", (dir / "b.db").string(), "--port", std::to_string(first->port())})) {
        FAIL_CHECK("a second server listens on the port of the first");
        clash.stop();
    } else {
        CHECK(clash.wait_exit() == 1);
        CHECK(clash.errors().find("cannot listen") != std::string::npos);
    }

    write_file(dir / "junk.db", std::string(4096, 'x'));
    server_process junk;
    CHECK_FALSE(junk.start({"--db", (dir / "junk.db").string()}));
    CHECK(junk.wait_exit() == 1);
    CHECK(junk.errors().find("junk.db") != std::string::npos);
}
