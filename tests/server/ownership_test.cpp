// ownership_test.cpp — who may use which ids, over real HTTP (docs/api.md "Who may use which
// ids"): a device belongs to the user who first pushed or pulled with it; an op id is its own
// "<device>:<seq>"; a used op id keeps its content; "c:<op id>" client ids are the creating
// device's; a deleted client comes back only by an admin's client.restore.
//
// Vera (manager2) is the honest user, Boris (manager) tries to take her ids, Anna is the admin.
//
// Index of this file
//   [SECTION] fixture
//   [SECTION] devices
//   [SECTION] op ids
//   [SECTION] client ids, delete and restore
#include <doctest/doctest.h>

#include "test_support.hpp"

using namespace cc_test;

// [SECTION] fixture --------------------------------------------------------------------------------------

namespace {

struct owners_server {
    temp_dir dir;
    std::unique_ptr<server_process> server;
    std::unique_ptr<httplib::Client> anna, boris, vera;
    owners_server() {
        server = start_server(dir / "cc.db", dir / "web", 10);
        anna = server->client(admin_token);
        boris = server->client(manager_token);
        vera = server->client(manager2_token);
    }
    json client_state(const std::string& id) {
        json page = get_json(*anna, "/api/v1/pull?since=0&limit=2000");
        for (const json& ch : page["changes"])
            if (ch["client"]["id"] == id) return with_log(*anna, ch);  // the whole log
        return json();
    }
    std::int64_t device_seq(httplib::Client& who, const std::string& device) {
        return get_json(who, "/api/v1/pull?limit=0&device=" + device)["device_seq"];
    }
};

json note_op(const std::string& device, std::int64_t seq, const std::string& note, const std::string& client = "c-000001") {
    return make_op(device, seq, client, "client.set", {{"note", note}});
}

json only_result(const http_answer& a) {
    REQUIRE(a.status == 200);
    REQUIRE(a.body["results"].size() == 1);
    return a.body["results"][0];
}

}  // namespace

// [SECTION] devices ---------------------------------------------------------------------------------------

TEST_CASE("another user's device id: the push is 403 err.device_foreign, and her own next ops then apply") {
    owners_server s;
    REQUIRE(only_result(post_push(*s.vera, make_batch("vera-dev", {note_op("vera-dev", 1, "Vera 1")})))["status"] == "applied");

    // Boris has seen "vera-dev:1" in a pull; he sends her next two ids as her device.
    http_answer forged = post_push(*s.boris, make_batch("vera-dev", {note_op("vera-dev", 2, "Boris was here"),
                                                                      note_op("vera-dev", 3, "Boris again")}));
    CHECK(forged.status == 403);
    CHECK(forged.body["error"]["code"] == "err.device_foreign");
    CHECK(forged.body["error"]["message"].get<std::string>().find("Vera") == std::string::npos);  // owners are not told
    CHECK(s.client_state("c-000001")["client"]["note"] == "Vera 1");

    // Her own next ops are hers: applied now, not "duplicate" of his.
    http_answer hers = post_push(*s.vera, make_batch("vera-dev", {note_op("vera-dev", 2, "Vera 2"), note_op("vera-dev", 3, "Vera 3")}));
    REQUIRE(hers.status == 200);
    CHECK(hers.body["results"][0]["status"] == "applied");
    CHECK(hers.body["results"][1]["status"] == "applied");
    json c1 = s.client_state("c-000001");
    CHECK(c1["client"]["note"] == "Vera 3");
    for (const json& h : c1["history"])
        if (h["device"] == "vera-dev") CHECK(h["actor"] == "Vera");
}

TEST_CASE("another user cannot move a device's device_seq, not even to 10^17") {
    owners_server s;
    REQUIRE(only_result(post_push(*s.vera, make_batch("vera-dev", {note_op("vera-dev", 1, "one")})))["status"] == "applied");
    const std::int64_t far = 100000000000000000;  // 10^17
    http_answer a = post_push(*s.boris, make_batch("vera-dev", {note_op("vera-dev", far, "pinned")}));
    CHECK(a.status == 403);
    CHECK(s.device_seq(*s.vera, "vera-dev") == 1);
    // An op of her device inside his own batch: refused and not recorded either.
    json smuggled = note_op("vera-dev", far, "pinned");
    CHECK(only_result(post_push(*s.boris, make_batch("boris-dev", {smuggled})))["status"] == "rejected");
    CHECK(s.device_seq(*s.vera, "vera-dev") == 1);
    CHECK(only_result(post_push(*s.vera, make_batch("vera-dev", {note_op("vera-dev", 2, "two")})))["status"] == "applied");
    CHECK(s.device_seq(*s.vera, "vera-dev") == 2);
}

