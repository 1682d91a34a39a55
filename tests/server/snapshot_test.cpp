// snapshot_test.cpp — GET /api/v1/snapshot (docs/api.md): over real HTTP, the gzipped stream holds
// exactly what paged pulls from 0 hold (same clients and records, same versions, the same device
// entries) for each role, ends with its end line, and refuses what a pull refuses; in-process on
// a file database, its read is one snapshot: a push that lands while it streams is not in it, and
// the pulls from its version bring it.
#include <map>
#include <set>

#include <doctest/doctest.h>

#include "gzip.hpp"
#include "seed.hpp"
#include "snapshot.hpp"
#include "sqlite_store.hpp"
#include "sync_service.hpp"
#include "test_support.hpp"

using namespace cc_test;

namespace {

// "HTTP/1.1 200 OK\r\n...\r\n\r\n<chunked body>": the headers (lower-cased names) and the body
// with its chunks joined. `complete` is false when the last chunk is missing.
struct raw_answer {
    int status = 0;
    std::map<std::string, std::string> headers;
    std::string body;
    bool complete = false;
};

raw_answer read_raw_answer(const std::string& raw) {
    raw_answer out;
    out.status = status_of(raw);
    const std::size_t head_end = raw.find("\r\n\r\n");
    REQUIRE(head_end != std::string::npos);
    std::size_t at = raw.find("\r\n") + 2;
    while (at < head_end) {
        const std::size_t eol = raw.find("\r\n", at);
        const std::string line = raw.substr(at, eol - at);
        const std::size_t colon = line.find(':');
        std::string name = line.substr(0, colon);
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        out.headers[name] = value;
        at = eol + 2;
    }
    std::size_t pos = head_end + 4;
    if (out.headers["transfer-encoding"] != "chunked") {
        out.body = raw.substr(pos);
        out.complete = true;
        return out;
    }
    for (;;) {
        const std::size_t eol = raw.find("\r\n", pos);
        if (eol == std::string::npos) return out;
        const std::size_t n = std::stoul(raw.substr(pos, eol - pos), nullptr, 16);
        if (n == 0) {
            out.complete = true;
            return out;
        }
        if (eol + 2 + n > raw.size()) return out;
        out.body.append(raw, eol + 2, n);
        pos = eol + 2 + n + 2;
    }
}

std::vector<json> ndjson_lines(const std::string& text) {
    std::vector<json> out;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t eol = text.find('\n', at);
        REQUIRE(eol != std::string::npos);  // every line ends with a newline
        out.push_back(json::parse(text.substr(at, eol - at)));
        at = eol + 1;
    }
    return out;
}

// The snapshot as `token` sees it, gzipped on the wire and decoded here.
std::vector<json> fetch_snapshot(int port, const std::string& token, const std::string& device, raw_answer* answer = nullptr) {
    std::string raw = raw_request(port, "GET /api/v1/snapshot" + (device.empty() ? std::string() : "?device=" + device) + " HTTP/1.1",
                                  "Authorization: Bearer " + token + "\r\nAccept-Encoding: gzip\r\n");
    raw_answer a = read_raw_answer(raw);
    REQUIRE(a.status == 200);
    CHECK(a.complete);
    CHECK(a.headers["content-encoding"] == "gzip");
    CHECK(a.headers["content-type"] == "application/x-ndjson");
    std::string body;
    REQUIRE(cc::server::inflate_limited(a.body, 1u << 30, body) == cc::server::inflate_result::ok);
    if (answer) {
        *answer = a;
        answer->body = body;
    }
    return ndjson_lines(body);
}

// Paged pulls from 0 as a first download does them (history_since 0, the device given).
std::vector<json> paged_first_download(httplib::Client& c, const std::string& device, std::int64_t& cursor) {
    std::vector<json> all;
    std::int64_t since = 0;
    for (int pages = 0; pages < 1000; ++pages) {
        json page = get_json(c, "/api/v1/pull?since=" + std::to_string(since) + "&limit=37&history_since=0" +
                                    (device.empty() ? std::string() : "&device=" + device));
        for (auto& ch : page["changes"]) all.push_back(ch);
        since = page["cursor"].get<std::int64_t>();
        if (!page["has_more"].get<bool>()) break;
    }
    cursor = since;
    return all;
}

