// Sync in the core, driven through the fake host: the outbox, retries, rebase, conflicts,
// rejected ops and follower tabs, as the user would meet them.
#include <doctest/doctest.h>

#include "core/app.hpp"
#include "core/codec.hpp"
#include "core/storage.hpp"
#include "fake_host.hpp"

using namespace cc;

namespace {

json page_of(const std::vector<std::pair<json, json>>& changes, std::int64_t cursor, std::int64_t server_version,
             bool has_more = false) {
    json out = json::array();
    std::int64_t v = cursor - static_cast<std::int64_t>(changes.size()) + 1;
    for (const auto& [c, hist] : changes) out.push_back({{"version", v++}, {"client", c}, {"history", hist}});
    return json{{"schema", 1}, {"changes", out}, {"cursor", cursor}, {"has_more", has_more},
                {"total", changes.size()}, {"server_version", server_version}};
}

json history_entry(const std::string& op_id, const std::string& actor, const std::string& device, std::int64_t version,
                   const std::string& kind, json payload, std::vector<field_change> changes) {
    json ch = json::array();
    for (const auto& c : changes) ch.push_back({{"field", c.field}, {"old", c.old_value}, {"new", c.new_value}});
    return json{{"op_id", op_id}, {"actor", actor}, {"at", 1}, {"kind", kind}, {"changes", ch},
                {"device", device}, {"version", version}, {"payload", std::move(payload)}};
}

// A card that has pulled one client "c1" at server version 1 and is waiting on a long poll.
fake_host synced_host() {
    fake_host h;
    h.boot("dev-a");
    h.settle();
    h.take(request_id::me);
    h.take(request_id::pull);
    h.dispatch(fetch_done{request_id::pull, 200, page_of({{json{{"id", "c1"}, {"name", "Ivan"}, {"city", "Kazan"}}, json::array()}}, 1, 1).dump()});
    h.settle();
    return h;
}

json push_answer(const std::vector<json>& results, std::int64_t server_version) {
    return json{{"schema", 1}, {"results", results}, {"server_version", server_version}, {"device_seq", 0}};
}

}  // namespace

TEST_CASE("an edit is pushed, confirmed, and leaves the journal only when the pull brings it") {
    fake_host h = synced_host();
    CHECK(h.has(request_id::pull_wait));  // live: the server holds a long poll
    CHECK(h.tagged(request_id::pull_wait)[0].timeout_ms > 25000);
    h.dispatch(edit_requested{"c1", "client.set", {{"name", "Иван"}}, "name"});
    const http_request push = h.take(request_id::push);
    const json body = json::parse(push.body);
    REQUIRE(body["ops"].size() == 1);
    CHECK(body["device"] == "dev-a");
    const std::string op_id = body["ops"][0]["id"];
    CHECK(pending_count(h.m) == 1);
    h.settle();
    CHECK(h.disk.count(journal_path(1)) == 1);
    CHECK(overall_status(h.m) == sync_status::syncing);

    h.dispatch(fetch_done{request_id::push, 200, push_answer({{{"id", op_id}, {"status", "applied"}, {"version", 2}}}, 2).dump()});
    CHECK(pending_count(h.m) == 0);
    REQUIRE(h.m.journal.size() == 1);  // confirmed, but its effect is not in the base yet
    CHECK(h.m.journal[0].state == op_state::confirmed);
    CHECK(h.m.store.find("c1")->name == "Иван");

    // The long poll wakes with the change; now the entry goes, and its file with it.
    h.take(request_id::pull_wait);
    json c1 = {{"id", "c1"}, {"name", "Иван"}, {"city", "Kazan"}};
    h.dispatch(fetch_done{request_id::pull_wait, 200, page_of({{c1, json::array({history_entry(op_id, "Anna", "dev-a", 2, "client.set", {{"name", "Иван"}}, {{"name", "Ivan", "Иван"}})})}}, 2, 2).dump()});
    CHECK(h.m.journal.empty());
    h.settle();
    CHECK(h.disk.count(journal_path(1)) == 0);
    CHECK(overall_status(h.m) == sync_status::synced);
    CHECK(h.m.store.find("c1")->name == "Иван");
    CHECK(h.m.conflicts.empty());  // our own op is no conflict
}

