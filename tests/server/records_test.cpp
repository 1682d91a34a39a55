// records_test.cpp — tasks, calls and comments through the real server over HTTP (docs/api.md,
// docs/records.md "On the server"): record ops applied and pulled by other users with their log
// entries, the actor from the token, the policy's refusals, a client's log by page, and what a
// pull carries of the logs (nothing on a first download, only what is new afterwards).
//
// Index of this file
//   [SECTION] helpers
//   [SECTION] applied and pulled
//   [SECTION] the actor and the policy
//   [SECTION] the log in pulls
//   [SECTION] the log by page
#include <set>

#include <doctest/doctest.h>

#include "test_support.hpp"

using namespace cc_test;

// [SECTION] helpers ---------------------------------------------------------------------------------------

namespace {

constexpr std::int64_t t0 = 1767225600000;  // 2026-01-01T00:00:00Z

json a_task(const std::string& device, std::int64_t seq, const std::string& client = "c-000001") {
    return make_record_op(device, seq, client, "task.create", "",
                          {{"title", "Call back about the contract"}, {"assignee", "Boris"}, {"due_at", t0 + 86400000}});
}

std::vector<std::int64_t> versions_of(const json& entries) {
    std::vector<std::int64_t> out;
    for (const json& e : entries) out.push_back(e["version"].get<std::int64_t>());
    return out;
}

const json& result(const json& push_answer, std::size_t i = 0) { return push_answer["results"][i]; }

}  // namespace

// [SECTION] applied and pulled ----------------------------------------------------------------------------

TEST_CASE("a task one manager makes reaches another's pull as a record change with its log entry") {
    record_server s;
    json r = s.push(*s.manager, "dev-b", {a_task("dev-b", 1)});
    REQUIRE(result(r)["status"] == "applied");
    CHECK(result(r)["version"] == 11);

    // Vera had everything up to 10 (the ten demo clients).
    json page = s.pull(*s.manager2, "since=10");
    REQUIRE(page["changes"].size() == 1);
    CHECK(page["total"] == 1);
    const json& ch = page["changes"][0];
    CHECK_FALSE(ch.contains("client"));  // a new task never resends its client
    CHECK(ch["version"] == 11);
    const json& task = ch["record"];
    CHECK(task["id"] == "task:dev-b:1");
    CHECK(task["kind"] == "task");
    CHECK(task["client_id"] == "c-000001");
    CHECK(task["version"] == 11);
    CHECK(task["created_by"] == "Boris");
    CHECK(task["fields"]["title"] == "Call back about the contract");
    CHECK(task["fields"]["status"] == "open");
    CHECK(task["fields"]["type"] == "call");  // the kind's default
    REQUIRE(ch["history"].size() == 1);
    const json& entry = ch["history"][0];
    CHECK(entry["kind"] == "task.create");
    CHECK(entry["record"] == "task:dev-b:1");
    CHECK(entry["record_kind"] == "task");
    CHECK(entry["actor"] == "Boris");
    CHECK(entry["device"] == "dev-b");
    CHECK(entry["version"] == 11);

    // Completed by Vera on her own device: the next pull carries the new state and only the new entry.
    r = s.push(*s.manager2, "dev-v",
               {make_record_op("dev-v", 1, "c-000001", "task.complete", "task:dev-b:1",
                               {{"status", "done"}, {"result", "Agreed on a demo on Thursday"}})});
    REQUIRE(result(r)["status"] == "applied");
    page = s.pull(*s.manager, "since=11");
    REQUIRE(page["changes"].size() == 1);
    CHECK(page["changes"][0]["record"]["fields"]["status"] == "done");
    CHECK(page["changes"][0]["record"]["fields"]["closed_by"] == "Vera");
    CHECK(page["changes"][0]["record"]["updated_by"] == "Vera");
    CHECK(versions_of(page["changes"][0]["history"]) == std::vector<std::int64_t>{12});

    // A comment and a call on the same client, and an edit of the client: three kinds of change
    // in one version order.
    s.push(*s.manager, "dev-b",
           {make_record_op("dev-b", 2, "c-000001", "comment.create", "", {{"text", "See https://example.com/brief"}}),
            make_record_op("dev-b", 3, "c-000001", "call.create", "",
                           {{"phone", "+7 912 345-67-89"}, {"started_at", t0}, {"took_place", false}, {"reason", "busy"}}),
            make_op("dev-b", 4, "c-000001", "client.set", {{"note", "prefers mornings"}})});
    page = s.pull(*s.admin, "since=12");
    REQUIRE(page["changes"].size() == 3);
    CHECK(page["changes"][0]["record"]["kind"] == "comment");
    CHECK(page["changes"][1]["record"]["kind"] == "call");
    CHECK(page["changes"][1]["record"]["fields"]["reason"] == "busy");
    CHECK(page["changes"][2]["client"]["note"] == "prefers mornings");
    // The client's own change carries only its own entries; the records carry theirs.
    CHECK(page["changes"][2]["history"].size() == 1);
    CHECK(page["changes"][2]["history"][0]["kind"] == "client.set");
    CHECK_FALSE(page["changes"][2]["history"][0].contains("record"));
    CHECK(page["total"] == 3);
    CHECK(page["cursor"] == 15);
}