TEST_CASE("a pull with another user's device is 403; a first pull makes a new device the puller's") {
    owners_server s;
    REQUIRE(only_result(post_push(*s.vera, make_batch("vera-dev", {note_op("vera-dev", 1, "one")})))["status"] == "applied");
    json refused = get_json(*s.boris, "/api/v1/pull?since=0&device=vera-dev", 403);
    CHECK(refused["error"]["code"] == "err.device_foreign");
    CHECK_FALSE(refused.contains("device_seq"));
    CHECK(s.device_seq(*s.vera, "vera-dev") == 1);

    // Boris's card pulls before it ever pushes: from then on the device is his.
    CHECK(s.device_seq(*s.boris, "boris-laptop") == 0);
    http_answer taken = post_push(*s.vera, make_batch("boris-laptop", {note_op("boris-laptop", 1, "mine?")}));
    CHECK(taken.status == 403);
    get_json(*s.vera, "/api/v1/pull?since=0&device=boris-laptop", 403);
    CHECK(only_result(post_push(*s.boris, make_batch("boris-laptop", {note_op("boris-laptop", 1, "his")})))["status"] == "applied");
    // Two devices of one user are both hers (two browsers).
    CHECK(only_result(post_push(*s.vera, make_batch("vera-phone", {note_op("vera-phone", 1, "phone")})))["status"] == "applied");
}

TEST_CASE("the demo data's device \"import\" is nobody's to push or pull as") {
    owners_server s;
    CHECK(post_push(*s.anna, make_batch("import", {note_op("import", 11, "re-import")})).status == 403);
    get_json(*s.anna, "/api/v1/pull?since=0&device=import", 403);
}

// [SECTION] op ids ----------------------------------------------------------------------------------------

TEST_CASE("an op id must be its own <device>:<seq>: another device's next ids in one's own batch are rejected") {
    owners_server s;
    REQUIRE(only_result(post_push(*s.vera, make_batch("vera-dev", {note_op("vera-dev", 1, "one")})))["status"] == "applied");
    json forged = note_op("boris-dev", 1, "Boris as vera-dev:2");
    forged["id"] = "vera-dev:2";
    json r = only_result(post_push(*s.boris, make_batch("boris-dev", {forged})));
    CHECK(r["status"] == "rejected");
    CHECK(r["error"]["code"] == "err.op_id_mismatch");
    CHECK(r["error"]["detail"] == "boris-dev:1");
    // Not recorded: Boris's seq 1 is still free, and Vera's 2 is hers.
    CHECK(s.device_seq(*s.boris, "boris-dev") == 0);
    CHECK(only_result(post_push(*s.vera, make_batch("vera-dev", {note_op("vera-dev", 2, "two")})))["status"] == "applied");
    CHECK(only_result(post_push(*s.boris, make_batch("boris-dev", {note_op("boris-dev", 1, "his own")})))["status"] == "applied");
}

TEST_CASE("a used op id sent again with other content is rejected err.op_id_reused, never duplicate; the same op is duplicate") {
    owners_server s;
    json first = note_op("vera-dev", 1, "first");
    REQUIRE(only_result(post_push(*s.vera, make_batch("vera-dev", {first})))["status"] == "applied");
    const std::int64_t version = s.client_state("c-000001")["version"];

    json changed = note_op("vera-dev", 1, "changed");
    json r = only_result(post_push(*s.vera, make_batch("vera-dev", {changed})));
    CHECK(r["status"] == "rejected");
    CHECK(r["error"]["code"] == "err.op_id_reused");
    CHECK(s.client_state("c-000001")["client"]["note"] == "first");

    for (const auto& [key, value] : std::vector<std::pair<std::string, json>>{
             {"kind", "tag.add"}, {"client_id", "c-000002"}, {"at", 1700000000001}}) {
        CAPTURE(key);
        json other = first;
        other[key] = value;
        if (key == "kind") other["payload"] = {{"tag", "x"}};
        CHECK(only_result(post_push(*s.vera, make_batch("vera-dev", {other})))["error"]["code"] == "err.op_id_reused");
    }

    // The identical op (another actor written in it changes nothing: the server stamps it).
    json same = first;
    same["actor"] = "someone else";
    json d = only_result(post_push(*s.vera, make_batch("vera-dev", {same})));
    CHECK(d["status"] == "duplicate");
    CHECK(d["version"] == version);

    // A rejected op keeps its rejection when sent again as it was, and cannot be turned into
    // another op under its id either.
    json bad = make_op("vera-dev", 2, "c-000001", "item.add", {{"list", "emails"}, {"item", {{"address", "not-an-email"}}}});
    CHECK(only_result(post_push(*s.vera, make_batch("vera-dev", {bad})))["error"]["code"] == "err.email_invalid");
    CHECK(only_result(post_push(*s.vera, make_batch("vera-dev", {bad})))["error"]["code"] == "err.email_invalid");
    json fixed = make_op("vera-dev", 2, "c-000001", "item.add", {{"list", "emails"}, {"item", {{"address", "a@example.com"}}}});
    CHECK(only_result(post_push(*s.vera, make_batch("vera-dev", {fixed})))["error"]["code"] == "err.op_id_reused");
}