TEST_CASE("a failed push keeps every op and retries with growing, jittered delays") {
    fake_host h = synced_host();
    h.dispatch(edit_requested{"c1", "client.set", {{"city", "Omsk"}}, "city"});
    h.dispatch(edit_requested{"c1", "tag.add", {{"tag", "vip"}}, "tag"});
    const std::string first_ids = json::parse(h.take(request_id::push).body)["ops"].dump();
    h.dispatch(fetch_done{request_id::push, 0, ""});
    CHECK(h.m.sync == sync_state::offline);
    REQUIRE(!h.timers.empty());
    CHECK(h.timers.back().id == timer_id::sync_retry);
    const int first_delay = h.timers.back().ms;
    CHECK(first_delay >= 500);
    CHECK(first_delay <= 1000);
    h.dispatch(timer_fired{timer_id::sync_retry});
    // The same ops, in the same order, with the same ids: the server applies each id once.
    const json again = json::parse(h.take(request_id::push).body)["ops"];
    CHECK(again.size() == 2);
    h.dispatch(fetch_done{request_id::push, 503, R"({"error":{"code":"err.internal","message":"busy"}})"});
    CHECK(h.timers.back().ms > first_delay);
    for (int i = 0; i < 12; ++i) {
        h.dispatch(timer_fired{timer_id::sync_retry});
        h.take(request_id::push);
        h.dispatch(fetch_done{request_id::push, 0, ""});
    }
    CHECK(h.timers.back().ms <= 60000);
    CHECK(pending_count(h.m) == 2);
    CHECK(h.m.store.find("c1")->city == "Omsk");
    // The answer to a push whose reply was lost: the server says duplicate; both count as done.
    h.dispatch(timer_fired{timer_id::sync_retry});
    const json ops = json::parse(h.take(request_id::push).body)["ops"];
    CHECK(ops.dump() == again.dump());
    h.dispatch(fetch_done{request_id::push, 200, push_answer({{{"id", ops[0]["id"]}, {"status", "duplicate"}, {"version", 2}},
                                                     {{"id", ops[1]["id"]}, {"status", "applied"}, {"version", 3}}}, 3).dump()});
    CHECK(pending_count(h.m) == 0);
    CHECK(h.m.retry_attempt == 0);
}

TEST_CASE("a rejected op stays visible with its reason, survives a reload, and can be discarded or sent again") {
    fake_host h = synced_host();
    h.dispatch(edit_requested{"c1", "client.delete", json::object(), "delete"});
    const std::string id = json::parse(h.take(request_id::push).body)["ops"][0]["id"];
    CHECK(h.m.store.find("c1")->deleted);
    h.dispatch(fetch_done{request_id::push, 200, push_answer({{{"id", id}, {"status", "rejected"}, {"version", 0},
                                                     {"error", {{"code", "err.forbidden"}, {"message", "Managers may not delete clients"}}}}}, 1).dump()});
    CHECK_FALSE(h.m.store.find("c1")->deleted);  // what the server refused is not shown as done
    REQUIRE(rejected_of(h.m, "c1").size() == 1);
    CHECK(rejected_of(h.m, "c1")[0]->reason.code == "err.forbidden");
    CHECK(rejected_count(h.m) == 1);
    CHECK(pending_count(h.m) == 0);
    h.settle();

    fake_host reload;
    reload.disk = h.disk;
    reload.boot("x");
    REQUIRE(rejected_of(reload.m, "c1").size() == 1);
    CHECK(rejected_of(reload.m, "c1")[0]->reason.detail == "Managers may not delete clients");
    CHECK_FALSE(reload.has(request_id::push));  // a rejected op is not sent again by itself

    reload.dispatch(rejected_retried{id});
    CHECK(rejected_count(reload.m) == 0);
    const json ops = json::parse(reload.take(request_id::push).body)["ops"];
    REQUIRE(ops.size() == 1);
    CHECK(ops[0]["id"] != id);  // a new op: the server answers an id it rejected the same way
    CHECK(ops[0]["kind"] == "client.delete");

    h.dispatch(rejected_discarded{id});
    CHECK(rejected_count(h.m) == 0);
    CHECK(h.m.journal.empty());
    h.settle();
    CHECK(h.disk.count(journal_path(1)) == 0);
}