TEST_CASE("record ops are idempotent by op id, and a refusal is recorded like a client op's") {
    record_server s;
    const json create = a_task("dev-b", 1);
    json first = s.push(*s.manager, "dev-b", {create});
    json again = s.push(*s.manager, "dev-b", {create});
    CHECK(result(again)["status"] == "duplicate");
    CHECK(result(again)["version"] == result(first)["version"]);
    CHECK(again["server_version"] == first["server_version"]);

    // The same id with another target: a reused id, never "duplicate".
    json other = create;
    other["record"] = "task:someone-else";
    CHECK(result(s.push(*s.manager, "dev-b", {other}))["error"]["code"] == "err.op_id_reused");

    // A refused record op answers the same when sent again (the refusal was recorded).
    const json bad = make_record_op("dev-b", 2, "c-000001", "task.set", "task:dev-b:1", {{"status", "done"}});
    json refused = s.push(*s.manager, "dev-b", {bad});
    CHECK(result(refused)["status"] == "rejected");
    CHECK(result(refused)["error"]["code"] == "err.system_field");
    CHECK(result(s.push(*s.manager, "dev-b", {bad})) == result(refused));
    CHECK(s.push(*s.manager, "dev-b", {})["device_seq"] == 2);

    // A create must use its own id; an unknown client, a deleted one, another client's record.
    json wrong_id = make_record_op("dev-b", 3, "c-000001", "task.create", "task:dev-b:999",
                                   {{"title", "x"}, {"assignee", "Boris"}});
    CHECK(result(s.push(*s.manager, "dev-b", {wrong_id}))["error"]["code"] == "err.record_id_mismatch");
    CHECK(result(s.push(*s.manager, "dev-b", {a_task("dev-b", 4, "c-nobody")}))["error"]["code"] == "err.not_found");
    s.push(*s.admin, "dev-a", {make_op("dev-a", 1, "c-000002", "client.delete")});
    CHECK(result(s.push(*s.manager, "dev-b", {a_task("dev-b", 5, "c-000002")}))["error"]["code"] == "err.client_deleted");
    json elsewhere = make_record_op("dev-b", 6, "c-000003", "task.set", "task:dev-b:1", {{"title", "moved"}});
    CHECK(result(s.push(*s.manager, "dev-b", {elsewhere}))["error"]["field"] == "client_id");
    // A client op carries no record.
    json tagged = make_op("dev-b", 7, "c-000001", "tag.add", {{"tag", "x"}});
    tagged["record"] = "task:dev-b:1";
    json t = result(s.push(*s.manager, "dev-b", {tagged}));
    CHECK(t["error"]["code"] == "err.unknown_field");
    CHECK(t["error"]["field"] == "record");
}

// [SECTION] the actor and the policy ------------------------------------------------------------------------