// [SECTION] client ids, delete and restore -----------------------------------------------------------------

TEST_CASE("a client id \"c:<op id>\" belongs to the device of that op: nobody takes the id another card's next create uses") {
    owners_server s;
    REQUIRE(only_result(post_push(*s.vera, make_batch("vera-dev", {note_op("vera-dev", 1, "one")})))["status"] == "applied");
    json r = only_result(post_push(*s.boris, make_batch("boris-dev",
        {make_op("boris-dev", 1, "c:vera-dev:2", "client.create", {{"name", "Захват"}})})));
    CHECK(r["status"] == "rejected");
    CHECK(r["error"]["code"] == "err.client_id_foreign");
    CHECK(only_result(post_push(*s.vera, make_batch("vera-dev",
        {make_op("vera-dev", 2, "c:vera-dev:2", "client.create", {{"name", "Новая Клиентка"}})})))["status"] == "applied");
    CHECK(s.client_state("c:vera-dev:2")["client"]["name"] == "Новая Клиентка");
    // Other ids are free-form, as integrations use them.
    CHECK(only_result(post_push(*s.boris, make_batch("boris-dev",
        {make_op("boris-dev", 2, "crm-884412", "client.create", {{"name", "Импорт"}})})))["status"] == "applied");
}

TEST_CASE("a deleted client: a manager's client.create with its id is refused, client.restore is an admin's") {
    owners_server s;
    REQUIRE(only_result(post_push(*s.anna, make_batch("anna-dev", {make_op("anna-dev", 1, "c-000003", "client.delete")})))["status"] == "applied");
    REQUIRE(s.client_state("c-000003")["client"]["deleted"] == true);

    json undelete = only_result(post_push(*s.boris, make_batch("boris-dev",
        {make_op("boris-dev", 1, "c-000003", "client.create", {{"name", "Back again"}})})));
    CHECK(undelete["status"] == "rejected");
    CHECK(undelete["error"]["code"] == "err.client_deleted");
    json restore_m = only_result(post_push(*s.boris, make_batch("boris-dev", {make_op("boris-dev", 2, "c-000003", "client.restore")})));
    CHECK(restore_m["status"] == "rejected");
    CHECK(restore_m["error"]["code"] == "err.forbidden");
    // Not even an admin re-creates it: its id stays taken.
    CHECK(only_result(post_push(*s.anna, make_batch("anna-dev",
        {make_op("anna-dev", 2, "c-000003", "client.create", {{"name", "Again"}})})))["error"]["code"] == "err.client_deleted");
    CHECK(s.client_state("c-000003")["client"]["deleted"] == true);

    json restored = only_result(post_push(*s.anna, make_batch("anna-dev", {make_op("anna-dev", 3, "c-000003", "client.restore")})));
    CHECK(restored["status"] == "applied");
    json c3 = s.client_state("c-000003");
    CHECK(c3["client"]["deleted"] == false);
    CHECK(c3["history"][0]["kind"] == "client.restore");
    CHECK(c3["history"][0]["actor"] == "Anna");
    CHECK(only_result(post_push(*s.anna, make_batch("anna-dev", {make_op("anna-dev", 4, "c-000003", "client.restore")})))["error"]["code"] == "err.not_deleted");
    // A client that exists was never open to a create either.
    CHECK(only_result(post_push(*s.boris, make_batch("boris-dev",
        {make_op("boris-dev", 3, "c-000004", "client.create", {{"name", "Twin"}})})))["error"]["code"] == "err.client_exists");
}
