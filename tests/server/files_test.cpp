// files_test.cpp — the file store over real HTTP (docs/api.md, "Files"): upload and download
// byte for byte, one copy per content, every Range form, HEAD, 304, the size and type limits,
// the per-user byte rate, a full disk, auth and tickets, ids that try to leave the folder,
// CORS, bounded memory, and slow bodies. Most cases run the server binary; the few that need a
// short deadline or ticket lifetime run the same server_app in-process (`in_process` below).
//
// Index of this file
//   [SECTION] helpers: sample files, uploads, the folder on disk
//   [SECTION] the in-process server
//   [SECTION] upload and download
//   [SECTION] Range, HEAD, 304
//   [SECTION] limits: size, type, rate, a full disk
//   [SECTION] auth and tickets
//   [SECTION] ids that try to leave the folder
//   [SECTION] CORS
//   [SECTION] streaming: memory stays bounded; slow bodies meet the deadline
#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstring>
#include <future>
#include <tuple>
#include <thread>

#include <doctest/doctest.h>

#include "blob_api.hpp"
#include "blob_store.hpp"
#include "http_api.hpp"
#include "http_server.hpp"
#include "sqlite_store.hpp"
#include "static_files.hpp"
#include "sync_service.hpp"
#include "test_support.hpp"
#include "users.hpp"
#include "worker_pool.hpp"

using namespace cc_test;
using steady = std::chrono::steady_clock;

// [SECTION] helpers: sample files, uploads, the folder on disk ----------------------------------------------

namespace {

// Bytes that do not compress and differ per seed (xorshift).
std::string noise(std::size_t n, std::uint32_t seed) {
    std::string out(n, '\0');
    std::uint32_t x = seed * 2654435761u + 1;
    for (std::size_t i = 0; i < n; ++i) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        out[i] = static_cast<char>(x >> 24);
    }
    return out;
}

// A file of `n` bytes of each allowed family: its magic number, then noise.
std::string sample(const std::string& magic, std::size_t n, std::uint32_t seed = 1) {
    return magic + noise(n - magic.size(), seed);
}
const std::string mp3_magic("ID3\x04\x00\x00\x00\x00\x00\x00", 10);
const std::string png_magic("\x89PNG\r\n\x1a\n", 8);
const std::string pdf_magic("%PDF-1.7\n");

std::string text_of(std::size_t n) {
    std::string out;
    const std::string line = "Звонок клиенту, 12:30 — перезвонить завтра.\n";
    while (out.size() + line.size() <= n) out += line;
    out += std::string(n - out.size(), '.');
    return out;
}

std::string sha256(const std::string& bytes) { return cc::server::token_hash(bytes); }  // hex SHA-256

std::string percent_encode(const std::string& s) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '.' || c == '-' || c == '_') out += static_cast<char>(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

struct answer {
    int status = 0;
    json body;
    httplib::Headers headers;
    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

answer upload(httplib::Client& c, const std::string& bytes, const std::string& type, const std::string& name = "") {
    httplib::Headers h;
    if (!name.empty()) h.emplace("X-File-Name", name);
    auto res = c.Post("/api/v1/files", h, bytes, type.c_str());
    REQUIRE(res);
    INFO("upload answered " << res->status << ": " << res->body.substr(0, 300));
    CHECK(res->get_header_value("Content-Type") == "application/json");
    answer a{res->status, json::parse(res->body, nullptr, false), res->headers};
    REQUIRE_FALSE(a.body.is_discarded());
    return a;
}

std::string error_code_of(const json& j) {
    if (!j.is_object() || !j.contains("error") || !j.at("error").is_object()) return "";
    return j.at("error").value("code", "");
}
std::string error_code_of(const std::string& body) { return error_code_of(json::parse(body, nullptr, false)); }
std::string error_code(const answer& a) { return error_code_of(a.body); }

// Regular files in a files folder: stored (under ab/) and in progress (under tmp/).
std::size_t stored_files(const fs::path& files) {
    std::size_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(files))
        if (e.is_regular_file() && e.path().parent_path().filename() != "tmp") ++n;
    return n;
}
std::size_t temp_files(const fs::path& files) {
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(files / "tmp")) n += e.is_regular_file();
    return n;
}

// Waits up to `seconds` for `ok()`.
template <class F>
bool eventually(F ok, double seconds = 3) {
    auto end = steady::now() + std::chrono::duration<double>(seconds);
    while (!ok()) {
        if (steady::now() > end) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

bool send_all(int fd, const std::string& data) {
    std::size_t at = 0;
    while (at < data.size()) {
        ssize_t n = ::send(fd, data.data() + at, data.size() - at, MSG_NOSIGNAL);
        if (n <= 0) return false;
        at += static_cast<std::size_t>(n);
    }
    return true;
}

bool closed_by_peer(int fd) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 0) <= 0) return false;
    char buf[512];
    ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    return n <= 0 && !(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
}

// A server binary with a small file limit (1 MiB) so limits are cheap to reach.
struct file_server {
    temp_dir dir;
    std::unique_ptr<server_process> server;
    std::unique_ptr<httplib::Client> anna, boris;
    fs::path files;

    explicit file_server(std::vector<std::string> extra = {"--max-file-mb", "1"}) {
        server = start_server(dir / "cc.db", dir / "web", 1, extra);
        anna = server->client(admin_token);
        boris = server->client(manager_token);
        files = dir / "cc.db.files";  // the default: next to the database
    }
};

}  // namespace