TEST_CASE("the actor of a record op is the token's user, whatever the op says") {
    record_server s;
    json c = make_record_op("dev-b", 1, "c-000001", "comment.create", "", {{"text", "Prefers calls after 18:00"}});
    c["actor"] = "Anna";
    REQUIRE(result(s.push(*s.manager, "dev-b", {c}))["status"] == "applied");
    json ch = change_for(s.pull(*s.admin, "since=10"), "comment:dev-b:1");
    REQUIRE_FALSE(ch.is_null());
    CHECK(ch["record"]["created_by"] == "Boris");
    CHECK(ch["record"]["updated_by"] == "Boris");
    CHECK(ch["history"][0]["actor"] == "Boris");
    // Vera claiming to be Boris still is not the author.
    json edit = make_record_op("dev-v", 1, "c-000001", "comment.edit", "comment:dev-b:1", {{"text", "mine now"}});
    edit["actor"] = "Boris";
    json r = result(s.push(*s.manager2, "dev-v", {edit}));
    CHECK(r["status"] == "rejected");
    CHECK(r["error"]["code"] == "err.not_author");
    // Boris himself may correct it (well within 15 minutes).
    json own = make_record_op("dev-b", 2, "c-000001", "comment.edit", "comment:dev-b:1", {{"text", "Prefers calls after 19:00"}});
    CHECK(result(s.push(*s.manager, "dev-b", {own}))["status"] == "applied");
}

TEST_CASE("the policy refuses with a sentence: task deletes, comment deletes, integrations' pushes and pulls") {
    record_server s;
    s.push(*s.manager, "dev-b",
           {a_task("dev-b", 1), make_record_op("dev-b", 2, "c-000001", "comment.create", "", {{"text", "hello"}})});

    json r = result(s.push(*s.manager, "dev-b", {make_record_op("dev-b", 3, "c-000001", "task.delete", "task:dev-b:1", json::object())}));
    CHECK(r["status"] == "rejected");
    CHECK(r["error"]["code"] == "err.forbidden");
    CHECK(r["error"]["message"] == "only an admin may delete a task; Boris is a manager");
    CHECK(result(s.push(*s.admin, "dev-a", {make_record_op("dev-a", 1, "c-000001", "task.delete", "task:dev-b:1", json::object())}))["status"] ==
          "applied");

    r = result(s.push(*s.admin, "dev-a", {make_record_op("dev-a", 2, "c-000001", "comment.delete", "comment:dev-b:2", json::object())}));
    CHECK(r["error"]["message"] == "nobody may delete a comment; Anna is an admin");
    r = result(s.push(*s.manager, "dev-b", {make_record_op("dev-b", 4, "c-000001", "comment.delete", "comment:dev-b:2", json::object())}));
    CHECK(r["error"]["message"] == "nobody may delete a comment; Boris is a manager");

    // A field only the telephony integration writes.
    r = result(s.push(*s.manager, "dev-b",
                      {make_record_op("dev-b", 5, "c-000001", "call.create", "",
                                      {{"phone", "+7 912 345-67-89"}, {"started_at", t0}, {"external_id", "x-1"}})}));
    CHECK(r["error"]["code"] == "err.forbidden");
    CHECK(r["error"]["field"] == "external_id");

    // The old rule, now the core's policy, answers as before.
    r = result(s.push(*s.manager, "dev-b", {make_op("dev-b", 6, "c-000002", "client.delete")}));
    CHECK(r["error"]["message"] == "only an admin may delete a client; Boris is a manager");

    // An integration account never pushes (it is no card), nor reads anything.
    http_answer pushed = post_push(*s.integration, make_batch("tel-dev", {make_op("tel-dev", 1, "c-000001", "client.set", {{"note", "x"}})}));
    CHECK(pushed.status == 403);
    CHECK(pushed.body["error"]["code"] == "err.forbidden");
    json no = get_json(*s.integration, "/api/v1/pull?since=0", 403);
    CHECK(no["error"]["code"] == "err.forbidden");
    get_json(*s.integration, "/api/v1/pull?since=0&device=tel-pull&wait=5", 403);
    get_json(*s.integration, "/api/v1/clients/c-000001/history", 403);
    // Its refused pull took no device: Vera may still have it.
    get_json(*s.manager2, "/api/v1/pull?since=0&limit=1&device=tel-pull", 200);
    CHECK(get_json(*s.integration, "/api/v1/me", 403)["error"]["code"] == "err.forbidden");
    // Nothing of the refusals changed the data.
    CHECK(s.server_version() == 13);  // 10 clients, the task, the comment, Anna's delete
}

// [SECTION] the log in pulls --------------------------------------------------------------------------------