TEST_CASE("another device's concurrent change of the same field becomes a conflict the user settles") {
    fake_host h = synced_host();
    h.dispatch(fetch_done{request_id::pull_wait, 0, ""});  // offline
    h.dispatch(edit_requested{"c1", "client.set", {{"name", "Иван (мой)"}}, "name"});
    h.dispatch(edit_requested{"c1", "client.set", {{"city", "Omsk"}}, "city"});
    h.dispatch(fetch_done{request_id::push, 0, ""});
    // Back online: the pull brings Anna's rename, made on her device while we were offline.
    h.dispatch(timer_fired{timer_id::sync_retry});
    h.take(request_id::push);
    json c1 = {{"id", "c1"}, {"name", "Ivan Petrovich"}, {"city", "Kazan"}};
    h.dispatch(fetch_done{request_id::pull, 200, page_of({{c1, json::array({history_entry("dev-b:7", "Anna", "dev-b", 2, "client.set", {{"name", "Ivan Petrovich"}}, {{"name", "Ivan", "Ivan Petrovich"}})})}}, 2, 2).dump()});
    REQUIRE(h.m.conflicts.size() == 1);
    const conflict k = h.m.conflicts[0];
    CHECK(k.field == "name");
    CHECK(k.their_actor == "Anna");
    CHECK(k.their_value == "Ivan Petrovich");
    CHECK(k.my_value == "Иван (мой)");
    CHECK(k.mine_won);  // ours is still to be sent: it will come after hers
    CHECK(h.m.store.find("c1")->name == "Иван (мой)");  // rebase: local edits on top of the pull
    CHECK(h.m.store.find("c1")->city == "Omsk");
    CHECK(conflicts_of(h.m, "c1").size() == 1);
    h.settle();
    fake_host reload;
    reload.disk = h.disk;
    reload.boot("x");
    CHECK(reload.m.conflicts.size() == 1);  // kept until the user decides

    const std::size_t before = h.m.journal.size();
    h.dispatch(conflict_resolved{k.id, /*keep_mine=*/false});
    CHECK(h.m.conflicts.empty());
    REQUIRE(h.m.journal.size() == before + 1);
    CHECK(h.m.journal.back().op.payload == json{{"name", "Ivan Petrovich"}});
    CHECK(h.m.store.find("c1")->name == "Ivan Petrovich");
}

TEST_CASE("keeping mine when mine is already in effect sends nothing; different fields do not conflict") {
    fake_host h = synced_host();
    h.dispatch(edit_requested{"c1", "client.set", {{"name", "Mine"}}, "name"});
    h.dispatch(edit_requested{"c1", "tag.add", {{"tag", "a"}}, "tag"});
    json c1 = {{"id", "c1"}, {"name", "Theirs"}, {"city", "Perm"}, {"tags", {"b"}}};
    h.take(request_id::pull_wait);
    h.dispatch(fetch_done{request_id::pull_wait, 200, page_of({{c1, json::array({
        history_entry("dev-b:1", "Boris", "dev-b", 2, "client.set", {{"city", "Perm"}}, {{"city", "Kazan", "Perm"}}),
        history_entry("dev-b:2", "Boris", "dev-b", 3, "tag.add", {{"tag", "b"}}, {{"tags", "", "b"}}),
        history_entry("dev-b:3", "Boris", "dev-b", 4, "client.set", {{"name", "Theirs"}}, {{"name", "Ivan", "Theirs"}})})}}, 4, 4).dump()});
    REQUIRE(h.m.conflicts.size() == 1);  // only the name: city and tags were not touched here
    const std::size_t before = h.m.journal.size();
    h.dispatch(conflict_resolved{h.m.conflicts[0].id, true});
    CHECK(h.m.journal.size() == before);
    CHECK(h.m.conflicts.empty());
    const client* c = h.m.store.find("c1");
    CHECK(c->name == "Mine");
    CHECK(c->city == "Perm");
    CHECK(c->tags == std::vector<std::string>{"b", "a"});  // both tag adds survive
}