// [SECTION] the in-process server -------------------------------------------------------------------------------

namespace {

// The same server_app the binary runs, on an in-memory database and a temp files folder, with
// limits a test may shorten (the body deadline, the ticket lifetime).
struct in_process {
    temp_dir dir;
    cc::server::sqlite_store store{":memory:"};
    cc::server::sync_service sync{store};
    cc::server::user_directory users;
    cc::server::static_files web;
    cc::server::worker_pool db{2, 64};
    cc::server::worker_pool pool{2, 64};
    cc::server::blob_store blobs;
    std::unique_ptr<cc::server::blob_api> files_api;
    std::unique_ptr<cc::server::server_app> app;
    std::unique_ptr<cc::server::http_server> http;
    std::thread io;
    int port = 0;

    in_process(cc::server::http_limits limits, cc::server::blob_limits file_limits)
        : web(dir / "web"), blobs(dir / "files") {
        std::vector<cc::server::user_record> records;
        for (const auto& u : cc::server::demo_users()) records.push_back(cc::server::to_record(u));
        users = cc::server::user_directory(records);
        files_api = std::make_unique<cc::server::blob_api>(blobs, users, pool, file_limits);
        app = std::make_unique<cc::server::server_app>(sync, users, web, db, pool, cc::server::api_limits{},
                                                       files_api.get());
        http = std::make_unique<cc::server::http_server>(*app, limits);
        port = http->bind("127.0.0.1", 0);
        REQUIRE(port > 0);
        io = std::thread([this] { http->run(1); });
    }
    ~in_process() {
        http->stop();
        io.join();
        pool.stop();
        db.stop();
        sync.stop();
    }
    std::unique_ptr<httplib::Client> client(const std::string& token = admin_token) const {
        auto c = std::make_unique<httplib::Client>("127.0.0.1", port);
        c->set_connection_timeout(5);
        c->set_read_timeout(20);
        if (!token.empty()) c->set_bearer_token_auth(token.c_str());
        return c;
    }
};

}  // namespace

// [SECTION] upload and download ------------------------------------------------------------------------------

TEST_CASE("files: an upload comes back byte for byte, with its id, type, name and safe headers") {
    file_server s;
    const std::string bytes = sample(mp3_magic, 300 * 1024, 7);
    const std::string name = "Звонок 1 (клиент).mp3";
    answer a = upload(*s.anna, bytes, "audio/mpeg", percent_encode(name));
    CHECK(a.status == 201);
    const std::string id = sha256(bytes);
    CHECK(a.body == json{{"id", id}, {"size", bytes.size()}, {"type", "audio/mpeg"}, {"name", name}});
    CHECK(a.header("Location") == "/api/v1/files/" + id);
    // On disk: <files>/ab/<sha256>, the bytes as sent.
    CHECK(read_file(s.files / id.substr(0, 2) / id) == bytes);
    CHECK(temp_files(s.files) == 0);

    // Any user may read it (Boris did not upload it).
    auto res = s.boris->Get(("/api/v1/files/" + id).c_str());
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->body.size() == bytes.size());
    CHECK(res->body == bytes);
    CHECK(res->get_header_value("Content-Type") == "audio/mpeg");
    CHECK(res->get_header_value("Content-Length") == std::to_string(bytes.size()));
    CHECK(res->get_header_value("Accept-Ranges") == "bytes");
    CHECK(res->get_header_value("ETag") == "\"" + id + "\"");
    CHECK(res->get_header_value("Cache-Control") == "private, max-age=31536000, immutable");
    CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(res->get_header_value("Content-Disposition") == "inline");  // audio may play in the page
    CHECK(res->get_header_value("Content-Security-Policy") == "sandbox");
    CHECK(res->get_header_value("Access-Control-Allow-Origin") == "*");
    CHECK_FALSE(res->has_header("Content-Encoding"));

    // Anything that is not audio or an image is an attachment: it never renders in the origin.
    const std::vector<std::tuple<std::string, std::string, std::string>> others = {
        {"text/plain", text_of(5000), "text/plain; charset=utf-8"},
        {"application/pdf", sample(pdf_magic, 4000), "application/pdf"},
        {"image/png", sample(png_magic, 4000), "image/png"}};
    for (const auto& [type, body, stored] : others) {
        INFO(type);
        answer u = upload(*s.anna, body, type);
        CHECK(u.status == 201);
        CHECK(u.body["name"] == "");
        CHECK(u.body["type"] == stored);
        auto got = s.anna->Get(("/api/v1/files/" + sha256(body)).c_str());
        REQUIRE(got);
        CHECK(got->body == body);
        CHECK(got->get_header_value("Content-Type") == stored);
        CHECK(got->get_header_value("Content-Disposition") == (stored == "image/png" ? "inline" : "attachment"));
        CHECK(got->get_header_value("Content-Security-Policy") == "sandbox");
    }
}

