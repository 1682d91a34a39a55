// static_test.cpp — the web build served from --web-root: MIME types, CSP, caching, gzip, and
// no way out of the root.
#include <doctest/doctest.h>

#include "test_support.hpp"

using namespace cc_test;

namespace {

// A web root with one file of each kind the app ships, and a secret next to (not inside) it.
struct site {
    temp_dir dir;
    std::string wasm;  // compressible bytes, big enough to be worth gzip
    std::unique_ptr<server_process> server;
    std::unique_ptr<httplib::Client> http;

    site() {
        fs::path web = dir / "web";
        for (int i = 0; i < 4000; ++i) wasm += std::string("\0asm\x01\0\0\0", 8) + std::to_string(i % 17);
        write_file(web / "index.html", "<!doctype html><title>ClientCard</title><script src=app.js></script>");
        write_file(web / "app.js", "console.log('card');\n" + std::string(3000, ' ') + "// end\n");
        write_file(web / "app.wasm", wasm);
        write_file(web / "style.css", "body { margin: 0 }\n");
        write_file(web / "fonts/NotoSans.ttf", std::string(2000, 'F'));
        write_file(web / "manifest.webmanifest", "{\"name\":\"ClientCard\"}");
        write_file(web / "icon.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
        write_file(web / "icon.png", "\x89PNG\r\n\x1a\n");
        write_file(web / "config.json", "{}");
        write_file(web / "sw.js", "self.addEventListener('fetch', () => {});");
        write_file(web / "embed/index.html", "<!doctype html><p>embed</p>");
        write_file(web / ".env", "TOKEN=hidden");
        write_file(dir / "secret.txt", "TOP-SECRET");
        server = start_server(dir / "cc.db", web, 3);
        http = server->client();
    }
};

}  // namespace

TEST_CASE("static files go out with the right MIME types") {
    site s;
    struct expect { const char* path; const char* type; };
    for (const expect& e : {expect{"/", "text/html; charset=utf-8"},
                            expect{"/index.html", "text/html; charset=utf-8"},
                            expect{"/app.js", "text/javascript"},
                            expect{"/sw.js", "text/javascript"},
                            expect{"/app.wasm", "application/wasm"},
                            expect{"/style.css", "text/css"},
                            expect{"/fonts/NotoSans.ttf", "font/ttf"},
                            expect{"/manifest.webmanifest", "application/manifest+json"},
                            expect{"/icon.svg", "image/svg+xml"},
                            expect{"/icon.png", "image/png"},
                            expect{"/config.json", "application/json"},
                            expect{"/embed/", "text/html; charset=utf-8"}}) {
        INFO(std::string(e.path));
        auto res = s.http->Get(e.path);
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->get_header_value("Content-Type") == e.type);
        CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
    }
    auto res = s.http->Get("/app.wasm");
    REQUIRE(res);
    CHECK(res->body == s.wasm);
}

TEST_CASE("pages carry the Content-Security-Policy; index.html and sw.js are never cached blind") {
    site s;
    auto res = s.http->Get("/");
    REQUIRE(res);
    CHECK(res->get_header_value("Content-Security-Policy") ==
          "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
          "img-src 'self' https: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
          "frame-ancestors *");
    CHECK(res->get_header_value("Cache-Control") == "no-cache");
    res = s.http->Get("/sw.js");
    REQUIRE(res);
    CHECK(res->get_header_value("Cache-Control") == "no-cache");
    CHECK_FALSE(res->has_header("Content-Security-Policy"));

    SUBCASE("a matching ETag gets 304") {
        std::string etag = res->get_header_value("ETag");
        REQUIRE_FALSE(etag.empty());
        auto again = s.http->Get("/sw.js", {{"If-None-Match", etag}});
        REQUIRE(again);
        CHECK(again->status == 304);
        CHECK(again->body.empty());
    }
}

TEST_CASE("static files are gzip-compressed when the browser accepts it") {
    site s;
    s.http->set_decompress(false);
    for (const char* path : {"/app.wasm", "/app.js", "/fonts/NotoSans.ttf"}) {
        INFO(std::string(path));
        auto res = s.http->Get(path, {{"Accept-Encoding", "gzip, deflate, br"}});
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->get_header_value("Content-Encoding") == "gzip");
        CHECK(res->get_header_value("Vary").find("Accept-Encoding") != std::string::npos);
        REQUIRE(res->body.size() > 2);
        CHECK(static_cast<unsigned char>(res->body[0]) == 0x1f);
        CHECK(static_cast<unsigned char>(res->body[1]) == 0x8b);

        auto plain = s.http->Get(path, {{"Accept-Encoding", "identity"}});
        REQUIRE(plain);
        CHECK_FALSE(plain->has_header("Content-Encoding"));
    }
    // Decompressed, the module is byte for byte the file (twice: the second answer is cached).
    s.http->set_decompress(true);
    for (int i = 0; i < 2; ++i) {
        auto res = s.http->Get("/app.wasm", {{"Accept-Encoding", "gzip"}});
        REQUIRE(res);
        CHECK(res->body == s.wasm);
    }
    // Already-compressed formats go out as they are.
    auto png = s.http->Get("/icon.png", {{"Accept-Encoding", "gzip"}});
    REQUIRE(png);
    CHECK_FALSE(png->has_header("Content-Encoding"));
}

TEST_CASE("no path leads out of the web root") {
    site s;
    for (const char* line : {"GET /../secret.txt HTTP/1.1", "GET /%2e%2e/secret.txt HTTP/1.1",
                             "GET /embed/../../secret.txt HTTP/1.1", "GET /..%2fsecret.txt HTTP/1.1",
                             "GET /%2E%2E%2Fsecret.txt HTTP/1.1", "GET /..\\secret.txt HTTP/1.1",
                             "GET /.env HTTP/1.1", "GET /embed/%2e%2e/%2e%2e/secret.txt HTTP/1.1"}) {
        INFO(std::string(line));
        std::string raw = raw_request(s.server->port(), line);
        int status = status_of(raw);
        CHECK((status == 400 || status == 404));
        CHECK(raw.find("TOP-SECRET") == std::string::npos);
        CHECK(raw.find("TOKEN=hidden") == std::string::npos);
    }
    // A symlink that points out of the root is not followed either.
    std::error_code ec;
    fs::create_symlink(s.dir / "secret.txt", s.dir / "web" / "link.txt", ec);
    if (!ec) {
        auto res = s.http->Get("/link.txt");
        REQUIRE(res);
        CHECK(res->status == 404);
        CHECK(res->body.find("TOP-SECRET") == std::string::npos);
    }
}

TEST_CASE("missing files, folders and a missing web root") {
    site s;
    auto res = s.http->Get("/nothing-here.js");
    REQUIRE(res);
    CHECK(res->status == 404);
    res = s.http->Get("/embed");
    REQUIRE(res);
    CHECK(res->status == 301);
    CHECK(res->get_header_value("Location") == "/embed/");

    temp_dir empty;
    auto bare = start_server(empty / "cc.db", empty / "no-such-dir", 1);
    auto http = bare->client();
    res = http->Get("/");
    REQUIRE(res);
    CHECK(res->status == 404);
    CHECK(res->body.find("--web-root") != std::string::npos);
    // The API works without a web build.
    CHECK(get_json(*http, "/api/v1/health")["ok"] == true);
    CHECK(bare->errors().find("web root") != std::string::npos);
}