TEST_CASE("a first pull carries no log; a later one only the entries after its cursor") {
    record_server s(5);
    // v6: c-000001 edited; v7 task on c-000002; v8 task completed; v9 c-000001 edited again.
    s.push(*s.manager, "dev-b",
           {make_op("dev-b", 1, "c-000001", "client.set", {{"note", "one"}}), a_task("dev-b", 2, "c-000002"),
            make_record_op("dev-b", 3, "c-000002", "task.complete", "task:dev-b:2", {{"status", "cancelled"}}),
            make_op("dev-b", 4, "c-000001", "client.set", {{"note", "two"}})});

    json first = s.pull(*s.manager2, "since=0");
    CHECK(first["total"] == 6);  // five clients and one task
    CHECK(first["changes"].size() == 6);
    for (const json& ch : first["changes"]) CHECK(ch["history"].empty());
    // ... except the asking device's own entries: a card whose push answer was lost learns from
    // them that its ops were applied (and does not apply them twice).
    json own = s.pull(*s.manager, "since=0&device=dev-b");
    CHECK(versions_of(change_for(own, "c-000001")["history"]) == std::vector<std::int64_t>{9, 6});
    CHECK(versions_of(change_for(own, "task:dev-b:2")["history"]) == std::vector<std::int64_t>{8, 7});
    CHECK(change_for(own, "c-000002")["history"].empty());  // the import's entry is not dev-b's
    const json veras = s.pull(*s.manager2, "since=0&device=dev-v");  // named: a range-for over a temporary's member dangles
    for (const json& ch : veras["changes"]) CHECK(ch["history"].empty());

    json later = s.pull(*s.manager2, "since=6");
    CHECK(later["total"] == 2);
    CHECK(versions_of(change_for(later, "task:dev-b:2")["history"]) == std::vector<std::int64_t>{8, 7});
    CHECK(versions_of(change_for(later, "c-000001")["history"]) == std::vector<std::int64_t>{9});  // not 6

    later = s.pull(*s.manager2, "since=7");
    CHECK(versions_of(change_for(later, "task:dev-b:2")["history"]) == std::vector<std::int64_t>{8});
    CHECK(versions_of(change_for(later, "c-000001")["history"]) == std::vector<std::int64_t>{9});

    // A walk of several pages keeps its starting cursor for the logs: the entry at 6 of
    // c-000001 (which moved on to 9, past the first page) is not lost.
    json page1 = s.pull(*s.manager2, "since=5&limit=1&history_since=5");
    REQUIRE(page1["changes"].size() == 1);
    CHECK(page1["changes"][0]["version"] == 8);
    json page2 = s.pull(*s.manager2, "since=8&limit=1&history_since=5");
    CHECK(versions_of(change_for(page2, "c-000001")["history"]) == std::vector<std::int64_t>{9, 6});
    // history_since above since is read as since.
    json capped = s.pull(*s.manager2, "since=5&history_since=99");
    CHECK(versions_of(change_for(capped, "c-000001")["history"]) == std::vector<std::int64_t>{9, 6});
    get_json(*s.manager2, "/api/v1/pull?since=5&history_since=-1", 400);
}

TEST_CASE("a long poll wakes for a record op") {
    record_server s(3);
    std::thread writer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        auto http = s.server->client(manager_token);
        post_push(*http, make_batch("dev-b", {a_task("dev-b", 1)}));
    });
    auto started = std::chrono::steady_clock::now();
    json page = get_json(*s.manager2, "/api/v1/pull?since=3&wait=20");
    auto took = std::chrono::steady_clock::now() - started;
    writer.join();
    CHECK(took < std::chrono::seconds(10));
    REQUIRE(page["changes"].size() == 1);
    CHECK(page["changes"][0]["record"]["id"] == "task:dev-b:1");
}

// [SECTION] the log by page -----------------------------------------------------------------------------------