TEST_CASE("files: every allowed family is taken when its bytes agree with its Content-Type") {
    file_server s;
    struct row { std::string type, magic, stored; };
    for (const row& r : {row{"audio/mpeg", mp3_magic, "audio/mpeg"},
                         row{"audio/mpeg", std::string("\xFF\xFB\x90\x64", 4), "audio/mpeg"},
                         row{"audio/wav", std::string("RIFF\x24\x08\x00\x00WAVEfmt ", 16), "audio/wav"},
                         row{"audio/ogg", "OggS", "audio/ogg"},
                         row{"audio/x-m4a", std::string("\x00\x00\x00\x20" "ftypM4A ", 12), "audio/mp4"},
                         row{"image/png", png_magic, "image/png"},
                         row{"image/jpeg", std::string("\xFF\xD8\xFF\xE0", 4), "image/jpeg"},
                         row{"image/gif", "GIF89a", "image/gif"},
                         row{"image/webp", std::string("RIFF\x24\x08\x00\x00WEBPVP8 ", 16), "image/webp"},
                         row{"application/pdf", pdf_magic, "application/pdf"},
                         row{"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                             std::string("PK\x03\x04", 4),
                             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
                         row{"application/vnd.oasis.opendocument.spreadsheet", std::string("PK\x03\x04", 4),
                             "application/vnd.oasis.opendocument.spreadsheet"}}) {
        INFO(r.type);
        std::string bytes = sample(r.magic, 2000, static_cast<std::uint32_t>(r.type.size() + r.magic.size()));
        answer a = upload(*s.anna, bytes, r.type);
        CHECK(a.status == 201);
        CHECK(a.body["type"] == r.stored);
        auto got = s.anna->Get(("/api/v1/files/" + sha256(bytes)).c_str());
        REQUIRE(got);
        CHECK(got->body == bytes);
    }
    // A one-byte file is the smallest there is.
    answer one = upload(*s.anna, "x", "text/plain");
    CHECK(one.status == 201);
    CHECK(one.body["size"] == 1);
}

TEST_CASE("files: the same bytes uploaded twice have one id and are stored once; the retry answers 200") {
    file_server s;
    const std::string bytes = sample(mp3_magic, 100 * 1024, 3);
    answer first = upload(*s.anna, bytes, "audio/mpeg", "first.mp3");
    answer again = upload(*s.anna, bytes, "audio/mpeg", "first.mp3");
    answer other = upload(*s.boris, bytes, "audio/mp3", "renamed.mp3");  // another user, another alias
    CHECK(first.status == 201);
    CHECK(again.status == 200);
    CHECK(other.status == 200);
    CHECK(again.body["id"] == first.body["id"]);
    CHECK(other.body["id"] == first.body["id"]);
    CHECK(other.body["type"] == "audio/mpeg");
    CHECK(other.body["name"] == "renamed.mp3");  // the name is only echoed
    CHECK(stored_files(s.files) == 2);           // the bytes and one record
    CHECK(temp_files(s.files) == 0);
    const std::string id = first.body["id"];
    json meta = json::parse(read_file(s.files / id.substr(0, 2) / (id + ".json")));
    CHECK(meta["uploader"] == "Anna");  // the first upload's
    CHECK(meta["size"] == bytes.size());
    // A different file gets a different id.
    answer different = upload(*s.anna, sample(mp3_magic, 100 * 1024, 4), "audio/mpeg");
    CHECK(different.status == 201);
    CHECK(different.body["id"] != first.body["id"]);
    CHECK(stored_files(s.files) == 4);
}

// [SECTION] Range, HEAD, 304 -------------------------------------------------------------------------------------

TEST_CASE("files: Range a-b, a-, -n, across the end, 416, several ranges, If-Range") {
    file_server s;
    const std::string bytes = sample(mp3_magic, 200 * 1000, 11);  // 200,000 bytes
    const std::size_t size = bytes.size();
    REQUIRE(upload(*s.anna, bytes, "audio/mpeg").status == 201);
    const std::string path = "/api/v1/files/" + sha256(bytes);
    const std::string etag = "\"" + sha256(bytes) + "\"";

    struct row { std::string range; std::size_t first, length; };
    for (const row& r : {row{"bytes=0-99", 0, 100},
                         row{"bytes=1000-1999", 1000, 1000},
                         row{"bytes=199999-199999", 199999, 1},
                         row{"bytes=150000-", 150000, 50000},
                         row{"bytes=0-", 0, size},
                         row{"bytes=-500", size - 500, 500},
                         row{"bytes=199990-250000", 199990, 10},   // across the end: cut at the end
                         row{"bytes=-999999", 0, size},            // more than there is: all of it
                         row{"bytes=100000-165535", 100000, 65536}}) {  // exactly one transport chunk
        INFO(r.range);
        auto res = s.anna->Get(path.c_str(), {{"Range", r.range}});
        REQUIRE(res);
        CHECK(res->status == 206);
        CHECK(res->body == bytes.substr(r.first, r.length));
        CHECK(res->get_header_value("Content-Length") == std::to_string(r.length));
        CHECK(res->get_header_value("Content-Range") ==
              "bytes " + std::to_string(r.first) + "-" + std::to_string(r.first + r.length - 1) + "/" + std::to_string(size));
        CHECK(res->get_header_value("Content-Type") == "audio/mpeg");
        CHECK(res->get_header_value("ETag") == etag);
    }
    for (std::string unsatisfiable : {"bytes=200000-", "bytes=200000-300000", "bytes=-0", "bytes=999999999999999999999-"}) {
        INFO(unsatisfiable);
        auto res = s.anna->Get(path.c_str(), {{"Range", unsatisfiable}});
        REQUIRE(res);
        CHECK(res->status == 416);
        CHECK(res->get_header_value("Content-Range") == "bytes */" + std::to_string(size));
        CHECK(error_code_of(res->body) == "err.range_not_satisfiable");
    }
    // Several ranges, or a Range that is not the grammar: the whole file, 200.
    for (std::string whole : {"bytes=0-9,20-29", "bytes=5-3", "items=0-9", "bytes=abc"}) {
        INFO(whole);
        auto res = s.anna->Get(path.c_str(), {{"Range", whole}});
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->body == bytes);
        CHECK_FALSE(res->has_header("Content-Range"));
    }
    // If-Range: the part only while the ETag is still this one.
    auto res = s.anna->Get(path.c_str(), {{"Range", "bytes=0-9"}, {"If-Range", etag}});
    REQUIRE(res);
    CHECK(res->status == 206);
    CHECK(res->body == bytes.substr(0, 10));
    res = s.anna->Get(path.c_str(), {{"Range", "bytes=0-9"}, {"If-Range", "\"something-else\""}});
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->body == bytes);
}