TEST_CASE("concurrent edits of different fields of one phone do not conflict; the same field does") {
    CHECK(touched_fields("item.update", {{"list", "phones"}, {"id", "p1"}, {"item", {{"type", "work"}}}}) ==
          std::vector<std::string>{"phones:p1:type"});
    CHECK(touched_fields("item.remove", {{"list", "phones"}, {"id", "p1"}}) == std::vector<std::string>{"phones:p1"});
    CHECK(touched_fields("custom.set", {{"key", "Источник"}, {"value", "VK"}}) == std::vector<std::string>{"custom:Источник"});
    CHECK(touched_fields("tag.add", {{"tag", "x"}}).empty());
    CHECK(touched_fields("item.add", {{"list", "phones"}, {"item", {{"raw", "1"}}}}).empty());
}

TEST_CASE("without a token nothing is sent; a 401 asks for sign-in instead of retrying") {
    fake_host h;
    h.dispatch(storage_loaded{{}, "dev-z"});
    CHECK(h.requests.empty());
    h.dispatch(client_created{"Offline Olga", "new"});
    CHECK(h.m.store.size() == 1);  // the card works offline, unsigned
    CHECK_FALSE(h.has(request_id::push));
    h.dispatch(token_entered{"wrong"});
    REQUIRE(h.tokens.size() == 1);
    CHECK(h.tokens[0].token == "wrong");
    h.dispatch(fetch_done{request_id::pull, 401, R"({"error":{"code":"err.unauthorized","message":"bad token"}})"});
    CHECK_FALSE(h.m.signed_in);
    CHECK(h.m.sync_message == "err.unauthorized");
    const auto timers = h.timers.size();
    h.dispatch(fetch_done{request_id::push, 401, R"({"error":{"code":"err.unauthorized","message":"bad token"}})"});
    CHECK(h.timers.size() == timers);
    CHECK(pending_count(h.m) == 1);
    h.requests.clear();
    h.dispatch(token_entered{"good"});
    CHECK(h.has(request_id::pull));
    CHECK(h.has(request_id::push));
    CHECK(h.has(request_id::me));
}

TEST_CASE("429 is transient: the ops stay and go again after a growing delay; 403 (another user's device) stops and asks for sign-in") {
    fake_host h = synced_host();
    h.dispatch(edit_requested{"c1", "client.set", {{"city", "Omsk"}}, "city"});
    const json sent = json::parse(h.take(request_id::push).body)["ops"];
    const char* limited = R"({"error":{"code":"err.rate_limited","message":"too many pushes; try again in 1 s"}})";
    h.dispatch(fetch_done{request_id::push, 429, limited});
    CHECK(h.m.sync_message == "err.rate_limited");
    CHECK(h.m.signed_in);
    REQUIRE(h.timers.back().id == timer_id::sync_retry);
    const int first = h.timers.back().ms;
    h.dispatch(timer_fired{timer_id::sync_retry});
    CHECK(json::parse(h.take(request_id::push).body)["ops"].dump() == sent.dump());  // the same ops, the same ids
    h.dispatch(fetch_done{request_id::push, 429, limited});
    CHECK(h.timers.back().ms > first);
    CHECK(pending_count(h.m) == 1);

    // The server says this browser's device id is another user's: retrying cannot help.
    h.dispatch(timer_fired{timer_id::sync_retry});
    h.take(request_id::push);
    const auto timers = h.timers.size();
    h.dispatch(fetch_done{request_id::push, 403, R"({"error":{"code":"err.device_foreign","message":"the device belongs to another user"}})"});
    CHECK(h.timers.size() == timers);
    CHECK_FALSE(h.m.signed_in);
    CHECK(h.m.sync_message == "err.device_foreign");
    CHECK(pending_count(h.m) == 1);  // kept for when the right token is given
    CHECK(h.m.store.find("c1")->city == "Omsk");
}

