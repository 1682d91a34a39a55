// Records in the card: made offline, kept across a reload, pushed, confirmed by a pull that
// carries the record; a task edited on two devices offers a conflict, a comment never does.
#include <doctest/doctest.h>

#include "core/app.hpp"
#include "core/codec.hpp"
#include "core/storage.hpp"
#include "fake_host.hpp"
#include "tests/test_time.hpp"

using namespace cc;

namespace {



json entry(const std::string& op_id, const std::string& actor, const std::string& device, std::int64_t version,
           const std::string& kind, const std::string& record, json payload, json changes = json::array()) {
    return json{{"op_id", op_id}, {"actor", actor}, {"at", 1}, {"kind", kind}, {"changes", changes}, {"record", record},
                {"device", device}, {"version", version}, {"payload", std::move(payload)}};
}

// A card signed in as `role` that pulled client c1 at version 1.
fake_host signed_in(const std::string& role = "manager", const std::string& name = "Boris") {
    fake_host h;
    h.boot("dev-a");
    h.settle();
    h.take(request_id::me);
    h.dispatch(fetch_done{request_id::me, 200, json{{"name", name}, {"role", role}}.dump()});
    h.take(request_id::pull);
    h.dispatch(fetch_done{request_id::pull, 200, one_pull_page(json::array({{{"version", 1}, {"client", {{"id", "c1"}, {"name", "Ivan"}}}}}), 1).dump()});
    h.settle();
    return h;
}

std::vector<const record*> tasks(const fake_host& h) { return h.m.store.records_of("c1", "task"); }

}  // namespace

TEST_CASE("a task made offline is shown at once, survives a reload, and is confirmed by the pull") {
    fake_host h = signed_in();
    h.dispatch(fetch_done{request_id::pull_wait, 0, ""});  // the connection drops
    h.dispatch(edit_requested{"c1", "task.create", {{"title", "Call back"}, {"assignee", "Boris"}, {"due_at", h.now + hour}},
                              "task_form", ""});
    REQUIRE(tasks(h).size() == 1);
    const std::string id = tasks(h)[0]->id;
    CHECK(id.rfind("task:dev-a:", 0) == 0);
    CHECK(tasks(h)[0]->created_by == "Boris");
    CHECK(record_pending(h.m, id));
    CHECK(h.m.store.history("c1").front().kind == "task.create");
    h.settle();

    fake_host reload;  // the page is reloaded before anything reached the server
    reload.disk = h.disk;
    reload.boot("other");
    REQUIRE(reload.m.store.records_of("c1", "task").size() == 1);
    CHECK(reload.m.store.records_of("c1", "task")[0]->text("title") == "Call back");
    CHECK(record_pending(reload.m, id));

    // Back online: the op goes out naming its record; the pull brings the record back.
    reload.settle();
    reload.take(request_id::me);
    reload.dispatch(fetch_done{request_id::me, 200, R"({"name":"Boris","role":"manager"})"});
    reload.take(request_id::pull);
    reload.dispatch(fetch_done{request_id::pull, 200, one_pull_page(json::array(), 1).dump()});
    const json pushed = json::parse(reload.take(request_id::push).body)["ops"][0];
    CHECK(pushed["kind"] == "task.create");
    CHECK(pushed["record"] == id);
    reload.dispatch(fetch_done{request_id::push, 200, json{{"schema", 1}, {"results", {{{"id", pushed["id"]}, {"status", "applied"}, {"version", 2}}}},
                                                 {"server_version", 2}, {"device_seq", 1}}.dump()});
    record confirmed = *reload.m.store.records_of("c1", "task")[0];
    confirmed.version = 2;
    reload.take(request_id::pull_wait);
    reload.dispatch(fetch_done{request_id::pull_wait, 200,
                               one_pull_page(json::array({{{"version", 2}, {"record", confirmed},
                                                  {"history", {entry(pushed["id"], "Boris", "dev-a", 2, "task.create", id, pushed["payload"])}}}}),
                                    2).dump()});
    CHECK(reload.m.journal.empty());
    CHECK_FALSE(record_pending(reload.m, id));
    REQUIRE(reload.m.store.record_base.count(id) == 1);
    CHECK(reload.m.store.history("c1").front().record_id == id);
    reload.settle();
    fake_host again;
    again.disk = reload.disk;
    again.boot("x");
    CHECK(again.m.store.records_of("c1", "task").size() == 1);
}