// Changes by the id of their client or record: version, state, entries.
std::map<std::string, json> by_id(const std::vector<json>& changes) {
    std::map<std::string, json> out;
    for (const auto& ch : changes) {
        const std::string id = ch.contains("record") ? "record:" + ch["record"]["id"].get<std::string>()
                                                     : "client:" + ch["client"]["id"].get<std::string>();
        json kept = ch;
        if (!kept.contains("history")) kept["history"] = json::array();
        CHECK(out.emplace(id, kept).second);  // each once
    }
    return out;
}

void check_same_as_paged(record_server& s, httplib::Client& as, const std::string& token, const std::string& device) {
    std::int64_t cursor = 0;
    std::vector<json> pages = paged_first_download(as, device, cursor);
    raw_answer answer;
    std::vector<json> lines = fetch_snapshot(s.server->port(), token, device, &answer);
    REQUIRE(lines.size() >= 2);
    const json& head = lines.front();
    const json& end = lines.back();
    CHECK(head["snapshot"] == 1);
    CHECK(head["schema"] == 1);
    CHECK(head["version"] == s.server_version());
    CHECK(end["end"] == true);
    CHECK(end["cursor"] == head["version"]);
    CHECK(end["count"] == lines.size() - 2);
    std::int64_t clients = 0, records = 0, last = 0;
    for (std::size_t i = 1; i + 1 < lines.size(); ++i) {
        (lines[i].contains("record") ? records : clients) += 1;
        CHECK(lines[i]["version"].get<std::int64_t>() > last);  // ascending, like the pages
        last = lines[i]["version"].get<std::int64_t>();
    }
    CHECK(head["clients"] == clients);
    CHECK(head["records"] == records);
    // The announced size is the body's, but for the history keys of the device's lines.
    const double bytes = head["bytes"].get<double>(), real = static_cast<double>(answer.body.size());
    CHECK(bytes >= real * 0.97);
    CHECK(bytes <= real * 1.03);
    std::vector<json> changes(lines.begin() + 1, lines.end() - 1);
    CHECK(by_id(changes) == by_id(pages));
    CHECK(cursor == head["version"]);
}

}  // namespace

TEST_CASE("snapshot: the same clients, records, versions and device entries as paged pulls from 0, gzipped, with its end line") {
    record_server s(120, {"--demo-records", "40"});
    // A device with applied ops of its own: their entries come along, as in a first pull.
    json mine = s.push(*s.manager, "dev-snap", {make_op("dev-snap", 1, "c-000002", "client.set", {{"name", "Renamed Two"}}),
                                                make_record_op("dev-snap", 2, "c-000003", "comment.create", "",
                                                               {{"text", "Called back"}})});
    INFO(mine.dump());
    REQUIRE(mine["results"][0]["status"] == "applied");
    REQUIRE(mine["results"][1]["status"] == "applied");
    s.push(*s.admin, "dev-other", {make_op("dev-other", 1, "c-000004", "client.delete")});

    SUBCASE("admin, with its device") { check_same_as_paged(s, *s.admin, admin_token, "dev-admin"); }
    SUBCASE("admin, no device") { check_same_as_paged(s, *s.admin, admin_token, ""); }
    SUBCASE("manager, with the device that made ops") { check_same_as_paged(s, *s.manager, manager_token, "dev-snap"); }
    SUBCASE("the device's own entries are there") {
        std::vector<json> lines = fetch_snapshot(s.server->port(), manager_token, "dev-snap");
        std::set<std::string> own;
        for (const auto& l : lines)
            if (l.contains("history"))
                for (const auto& h : l["history"]) own.insert(h["op_id"].get<std::string>());
        INFO(json(own).dump());
        CHECK(own == std::set<std::string>{"dev-snap:1", "dev-snap:2"});
    }
}