TEST_CASE("a follower tab forwards its edits to the writer and follows the writer's files") {
    fake_host writer;
    writer.boot("dev-a");
    writer.settle();
    writer.dispatch(fetch_done{request_id::pull, 200, page_of({{json{{"id", "c1"}, {"name", "Ivan"}}, json::array()}}, 1, 1).dump()});
    writer.settle();

    fake_host follower;
    follower.dispatch(storage_loaded{writer.disk, "unused", /*writer=*/false, "tab-2"});
    follower.decode_background();  // the shards, between frames, as in the writer
    CHECK(follower.m.store.find("c1"));
    CHECK(follower.requests.empty());
    follower.dispatch(edit_requested{"c1", "client.set", {{"city", "Тула"}}, "city"});
    follower.dispatch(edit_requested{"c1", "item.add", {{"list", "emails"}, {"item", {{"address", "bad@"}}}}, "new/emails"});
    CHECK(follower.m.refused->why.code == "err.email_invalid");  // checked before it leaves the tab
    CHECK(follower.in_flight.empty());                            // followers never write
    REQUIRE(follower.forwards.size() == 1);
    CHECK(client_save_status(follower.m, "c1") == save_status::saving);

    writer.dispatch(follower.forwards[0].edit);
    REQUIRE(writer.answers.size() == 1);
    CHECK(writer.answers[0].answer.ok);
    CHECK(writer.m.journal.back().origin == follower.forwards[0].edit.origin);
    CHECK(writer.m.store.find("c1")->city == "Тула");
    follower.dispatch(writer.answers[0].answer);

    // The writer's write lands; the follower re-reads the files it names.
    std::map<std::string, std::string> changed;
    for (const auto& [p, c] : writer.in_flight.front().writes) changed[p] = c;
    writer.settle();
    follower.dispatch(storage_changed{changed, {}});
    CHECK(follower.m.forwarded.empty());
    CHECK(follower.m.store.find("c1")->city == "Тула");
    CHECK(client_save_status(follower.m, "c1") == save_status::saved);
}

TEST_CASE("when the writer tab goes away, the follower takes over and saves what it forwarded") {
    fake_host writer;
    writer.boot("dev-a");
    writer.settle();
    writer.dispatch(fetch_done{request_id::pull, 200, page_of({{json{{"id", "c1"}, {"name", "Ivan"}}, json::array()}}, 1, 1).dump()});
    writer.settle();
    fake_host follower;
    follower.dispatch(token_entered{"t"});
    follower.dispatch(storage_loaded{writer.disk, "unused", false, "tab-2"});
    follower.dispatch(edit_requested{"c1", "client.set", {{"city", "Тула"}}, "city"});
    REQUIRE(follower.forwards.size() == 1);
    // The writer closed before it got the edit. The lock passes to the follower.
    follower.dispatch(storage_loaded{writer.disk, "unused", true, "tab-2"});
    CHECK(follower.m.writer);
    CHECK(follower.m.forwarded.empty());
    REQUIRE(follower.m.journal.size() == 1);
    CHECK(follower.m.journal[0].op.device == "dev-a");  // the same device: one browser, one store
    CHECK(follower.m.store.find("c1")->city == "Тула");
    CHECK(follower.has(request_id::push));
    follower.settle();
    CHECK(follower.disk.count(journal_path(follower.m.journal[0].op.seq)));
}