TEST_CASE("files: HEAD says what GET would send, without the bytes; with a Range too") {
    file_server s;
    const std::string bytes = sample(png_magic, 70000, 5);
    REQUIRE(upload(*s.anna, bytes, "image/png").status == 201);
    const std::string path = "/api/v1/files/" + sha256(bytes);
    auto res = s.anna->Head(path.c_str());
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->body.empty());
    CHECK(res->get_header_value("Content-Length") == "70000");
    CHECK(res->get_header_value("Content-Type") == "image/png");
    CHECK(res->get_header_value("Accept-Ranges") == "bytes");
    CHECK(res->get_header_value("ETag") == "\"" + sha256(bytes) + "\"");
    res = s.anna->Head(path.c_str(), {{"Range", "bytes=-100"}});
    REQUIRE(res);
    CHECK(res->status == 206);
    CHECK(res->get_header_value("Content-Length") == "100");
    CHECK(res->get_header_value("Content-Range") == "bytes 69900-69999/70000");
    // The connection stays usable after bodiless answers: a GET right after on the same client.
    auto get = s.anna->Get(path.c_str());
    REQUIRE(get);
    CHECK(get->body == bytes);
    // HEAD of an unknown file: 404.
    res = s.anna->Head(("/api/v1/files/" + std::string(64, 'a')).c_str());
    REQUIRE(res);
    CHECK(res->status == 404);
}

TEST_CASE("files: If-None-Match with the ETag answers 304 without the bytes") {
    file_server s;
    const std::string bytes = text_of(3000);
    REQUIRE(upload(*s.anna, bytes, "text/plain").status == 201);
    const std::string path = "/api/v1/files/" + sha256(bytes);
    const std::string etag = "\"" + sha256(bytes) + "\"";
    for (std::string match : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
        INFO(match);
        auto res = s.anna->Get(path.c_str(), {{"If-None-Match", match}});
        REQUIRE(res);
        CHECK(res->status == 304);
        CHECK(res->body.empty());
        CHECK(res->get_header_value("ETag") == etag);
    }
    auto res = s.anna->Get(path.c_str(), {{"If-None-Match", "\"other\""}});
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->body == bytes);
}

// [SECTION] limits: size, type, rate, a full disk -----------------------------------------------------------------

TEST_CASE("files: exactly --max-file-mb is taken, one byte more is 413 and nothing is stored; empty is 400") {
    file_server s;  // --max-file-mb 1
    const std::string at_limit = sample(png_magic, 1u << 20, 21);
    answer ok = upload(*s.anna, at_limit, "image/png");
    CHECK(ok.status == 201);
    CHECK(ok.body["size"] == (1u << 20));
    CHECK(stored_files(s.files) == 2);

    const std::string over = sample(png_magic, (1u << 20) + 1, 22);
    answer refused = upload(*s.anna, over, "image/png");
    CHECK(refused.status == 413);
    CHECK(error_code(refused) == "err.too_large");
    CHECK(refused.body["error"]["message"].get<std::string>().find("1 MiB") != std::string::npos);
    CHECK(stored_files(s.files) == 2);
    CHECK(temp_files(s.files) == 0);
    auto res = s.anna->Get(("/api/v1/files/" + sha256(over)).c_str());
    REQUIRE(res);
    CHECK(res->status == 404);

    answer empty = upload(*s.anna, "", "text/plain");
    CHECK(empty.status == 400);
    CHECK(error_code(empty) == "err.bad_request");

    // The body limit is per route: a push is still held to 1 MiB whatever --max-file-mb says.
    file_server big({"--max-file-mb", "8"});
    std::string push = make_batch("dev-x", {}).dump();
    push.insert(push.size() - 1, (1u << 20) + 10, ' ');
    http_answer p = post_push(*big.anna, push);
    CHECK(p.status == 413);
    answer five = upload(*big.anna, sample(png_magic, 5u << 20, 23), "image/png");
    CHECK(five.status == 201);

    // Chunked, without a Content-Length: 411, before any of it is read.
    std::string raw = raw_request(s.server->port(), "POST /api/v1/files HTTP/1.1",
                                  "Authorization: Bearer " + admin_token +
                                      "\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n");
    CHECK(status_of(raw) == 411);
    CHECK(raw.find("err.length_required") != std::string::npos);
    CHECK(stored_files(s.files) == 2);
}