TEST_CASE("snapshot: refused as a pull is") {
    record_server s(5);
    SUBCASE("no token: 401") {
        std::string raw = raw_request(s.server->port(), "GET /api/v1/snapshot?device=d1 HTTP/1.1");
        CHECK(status_of(raw) == 401);
    }
    SUBCASE("a wrong token: 401") {
        auto res = s.server->client("not-a-token")->Get("/api/v1/snapshot");
        REQUIRE(res);
        CHECK(res->status == 401);
    }
    SUBCASE("a role that reads no clients: 403") {
        auto res = s.integration->Get("/api/v1/snapshot");
        REQUIRE(res);
        CHECK(res->status == 403);
    }
    SUBCASE("another user's device: 403") {
        s.push(*s.manager, "dev-boris", {make_op("dev-boris", 1, "c-000001", "client.set", {{"name", "B"}})});
        auto res = s.manager2->Get("/api/v1/snapshot?device=dev-boris");
        REQUIRE(res);
        CHECK(res->status == 403);
    }
    SUBCASE("a malformed device: 400") {
        auto res = s.admin->Get("/api/v1/snapshot?device=a%20b");
        REQUIRE(res);
        CHECK(res->status == 400);
    }
    SUBCASE("without gzip it comes as it is") {
        std::string raw = raw_request(s.server->port(), "GET /api/v1/snapshot HTTP/1.1", "Authorization: Bearer " + admin_token + "\r\n");
        raw_answer a = read_raw_answer(raw);
        CHECK(a.status == 200);
        CHECK(a.complete);
        CHECK(a.headers.count("content-encoding") == 0);
        std::vector<json> lines = ndjson_lines(a.body);
        REQUIRE(lines.size() == 7);  // header, 5 clients, end
        CHECK(lines.back()["count"] == 5);
    }
}

TEST_CASE("snapshot: one consistent read while pushes land (file database)") {
    temp_dir dir;
    cc::server::sqlite_store store((dir / "cc.db").string(), cc::server::sqlite_options{false});
    cc::server::seed_demo_clients(store, 300, 30);
    cc::server::sync_service sync(store);
    const cc::server::user anna{"Anna", cc::server::user_role::admin};
    const std::int64_t before = store.server_version();

    auto opened = sync.open_snapshot(anna, "dev-s");
    REQUIRE_FALSE(opened.refused);
    REQUIRE(opened.reader);
    CHECK(opened.reader->version == before);
    cc::server::snapshot_body body(std::move(opened.reader));
    std::string text;
    // The header and some lines, then pushes that change a client already sent, one not sent yet,
    // and make a new one; then the rest.
    REQUIRE(body.next(text, 2000));
    auto r = sync.push(anna, make_batch("dev-w", {make_op("dev-w", 1, "c-000001", "client.set", {{"name", "First Changed"}}),
                                                   make_op("dev-w", 2, "c-000300", "client.set", {{"name", "Last Changed"}}),
                                                   make_op("dev-w", 3, "c-new", "client.create", {{"name", "Newcomer"}})}));
    REQUIRE(r.status == 200);
    CHECK(store.server_version() == before + 3);  // the push did not wait for the snapshot
    while (body.next(text, 1 << 20)) {}
    std::vector<json> lines = ndjson_lines(text);
    REQUIRE(lines.size() >= 3);
    CHECK(lines.back()["cursor"] == before);
    std::map<std::string, json> clients;
    for (std::size_t i = 1; i + 1 < lines.size(); ++i) {
        CHECK(lines[i]["version"].get<std::int64_t>() <= before);
        if (lines[i].contains("client")) clients[lines[i]["client"]["id"].get<std::string>()] = lines[i]["client"];
    }
    CHECK(clients.size() == 300);
    CHECK(clients.count("c-new") == 0);
    CHECK(clients["c-000001"]["name"] != "First Changed");
    CHECK(clients["c-000300"]["name"] != "Last Changed");
    // What came after it is what a pull from its version brings.
    json after = sync.pull({before, 500, "dev-s"}).parsed();
    CHECK(after["changes"].size() == 3);

    SUBCASE("a scope of fewer kinds: the same as a pull with that scope") {
        cc::server::pull_scope scope;
        scope.history_since = 0;
        scope.record_kinds = std::vector<std::string>{"task"};
        auto reader = store.open_snapshot("", scope);
        std::map<std::string, std::int64_t> snap, paged;
        cc::server::change_record c;
        while (reader->next(c)) snap[c.is_record() ? c.record_id : c.client_id] = c.version;
        cc::server::pull_page page = store.pull(0, 1'000'000, "", scope);
        for (const auto& ch : page.changes) paged[ch.is_record() ? ch.record_id : ch.client_id] = ch.version;
        CHECK(snap == paged);
        CHECK(reader->records + reader->clients == static_cast<std::int64_t>(page.changes.size()));
        for (const auto& ch : page.changes) CHECK((!ch.is_record() || ch.record_kind == "task"));
    }
}