TEST_CASE("two devices rescheduling one task: a conflict is offered, and keeping mine sends it again") {
    fake_host h = signed_in();
    const std::int64_t t = h.now;  // h.now moves on with every action
    record task;
    task.kind = "task";
    task.id = "task:dev-b:1";
    task.client_id = "c1";
    task.fields = {{"title", "Demo"}, {"type", "meeting"}, {"assignee", "Vera"}, {"status", "open"}, {"due_at", t + hour}};
    task.version = 2;
    h.take(request_id::pull_wait);
    h.dispatch(fetch_done{request_id::pull_wait, 200, one_pull_page(json::array({{{"version", 2}, {"record", task}}}), 2).dump()});
    h.dispatch(fetch_done{request_id::pull_wait, 0, ""});
    h.dispatch(edit_requested{"c1", "task.set", {{"due_at", t + 2 * hour}}, "due", task.id});
    CHECK(h.m.store.find_record(task.id)->number("due_at") == t + 2 * hour);
    // Meanwhile Vera moved it to another time, and changed nothing else.
    record theirs = task;
    theirs.fields["due_at"] = t + 3 * hour;
    theirs.version = 3;
    h.dispatch(timer_fired{timer_id::sync_retry});
    for (const auto& r : h.tagged(request_id::pull)) (void)r;
    h.requests.clear();
    h.dispatch(fetch_done{request_id::pull, 200,
                          one_pull_page(json::array({{{"version", 3}, {"record", theirs},
                                             {"history", {entry("dev-b:2", "Vera", "dev-b", 3, "task.set", task.id, {{"due_at", t + 3 * hour}})}}}}),
                               3).dump()});
    REQUIRE(h.m.conflicts.size() == 1);
    CHECK(h.m.conflicts[0].record_id == task.id);
    CHECK(h.m.conflicts[0].field == "due_at");
    CHECK(h.m.conflicts[0].their_actor == "Vera");
    // Mine is still pending: it goes after hers and wins; the card shows mine.
    CHECK(h.m.store.find_record(task.id)->number("due_at") == t + 2 * hour);
    h.dispatch(conflict_resolved{h.m.conflicts[0].id, false});  // take theirs
    CHECK(h.m.conflicts.empty());
    // Taking theirs is a new op, after mine in the journal, that sets their time again.
    const op& last = h.m.journal.back().op;
    CHECK(last.kind == "task.set");
    CHECK(last.record_id == task.id);
    CHECK(last.payload["due_at"] == t + 3 * hour);
    CHECK(json(last).dump().find("\"record\":\"" + task.id + "\"") != std::string::npos);
    CHECK(h.m.store.find_record(task.id)->number("due_at") == t + 3 * hour);
}

TEST_CASE("comments never conflict; a comment on a deleted client, or a manager deleting a task, is refused at once") {
    fake_host h = signed_in();
    h.dispatch(edit_requested{"c1", "comment.create", {{"text", "Prefers email"}}, "comment", ""});
    const auto comments = h.m.store.records_of("c1", "comment");
    REQUIRE(comments.size() == 1);
    const std::string cid = comments[0]->id;
    // Someone else's comment arrives at the same time: both stay, no conflict.
    record other;
    other.kind = "comment";
    other.id = "comment:dev-b:1";
    other.client_id = "c1";
    other.fields = {{"text", "Called, no answer"}};
    other.created_by = "Vera";
    other.version = 2;
    h.take(request_id::pull_wait);
    h.dispatch(fetch_done{request_id::pull_wait, 200,
                          one_pull_page(json::array({{{"version", 2}, {"record", other},
                                             {"history", {entry("dev-b:1", "Vera", "dev-b", 2, "comment.create", other.id, {{"text", "x"}})}}}}),
                               2).dump()});
    CHECK(h.m.conflicts.empty());
    CHECK(h.m.store.records_of("c1", "comment").size() == 2);

    // The policy, mirrored: a manager is refused a task deletion before anything is sent.
    h.dispatch(edit_requested{"c1", "task.create", {{"title", "T"}, {"assignee", "Boris"}}, "task_form", ""});
    const std::string tid = tasks(h)[0]->id;
    const std::size_t journal = h.m.journal.size();
    h.dispatch(edit_requested{"c1", "task.delete", json::object(), "task_delete", tid});
    REQUIRE(h.m.refused.has_value());
    CHECK(h.m.refused->why.code == "err.forbidden");
    CHECK(h.m.journal.size() == journal);
    CHECK_FALSE(h.m.store.find_record(tid)->deleted);
    // A record of a client that does not exist is refused.
    h.dispatch(edit_requested{"nobody", "task.create", {{"title", "T"}, {"assignee", "Boris"}}, "task_form", ""});
    CHECK(h.m.refused->why.code == "err.not_found");
}