TEST_CASE("files: bytes that disagree with the Content-Type, and types not on the list, are 415; nothing is stored") {
    file_server s;
    struct row { std::string type, bytes; };
    for (const row& r : {row{"image/png", sample(mp3_magic, 5000)},              // mp3 bytes claimed as png
                         row{"audio/mpeg", sample(png_magic, 5000)},
                         row{"audio/ogg", sample(std::string("RIFF\x24\x08\x00\x00WAVE", 12), 5000)},
                         row{"application/pdf", sample("\x7F" "ELF\x02\x01\x01", 5000)},  // a program as a pdf
                         row{"image/gif", "<!doctype html><script>alert(document.cookie)</script>"},
                         row{"text/plain", sample(pdf_magic, 5000)},              // a pdf as text
                         row{"text/plain", std::string("text with a \0 NUL byte", 22)},
                         row{"text/plain", text_of(200 * 1024) + "\xFF"},         // bad UTF-8 past the first chunks
                         row{"text/plain", text_of(1000) + "\xD0"},               // cut at the end
                         row{"application/vnd.oasis.opendocument.text", sample(mp3_magic, 3000)}}) {
        INFO(r.type << " with " << r.bytes.size() << " bytes");
        answer a = upload(*s.anna, r.bytes, r.type);
        CHECK(a.status == 415);
        CHECK(error_code(a) == "err.unsupported_type");
    }
    for (std::string type : {"text/html", "image/svg+xml", "application/octet-stream", "application/zip",
                             "application/javascript", "video/mp4", "multipart/form-data; boundary=x"}) {
        INFO(type);
        answer a = upload(*s.anna, text_of(100), type);
        CHECK(a.status == 415);
        CHECK(error_code(a) == "err.unsupported_type");
    }
    // No Content-Type at all.
    std::string raw = raw_request(s.server->port(), "POST /api/v1/files HTTP/1.1",
                                  "Authorization: Bearer " + admin_token + "\r\nContent-Length: 5\r\n\r\nhello");
    CHECK(status_of(raw) == 415);
    CHECK(raw.find("err.unsupported_type") != std::string::npos);
    // A compressed upload: 415 (files go as they are).
    auto res = s.anna->Post("/api/v1/files", {{"Content-Encoding", "gzip"}}, text_of(100), "text/plain");
    REQUIRE(res);
    CHECK(res->status == 415);
    CHECK(error_code_of(res->body) == "err.unsupported_encoding");
    // A file name that is not percent-encoded UTF-8, or too long: 400.
    for (std::string name : {std::string("%FF%FE"), std::string("%zz"), std::string("bad%0Aline"),
                             std::string(256, 'n'), std::string("%D0")}) {
        INFO(name);
        answer a = upload(*s.anna, text_of(100), "text/plain", name);
        CHECK(a.status == 400);
    }
    answer ok = upload(*s.anna, text_of(100), "text/plain", std::string(255, 'n'));
    CHECK(ok.status == 201);
    CHECK(stored_files(s.files) == 2);  // only that last one
    CHECK(eventually([&] { return temp_files(s.files) == 0; }));
}

TEST_CASE("files: each user may upload --files-mb-per-hour; past it 429 with Retry-After, nothing stored") {
    file_server s({"--max-file-mb", "1", "--files-mb-per-hour", "2"});
    CHECK(upload(*s.anna, sample(png_magic, 1u << 20, 31), "image/png").status == 201);
    CHECK(upload(*s.anna, sample(png_magic, 1u << 20, 32), "image/png").status == 201);
    answer third = upload(*s.anna, sample(png_magic, 1u << 20, 33), "image/png");
    CHECK(third.status == 429);
    CHECK(error_code(third) == "err.rate_limited");
    const int retry = std::atoi(third.header("Retry-After").c_str());
    CHECK(retry > 0);
    CHECK(retry <= 3600);
    CHECK(stored_files(s.files) == 4);
    // A smaller one too: the bucket refills at 2 MiB an hour (about 580 bytes a second).
    CHECK(upload(*s.anna, sample(png_magic, 100 * 1024, 34), "image/png").status == 429);
    // Users do not share buckets.
    CHECK(upload(*s.boris, sample(png_magic, 1u << 20, 33), "image/png").status == 201);
    CHECK(stored_files(s.files) == 6);
}

TEST_CASE("files: a write that fails (the disk is full) is 507 err.storage and leaves nothing half-written") {
    file_server s;
    // The kernel refuses the server's writes past 256 KiB, as a full disk would refuse them.
    rlimit small{256 * 1024, RLIM_INFINITY}, before{};
    REQUIRE(prlimit(s.server->pid(), RLIMIT_FSIZE, nullptr, &before) == 0);
    small.rlim_max = before.rlim_max;
    REQUIRE(prlimit(s.server->pid(), RLIMIT_FSIZE, &small, nullptr) == 0);
    const std::string bytes = sample(mp3_magic, 600 * 1024, 41);
    answer a = upload(*s.anna, bytes, "audio/mpeg");
    CHECK(a.status == 507);
    CHECK(error_code(a) == "err.storage");
    CHECK(stored_files(s.files) == 0);
    CHECK(eventually([&] { return temp_files(s.files) == 0; }));
    auto res = s.anna->Get(("/api/v1/files/" + sha256(bytes)).c_str());
    REQUIRE(res);
    CHECK(res->status == 404);
    // With room again, the same upload works (the server lived through it).
    REQUIRE(prlimit(s.server->pid(), RLIMIT_FSIZE, &before, nullptr) == 0);
    answer again = upload(*s.anna, bytes, "audio/mpeg");
    CHECK(again.status == 201);
    CHECK(stored_files(s.files) == 2);
}