TEST_CASE("a client's log by page: newest first, no overlap, no gap, next_before null at the end") {
    record_server s(3);
    std::vector<json> ops;
    std::int64_t seq = 0;
    for (int i = 0; i < 4; ++i) ops.push_back(make_op("dev-b", ++seq, "c-000001", "client.set", {{"note", "n" + std::to_string(i)}}));
    ops.push_back(a_task("dev-b", ++seq));
    ops.push_back(make_record_op("dev-b", ++seq, "c-000001", "comment.create", "", {{"text", "hello"}}));
    ops.push_back(make_op("dev-b", ++seq, "c-000002", "client.set", {{"note", "elsewhere"}}));  // another client
    for (int i = 0; i < 5; ++i) ops.push_back(make_op("dev-b", ++seq, "c-000001", "tag.add", {{"tag", "t" + std::to_string(i)}}));
    json r = s.push(*s.manager, "dev-b", ops);
    std::set<std::int64_t> expected{1};  // the import's client.create
    for (std::size_t i = 0; i < ops.size(); ++i)
        if (ops[i]["client_id"] == "c-000001") expected.insert(result(r, i)["version"].get<std::int64_t>());
    REQUIRE(expected.size() == 12);

    std::vector<std::int64_t> seen;
    std::string query = "limit=5";
    std::size_t pages = 0;
    for (;;) {
        json page = get_json(*s.manager2, "/api/v1/clients/c-000001/history?" + query);
        ++pages;
        REQUIRE(pages <= 5);
        CHECK(page["client_id"] == "c-000001");
        for (const json& e : page["entries"]) seen.push_back(e["version"]);
        if (page["next_before"].is_null()) break;
        CHECK(page["entries"].size() == 5);
        CHECK(page["next_before"] == page["entries"].back()["version"]);
        query = "limit=5&before=" + std::to_string(page["next_before"].get<std::int64_t>());
    }
    CHECK(pages == 3);  // 5 + 5 + 2
    CHECK(std::is_sorted(seen.rbegin(), seen.rend()));
    CHECK(std::set<std::int64_t>(seen.begin(), seen.end()) == expected);
    CHECK(seen.size() == expected.size());

    json all = get_json(*s.manager2, "/api/v1/clients/c-000001/history");
    CHECK(all["entries"].size() == 12);
    CHECK(all["next_before"].is_null());
    CHECK(all["entries"][0]["kind"] == "tag.add");
    CHECK(all["entries"].back()["kind"] == "client.create");
    bool task_entry = false;
    for (const json& e : all["entries"]) task_entry = task_entry || (e["kind"] == "task.create" && e["record"] == "task:dev-b:5");
    CHECK(task_entry);
    // A page that ends exactly at the oldest entry says so.
    json exact = get_json(*s.manager2, "/api/v1/clients/c-000001/history?limit=12");
    CHECK(exact["next_before"].is_null());
    json before_first = get_json(*s.manager2, "/api/v1/clients/c-000001/history?before=1");
    CHECK(before_first["entries"].empty());
    CHECK(before_first["next_before"].is_null());

    get_json(*s.manager2, "/api/v1/clients/c-nobody/history", 404);
    get_json(*s.manager2, "/api/v1/clients/c-000001/history?limit=0", 400);
    get_json(*s.manager2, "/api/v1/clients/c-000001/history?before=x", 400);
    CHECK(get_json(*s.manager2, "/api/v1/clients/c-000001/history?limit=100000")["entries"].size() == 12);
    get_json(*s.manager2, "/api/v1/clients/c-000001/nothing", 404);
    CHECK(s.manager2->Post("/api/v1/clients/c-000001/history", "{}", "application/json")->status == 405);
}

TEST_CASE("the log of a deleted client is an admin's; ids with ':' work in the path") {
    record_server s(3);
    s.push(*s.manager, "dev-b", {make_op("dev-b", 1, "c:dev-b:1", "client.create", {{"name", "Новый"}})});
    json page = get_json(*s.manager2, "/api/v1/clients/c:dev-b:1/history");
    REQUIRE(page["entries"].size() == 1);
    CHECK(page["entries"][0]["actor"] == "Boris");
    page = get_json(*s.manager2, "/api/v1/clients/c%3Adev-b%3A1/history");
    CHECK(page["entries"].size() == 1);

    s.push(*s.admin, "dev-a", {make_op("dev-a", 1, "c-000003", "client.delete")});
    json refused = get_json(*s.manager, "/api/v1/clients/c-000003/history", 404);
    CHECK(refused["error"]["code"] == "err.not_found");
    json log = get_json(*s.admin, "/api/v1/clients/c-000003/history");
    CHECK(log["entries"][0]["kind"] == "client.delete");
}