TEST_CASE("an admin may delete a task; a follower tab's task goes through the writer with its record") {
    fake_host h = signed_in("admin", "Anna");
    h.dispatch(edit_requested{"c1", "task.create", {{"title", "T"}, {"assignee", "Anna"}}, "task_form", ""});
    const std::string tid = tasks(h)[0]->id;
    h.dispatch(edit_requested{"c1", "task.delete", json::object(), "task_delete", tid});
    CHECK(h.m.store.find_record(tid)->deleted);

    // The writer commits a task a follower tab made (forwarded over BroadcastChannel).
    edit_forwarded f{edit_requested{"c1", "task.set", {{"title", "Renamed"}}, "title", tid}, "Anna", h.now, "tab-2:1"};
    h.dispatch(edit_requested{"c1", "task.restore", json::object(), "restore", tid});
    h.dispatch(f);
    CHECK(h.m.store.find_record(tid)->text("title") == "Renamed");
    REQUIRE_FALSE(h.answers.empty());
    CHECK(h.answers.back().answer.ok);
}

TEST_CASE("the log's filter by type is kept across a reload") {
    fake_host h = signed_in();
    h.dispatch(log_filter_changed{{"task", "comment"}});
    CHECK(h.m.log_filter == std::set<std::string>{"task", "comment"});
    h.settle();
    fake_host reload;
    reload.disk = h.disk;
    reload.boot("x");
    CHECK(reload.m.log_filter == std::set<std::string>{"task", "comment"});
}

TEST_CASE("the log fetches older pages of a client's history, one at a time, until the oldest") {
    fake_host h = signed_in();
    h.dispatch(history_requested{"c1"});
    const http_request first = h.take(request_id::history);
    CHECK(first.url.find("/api/v1/clients/c1/history?limit=50") != std::string::npos);
    CHECK(first.url.find("before=") == std::string::npos);
    CHECK(h.m.history["c1"].loading);
    h.dispatch(history_requested{"c1"});  // a second click while loading asks nothing more
    CHECK_FALSE(h.has(request_id::history));
    h.dispatch(fetch_done{request_id::history, 200,
                          json{{"entries", {entry("d:2", "Anna", "d", 5, "client.set", "", {{"city", "Omsk"}}),
                                            entry("d:1", "Anna", "d", 3, "client.set", "", {{"city", "Tver"}})}},
                               {"next_before", 3}}.dump()});
    CHECK(h.m.store.history("c1").size() == 2);
    CHECK_FALSE(h.m.history["c1"].complete);
    h.dispatch(history_requested{"c1"});
    CHECK(h.take(request_id::history).url.find("before=3") != std::string::npos);
    h.dispatch(fetch_done{request_id::history, 200,
                          json{{"entries", {entry("d:0", "Anna", "d", 1, "client.create", "", {{"name", "Ivan"}})}},
                               {"next_before", nullptr}}.dump()});
    CHECK(h.m.history["c1"].complete);
    const auto log = h.m.store.history("c1");
    REQUIRE(log.size() == 3);
    CHECK(log.front().version == 5);  // newest first
    CHECK(log.back().kind == "client.create");
    // Stored with the client: the log is there after a reload, offline.
    h.settle();
    fake_host reload;
    reload.disk = h.disk;
    reload.boot("x");
    CHECK(reload.m.store.history("c1").size() == 3);
    // A failed page says so and can be asked again.
    fake_host off = signed_in();
    off.dispatch(history_requested{"c1"});
    off.take(request_id::history);
    off.dispatch(fetch_done{request_id::history, 0, ""});
    REQUIRE(off.m.history["c1"].failed.has_value());
    off.dispatch(history_requested{"c1"});
    CHECK(off.has(request_id::history));
}

TEST_CASE("search finds a client by its records' searched fields: a task's title, a call's phone; a deleted record no more") {
    fake_host h = signed_in("admin", "Anna");  // an admin may delete a task
    auto found = [](fake_host& y, const std::string& q) {
        y.dispatch(query_changed{q});
        std::vector<std::string> ids;
        for (std::uint32_t i : y.m.results) ids.push_back(y.m.index.entries[i].id);
        return ids;
    };
    CHECK(found(h, "pianos").empty());
    h.dispatch(edit_requested{"c1", "task.create", {{"title", "Deliver the pianos"}, {"assignee", "Boris"}}, "task_form", ""});
    CHECK(found(h, "pianos") == std::vector<std::string>{"c1"});
    h.dispatch(edit_requested{"c1", "call.create", {{"phone", "+79995550011"}, {"started_at", h.now}}, "call_form", ""});
    REQUIRE(h.m.store.records_of("c1", "call").size() == 1);
    CHECK(found(h, "8 999 555-00-11") == std::vector<std::string>{"c1"});
    h.settle();

    fake_host reload;  // the index made at start reads the records too
    reload.disk = h.disk;
    reload.boot("other");
    reload.settle();
    CHECK(found(reload, "pianos") == std::vector<std::string>{"c1"});

    const std::string task_id = tasks(h)[0]->id;
    h.dispatch(edit_requested{"c1", "task.delete", json::object(), "task_form", task_id});
    REQUIRE_FALSE(h.m.refused);
    CHECK(found(h, "pianos").empty());
    CHECK(found(h, "Ivan") == std::vector<std::string>{"c1"});
}