// [SECTION] auth and tickets -------------------------------------------------------------------------------------

TEST_CASE("files: no token or a wrong one is 401 for upload, download, HEAD and ticket; nothing is stored") {
    file_server s;
    const std::string bytes = text_of(2000);
    answer ok = upload(*s.anna, bytes, "text/plain");
    REQUIRE(ok.status == 201);
    const std::string path = "/api/v1/files/" + sha256(bytes);
    auto nobody = s.server->client("");
    auto wrong = s.server->client("not-a-real-token");
    for (auto* http : {nobody.get(), wrong.get()}) {
        auto res = http->Post("/api/v1/files", text_of(500), "text/plain");
        REQUIRE(res);
        CHECK(res->status == 401);
        CHECK(error_code_of(res->body) == "err.unauthorized");
        res = http->Get(path.c_str());
        REQUIRE(res);
        CHECK(res->status == 401);
        CHECK(res->body.find("Звонок") == std::string::npos);
        res = http->Head(path.c_str());
        REQUIRE(res);
        CHECK(res->status == 401);
        res = http->Post((path + "/ticket").c_str(), "", "application/json");
        REQUIRE(res);
        CHECK(res->status == 401);
    }
    CHECK(stored_files(s.files) == 2);
}

TEST_CASE("files: a ticket URL plays a file without a token, for that file and GET/HEAD only") {
    file_server s;
    const std::string a_bytes = sample(mp3_magic, 90000, 51), b_bytes = sample(mp3_magic, 90000, 52);
    REQUIRE(upload(*s.anna, a_bytes, "audio/mpeg").status == 201);
    REQUIRE(upload(*s.anna, b_bytes, "audio/mpeg").status == 201);
    const std::string a = sha256(a_bytes), b = sha256(b_bytes);

    auto before = std::chrono::system_clock::now();
    auto res = s.boris->Post(("/api/v1/files/" + a + "/ticket").c_str(), "", "application/json");
    REQUIRE(res);
    CHECK(res->status == 200);
    json t = json::parse(res->body);
    const std::string url = t["url"];
    const std::int64_t expires_at = t["expires_at"];
    const std::int64_t now_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(before.time_since_epoch()).count();
    CHECK(expires_at >= now_ms + 590'000);  // 10 minutes
    CHECK(expires_at <= now_ms + 610'000);
    CHECK(url.rfind("/api/v1/files/" + a + "?ticket=", 0) == 0);
    CHECK(url.find(manager_token) == std::string::npos);  // the token never goes into a URL
    const std::string ticket = url.substr(url.find("?ticket=") + 8);

    auto nobody = s.server->client("");
    res = nobody->Get(url.c_str());
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->body == a_bytes);
    res = nobody->Get(url.c_str(), {{"Range", "bytes=1000-1999"}});  // the audio element seeks
    REQUIRE(res);
    CHECK(res->status == 206);
    CHECK(res->body == a_bytes.substr(1000, 1000));
    res = nobody->Head(url.c_str());
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Length") == "90000");

    // Another file with this ticket: 401.
    res = nobody->Get(("/api/v1/files/" + b + "?ticket=" + ticket).c_str());
    REQUIRE(res);
    CHECK(res->status == 401);
    CHECK(error_code_of(res->body) == "err.unauthorized");
    // Tampered: another expiry (later) with the same MAC, a changed MAC, no MAC, garbage.
    const std::string exp = ticket.substr(0, ticket.find('.')), mac = ticket.substr(ticket.find('.') + 1);
    std::string flipped = mac;
    flipped[10] = flipped[10] == '0' ? '1' : '0';
    for (std::string bad : {std::to_string(std::stoll(exp) + 86'400'000) + "." + mac, exp + "." + flipped, exp + ".",
                            exp, "." + mac, std::string("x"), std::string(""), ticket + "0",
                            exp + "." + std::string(mac.size(), 'A')}) {
        INFO(bad);
        res = nobody->Get(("/api/v1/files/" + a + "?ticket=" + bad).c_str());
        REQUIRE(res);
        CHECK(res->status == 401);
    }
    // Only GET and HEAD: not an upload, not another ticket.
    res = nobody->Post(("/api/v1/files?ticket=" + ticket).c_str(), text_of(100), "text/plain");
    REQUIRE(res);
    CHECK(res->status == 401);
    res = nobody->Post(("/api/v1/files/" + a + "/ticket?ticket=" + ticket).c_str(), "", "application/json");
    REQUIRE(res);
    CHECK(res->status == 401);
    // A token, when sent, decides: a wrong one with a good ticket is still 401.
    res = s.server->client("not-a-real-token")->Get(url.c_str());
    REQUIRE(res);
    CHECK(res->status == 401);
    // A ticket for a file that is not there: 404; for a malformed id: 404.
    res = s.anna->Post(("/api/v1/files/" + std::string(64, 'c') + "/ticket").c_str(), "", "application/json");
    REQUIRE(res);
    CHECK(res->status == 404);
    res = s.anna->Post("/api/v1/files/nope/ticket", "", "application/json");
    REQUIRE(res);
    CHECK(res->status == 404);
    res = s.anna->Post(("/api/v1/files/" + a + "/other").c_str(), "", "application/json");
    REQUIRE(res);
    CHECK(res->status == 404);
}

TEST_CASE("files: an expired ticket is 401 (in-process, tickets live 1 s)") {
    cc::server::blob_limits limits;
    limits.ticket_ttl = std::chrono::milliseconds(1000);
    in_process s({}, limits);
    auto anna = s.client();
    const std::string bytes = sample(mp3_magic, 5000, 61);
    REQUIRE(upload(*anna, bytes, "audio/mpeg").status == 201);
    auto res = anna->Post(("/api/v1/files/" + sha256(bytes) + "/ticket").c_str(), "", "application/json");
    REQUIRE(res);
    const std::string url = json::parse(res->body)["url"];
    auto nobody = s.client("");
    res = nobody->Get(url.c_str());
    REQUIRE(res);
    CHECK(res->status == 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(1300));
    res = nobody->Get(url.c_str());
    REQUIRE(res);
    CHECK(res->status == 401);
    CHECK(res->body.find("expired") != std::string::npos);
}

// [SECTION] ids that try to leave the folder ----------------------------------------------------------------------

TEST_CASE("files: traversal, ids with '/', uppercase, wrong lengths, the record, symlinks: 404, nothing read outside") {
    file_server s;
    const std::string bytes = text_of(4000);
    REQUIRE(upload(*s.anna, bytes, "text/plain").status == 201);
    const std::string id = sha256(bytes);
    // A secret next to the files folder, and one the test plants inside it behind a symlink
    // with a record that would serve it.
    const std::string secret = "TOP-SECRET-" + std::string(100, 's');
    write_file(s.dir / "secret.txt", secret);
    const std::string fake = std::string(64, 'e');
    fs::create_directories(s.files / "ee");
    fs::create_symlink(s.dir / "secret.txt", s.files / "ee" / fake);
    write_file(s.files / "ee" / (fake + ".json"),
               json{{"type", "text/plain; charset=utf-8"}, {"size", secret.size()}, {"uploader", "x"}, {"created_at", 1}}.dump());
    // And a record that is a symlink to the secret.
    const std::string fake2 = std::string(64, 'd');
    fs::create_directories(s.files / "dd");
    write_file(s.files / "dd" / fake2, secret);
    fs::create_symlink(s.dir / "secret.txt", s.files / "dd" / (fake2 + ".json"));

    std::string upper = id;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    // Complete copies (bytes and record) under names that are not ids: uppercase, 65 digits.
    // A looser id check would find and serve them.
    const std::string longer = id + "a";
    for (const std::string& name : {upper, longer}) {
        fs::create_directories(s.files / name.substr(0, 2));
        fs::copy_file(s.files / id.substr(0, 2) / id, s.files / name.substr(0, 2) / name);
        fs::copy_file(s.files / id.substr(0, 2) / (id + ".json"), s.files / name.substr(0, 2) / (name + ".json"));
    }
    const std::string auth = "Authorization: Bearer " + admin_token + "\r\n";
    const std::vector<std::string> targets = {"/api/v1/files/../../secret.txt", "/api/v1/files/../../../etc/passwd",
                               "/api/v1/files/%2e%2e%2f%2e%2e%2fsecret.txt", "/api/v1/files/..%2F..%2Fsecret.txt",
                               "/api/v1/files/" + id.substr(0, 2) + "/" + id, "/api/v1/files/" + id + "/",
                               "/api/v1/files/" + id + ".json", "/api/v1/files/" + id + "%00",
                               "/api/v1/files/" + id.substr(0, 63), "/api/v1/files/" + id + "a",
                               "/api/v1/files/" + std::string(65, 'a'), "/api/v1/files/" + upper,
                               "/api/v1/files/" + fake, "/api/v1/files/" + fake2, "/api/v1/files/tmp",
                               "/api/v1/files/" + id + "/../" + id, "/api/v1/files/", "/api/v1/files/%2F" + id.substr(1)};
    for (const std::string& target : targets) {
        INFO(target);
        std::string raw = raw_request(s.server->port(), "GET " + target + " HTTP/1.1", auth);
        CHECK(status_of(raw) == 404);
        CHECK(raw.find("err.not_found") != std::string::npos);
        CHECK(raw.find("TOP-SECRET") == std::string::npos);
        CHECK(raw.find("root:") == std::string::npos);
        CHECK(raw.find("перезвонить") == std::string::npos);  // the stored text, under a name that is no id
    }
    // The real one still works, by its lowercase id.
    CHECK(status_of(raw_request(s.server->port(), "GET /api/v1/files/" + id + " HTTP/1.1", auth)) == 200);
    // Without a token the same paths are 401: auth comes first.
    CHECK(status_of(raw_request(s.server->port(), "GET /api/v1/files/../../secret.txt HTTP/1.1")) == 401);
}

// [SECTION] CORS ---------------------------------------------------------------------------------------------------

TEST_CASE("files: CORS covers the file routes and lets scripts read Content-Range, Accept-Ranges, Content-Length") {
    file_server s;
    auto nobody = s.server->client("");
    auto res = nobody->Options("/api/v1/files", {{"Origin", "https://crm.example.com"},
                                                 {"Access-Control-Request-Method", "POST"},
                                                 {"Access-Control-Request-Headers", "authorization, content-type, x-file-name"}});
    REQUIRE(res);
    CHECK(res->status == 204);
    CHECK(res->get_header_value("Access-Control-Allow-Origin") == "*");
    const std::string allowed = res->get_header_value("Access-Control-Allow-Headers");
    for (const char* h : {"Authorization", "Content-Type", "X-File-Name", "Range", "If-None-Match"})
        CHECK(allowed.find(h) != std::string::npos);
    res = nobody->Options(("/api/v1/files/" + std::string(64, 'a')).c_str(),
                          {{"Origin", "https://crm.example.com"}, {"Access-Control-Request-Method", "GET"},
                           {"Access-Control-Request-Headers", "range"}});
    REQUIRE(res);
    CHECK(res->status == 204);

    const std::string bytes = sample(mp3_magic, 1000, 71);
    answer up = upload(*s.anna, bytes, "audio/mpeg");
    CHECK(up.header("Access-Control-Allow-Origin") == "*");
    res = s.anna->Get(("/api/v1/files/" + sha256(bytes)).c_str(), {{"Origin", "https://crm.example.com"}, {"Range", "bytes=0-9"}});
    REQUIRE(res);
    CHECK(res->status == 206);
    CHECK(res->get_header_value("Access-Control-Allow-Origin") == "*");
    const std::string exposed = res->get_header_value("Access-Control-Expose-Headers");
    for (const char* h : {"Content-Range", "Accept-Ranges", "Content-Length"}) CHECK(exposed.find(h) != std::string::npos);
    // Errors of the file routes carry CORS too.
    res = s.anna->Get(("/api/v1/files/" + std::string(64, 'b')).c_str(), {{"Origin", "https://crm.example.com"}});
    REQUIRE(res);
    CHECK(res->status == 404);
    CHECK(res->get_header_value("Access-Control-Allow-Origin") == "*");
}

// [SECTION] streaming: memory stays bounded; slow bodies meet the deadline ------------------------------------------

TEST_CASE("files: 4 uploads and 8 downloads of 16 MiB at once stream through the server: memory stays bounded") {
    file_server s({"--max-file-mb", "16"});
    const std::size_t size = 16u << 20;
    std::vector<std::string> files;
    for (int i = 0; i < 4; ++i) files.push_back(sample(mp3_magic, size, 80 + i));
    // One upload and download first: the server's working set is warm.
    const std::string warm = sample(mp3_magic, size, 79);
    REQUIRE(upload(*s.anna, warm, "audio/mpeg").status == 201);
    REQUIRE(s.anna->Get(("/api/v1/files/" + sha256(warm)).c_str())->body.size() == size);
    long before = peak_rss_kib(s.server->pid());
    REQUIRE(before > 0);

    steady::time_point t = steady::now();
    std::vector<std::future<int>> ups;
    for (int i = 0; i < 4; ++i)
        ups.push_back(std::async(std::launch::async, [&, i] {
            auto http = s.server->client(admin_token);
            auto r = http->Post("/api/v1/files", files[i], "audio/mpeg");
            return r ? r->status : 0;
        }));
    for (auto& u : ups) CHECK(u.get() == 201);
    double up_s = std::chrono::duration<double>(steady::now() - t).count();
    t = steady::now();
    std::vector<std::future<bool>> downs;
    for (int i = 0; i < 8; ++i)
        downs.push_back(std::async(std::launch::async, [&, i] {
            auto http = s.server->client(admin_token);
            auto r = http->Get(("/api/v1/files/" + sha256(files[i % 4])).c_str());
            return r && r->status == 200 && r->body == files[i % 4];
        }));
    for (auto& d : downs) CHECK(d.get());
    double down_s = std::chrono::duration<double>(steady::now() - t).count();
    long after = peak_rss_kib(s.server->pid());
    MESSAGE("4 uploads of 16 MiB: " << up_s * 1000 << " ms; 8 downloads: " << down_s * 1000 << " ms; peak RSS "
                                    << before / 1024 << " -> " << after / 1024 << " MiB");
    // 64 MiB in and 128 MiB out went through; holding them would grow the peak by that much.
    CHECK(after - before < 32 * 1024);
}

TEST_CASE("files: a slow upload body is cut at the body deadline (in-process, 1 s) and leaves nothing") {
    cc::server::http_limits limits;
    limits.body_timeout = std::chrono::milliseconds(1000);
    in_process s(limits, {});
    // 2,000 bytes: the deadline is 1 s + 2,000 bytes at 64 KiB/s (31 ms).
    int fd = connect_local(s.port);
    REQUIRE(fd >= 0);
    steady::time_point start = steady::now();
    CHECK(send_all(fd, "POST /api/v1/files HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + admin_token +
                           "\r\nContent-Type: text/plain\r\nContent-Length: 2000\r\n\r\n"));
    double closed_at = -1;
    for (int i = 0; i < 60 && closed_at < 0; ++i) {  // 10 bytes every 100 ms: 20 s for all of it
        send_all(fd, std::string(10, 'a'));
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (closed_by_peer(fd)) closed_at = std::chrono::duration<double>(steady::now() - start).count();
    }
    ::close(fd);
    MESSAGE("a slow upload was closed after " << closed_at << " s");
    CHECK(closed_at >= 0.9);
    CHECK(closed_at < 2.5);
    CHECK(eventually([&] { return temp_files(s.dir / "files") == 0; }));
    CHECK(stored_files(s.dir / "files") == 0);
    // The same upload at full speed goes in.
    CHECK(upload(*s.client(), std::string(2000, 'a'), "text/plain").status == 201);
}