TEST_CASE("a server whose data was reset below the card's cursor is pulled again from the start") {
    fake_host h = synced_host();
    h.dispatch(edit_requested{"c1", "client.set", {{"city", "Omsk"}}, "city"});
    h.take(request_id::pull_wait);
    h.dispatch(fetch_done{request_id::pull_wait, 200, page_of({}, 0, 0).dump()});
    CHECK(h.m.server_version == 0);
    CHECK(h.has(request_id::pull));
    CHECK(pending_count(h.m) == 1);  // the local edit is still there, to be sent again
}

TEST_CASE("an op whose push answer was lost is recognised in the next pull and not applied twice") {
    fake_host h = synced_host();
    h.dispatch(edit_requested{"c1", "item.add", {{"list", "phones"}, {"item", {{"raw", "+7 912 000 00 11"}}}}, "new/phones"});
    const json op = json::parse(h.take(request_id::push).body)["ops"][0];
    h.dispatch(fetch_done{request_id::push, 0, ""});  // the server applied it; the answer never came
    json c1 = {{"id", "c1"}, {"name", "Ivan"}, {"city", "Kazan"},
               {"phones", {{{"id", op["id"]}, {"type", "mobile"}, {"raw", "+7 912 000 00 11"}, {"e164", "+79120000011"}}}}};
    h.take(request_id::pull_wait);
    h.dispatch(fetch_done{request_id::pull_wait, 200, page_of({{c1, json::array({history_entry(op["id"], "Anna", "dev-a", 2, "item.add", op["payload"], {{"phones", "", "+7 912 000 00 11"}})})}}, 2, 2).dump()});
    CHECK(h.m.store.find("c1")->phones.size() == 1);
    CHECK(h.m.journal.empty());
    CHECK(pending_count(h.m) == 0);
}

TEST_CASE("a rejection keeps the field and detail the card needs for its sentence") {
    fake_host h = synced_host();
    h.dispatch(edit_requested{"c1", "client.set", {{"city", "Omsk"}}, "city"});
    const std::string id = json::parse(h.take(request_id::push).body)["ops"][0]["id"];
    h.dispatch(fetch_done{request_id::push, 200, push_answer({{{"id", id}, {"status", "rejected"}, {"version", 0},
        {"error", {{"code", "err.too_long"}, {"message", "Too long"}, {"field", "city"}, {"detail", "200"}}}}}, 1).dump()});
    REQUIRE(rejected_of(h.m, "c1").size() == 1);
    CHECK(rejected_of(h.m, "c1")[0]->reason == error{"err.too_long", "city", "200"});
}

TEST_CASE("with no token the card never claims to be synced") {
    fake_host h;
    h.dispatch(storage_loaded{{}, "dev-q"});
    h.settle();
    CHECK(overall_status(h.m) == sync_status::saved_locally);
}

TEST_CASE("an edit forwarded twice (re-sent to a new writer) is committed once") {
    fake_host writer;
    writer.boot("dev-a");
    writer.settle();
    writer.dispatch(fetch_done{request_id::pull, 200, page_of({{json{{"id", "c1"}, {"name", "Ivan"}}, json::array()}}, 1, 1).dump()});
    edit_forwarded f{edit_requested{"c1", "item.add", {{"list", "emails"}, {"item", {{"address", "a@b.ru"}}}}, "new/emails"}, "Anna", 5, "tab-2:1"};
    writer.dispatch(f);
    writer.dispatch(f);
    CHECK(writer.m.journal.size() == 1);
    CHECK(writer.m.store.find("c1")->emails.size() == 1);
    REQUIRE(writer.answers.size() == 2);
    CHECK(writer.answers[1].answer.ok);
}
