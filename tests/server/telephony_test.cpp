// telephony_test.cpp — POST /api/v1/integrations/calls over real HTTP (docs/api.md, "Telephony"):
// one call per (source, external id) however often it is sent, a recording attached later, the
// caller's client found by number in any format or made for an unknown one, only integration
// accounts, and refusals that say which field is wrong and keep nothing.
#include <doctest/doctest.h>

#include "core/phone.hpp"
#include "test_support.hpp"

using namespace cc_test;

namespace {

constexpr std::int64_t start_2026 = 1767225600000;  // 2026-01-01T00:00:00Z
const std::string calls_path = "/api/v1/integrations/calls";

// A demo client with a phone, and that phone's E.164 number.
std::pair<std::string, std::string> client_with_phone(record_server& s) {
    json page = s.pull(*s.admin);
    for (const json& ch : page["changes"])
        if (ch.contains("client") && !ch["client"]["phones"].empty() && !ch["client"]["deleted"].get<bool>())
            return {ch["client"]["id"], ch["client"]["phones"][0]["e164"]};
    FAIL("no demo client has a phone");
    return {};
}

// The calls a pull shows with this external id.
std::vector<json> calls_with(const json& page, const std::string& external_id) {
    std::vector<json> out;
    for (const json& ch : page["changes"])
        if (ch.contains("record") && ch["record"]["kind"] == "call" && ch["record"]["fields"].value("external_id", "") == external_id)
            out.push_back(ch);
    return out;
}

}  // namespace

TEST_CASE("telephony: the same call id twice updates one call; a recording attaches later") {
    record_server s;
    const auto [client_id, e164] = client_with_phone(s);
    const std::int64_t before = s.server_version();

    // The number written another way than the client's card has it: found anyway.
    const std::string written = cc::format_phone(e164);
    REQUIRE(written != e164);
    json event = {{"external_id", "mango-771"}, {"source", "mango"}, {"phone", written},
                  {"direction", "incoming"}, {"started_at", start_2026}, {"duration_s", 0},
                  {"took_place", false}, {"reason", "no_answer"}, {"manager", "Boris"}};
    http_answer a = post_json(*s.integration, calls_path, event);
    REQUIRE(a.status == 200);
    CHECK(a.body["created"] == true);
    CHECK(a.body["client_created"] == false);
    CHECK(a.body["client_id"] == client_id);
    const std::string record = a.body["record"];
    CHECK(record.rfind("call:integration:Telephony:", 0) == 0);
    CHECK(a.body["version"] == before + 1);

    json page = s.pull(*s.manager, "since=" + std::to_string(before));
    auto calls = calls_with(page, "mango-771");
    REQUIRE(calls.size() == 1);
    const json& call = calls[0]["record"];
    CHECK(call["id"] == record);
    CHECK(call["client_id"] == client_id);
    CHECK(call["created_by"] == "Telephony");
    CHECK(call["fields"]["source"] == "mango");
    CHECK(call["fields"]["took_place"] == false);
    CHECK(call["fields"]["reason"] == "no_answer");
    REQUIRE(calls[0]["history"].size() == 1);
    CHECK(calls[0]["history"][0]["actor"] == "Telephony");
    CHECK(calls[0]["history"][0]["device"] == "integration:Telephony");
    CHECK(calls[0]["history"][0]["kind"] == "call.create");

    // The call was answered after all: the same id updates it with the fields that changed.
    event["took_place"] = true;
    event["duration_s"] = 125;
    event.erase("reason");
    a = post_json(*s.integration, calls_path, event);
    REQUIRE(a.status == 200);
    CHECK(a.body["created"] == false);
    CHECK(a.body["record"] == record);
    CHECK(a.body["version"] == before + 2);
    page = s.pull(*s.manager, "since=" + std::to_string(before + 1));
    calls = calls_with(page, "mango-771");
    REQUIRE(calls.size() == 1);
    CHECK(calls[0]["record"]["fields"]["took_place"] == true);
    CHECK(calls[0]["record"]["fields"]["duration_s"] == 125);
    CHECK_FALSE(calls[0]["record"]["fields"].contains("reason"));
    REQUIRE(calls[0]["history"].size() == 1);
    CHECK(calls[0]["history"][0]["kind"] == "call.set");
    CHECK(calls[0]["history"][0]["payload"] == json{{"duration_s", 125}, {"reason", nullptr}, {"took_place", true}});

    // The same event again changes nothing: no op, no new version.
    a = post_json(*s.integration, calls_path, event);
    CHECK(a.status == 200);
    CHECK(a.body["created"] == false);
    CHECK(a.body["version"] == before + 2);
    CHECK(s.server_version() == before + 2);

    // The recording arrives later, alone with the ids, once uploaded to the file store; one that
    // was never uploaded is refused and changes nothing.
    const json missing = {{"id", std::string(64, 'b')}, {"name", "mango-771.mp3"}, {"size", 48213}, {"type", "audio/mpeg"}};
    a = post_json(*s.integration, calls_path, {{"external_id", "mango-771"}, {"source", "mango"}, {"recording", missing}});
    CHECK(a.status == 400);
    CHECK(a.body["error"]["code"] == "err.file_not_found");
    CHECK(a.body["error"]["field"] == "recording");
    CHECK(s.server_version() == before + 2);
    const std::string mp3 = std::string("ID3\x04\x00\x00\x00\x00\x00\x00", 10) + std::string(4000, '\x55');
    auto uploaded = s.integration->Post("/api/v1/files", {{"X-File-Name", "mango-771.mp3"}}, mp3, "audio/mpeg");
    REQUIRE(uploaded);
    REQUIRE(uploaded->status == 201);
    const json stored = json::parse(uploaded->body);
    const json file = {{"id", stored["id"]}, {"name", "mango-771.mp3"}, {"size", stored["size"]}, {"type", stored["type"]}};
    a = post_json(*s.integration, calls_path, {{"external_id", "mango-771"}, {"source", "mango"}, {"recording", file}});
    REQUIRE(a.status == 200);
    CHECK(a.body["record"] == record);
    page = s.pull(*s.manager, "since=0");
    calls = calls_with(page, "mango-771");
    REQUIRE(calls.size() == 1);  // one call, whatever was sent
    CHECK(calls[0]["record"]["fields"]["recording"] == file);
    CHECK(calls[0]["record"]["fields"]["duration_s"] == 125);

    // Another source may use the same id for its own call.
    a = post_json(*s.integration, calls_path,
                  {{"external_id", "mango-771"}, {"source", "zadarma"}, {"client_id", client_id}, {"phone", e164}, {"started_at", start_2026}});
    CHECK(a.body["created"] == true);
    CHECK(a.body["record"] != record);

    // The client's log shows the calls.
    json log = get_json(*s.manager, "/api/v1/clients/" + client_id + "/history");
    int call_entries = 0;
    for (const json& e : log["entries"]) call_entries += e.value("record_kind", "") == "call";
    CHECK(call_entries == 4);
}

TEST_CASE("telephony: an unknown number becomes a new client named by it; its next call finds it") {
    record_server s;
    const std::string number = "+7 (999) 000-12-34";
    json page = s.pull(*s.admin);
    for (const json& ch : page["changes"])
        for (const json& p : ch["client"]["phones"]) REQUIRE(p["e164"] != "+79990001234");

    http_answer a = post_json(*s.integration, calls_path,
                              {{"external_id", "c-1"}, {"phone", number}, {"started_at", start_2026}, {"direction", "incoming"}});
    REQUIRE(a.status == 200);
    CHECK(a.body["created"] == true);
    CHECK(a.body["client_created"] == true);
    const std::string client_id = a.body["client_id"];
    CHECK(client_id.rfind("c:integration:Telephony:", 0) == 0);

    page = s.pull(*s.manager, "since=10");
    json c = change_for(page, client_id);
    REQUIRE_FALSE(c.is_null());
    CHECK(c["client"]["name"] == "+7 999 000-12-34");
    REQUIRE(c["client"]["phones"].size() == 1);
    CHECK(c["client"]["phones"][0]["e164"] == "+79990001234");
    CHECK(c["client"]["phones"][0]["raw"] == number);
    auto calls = calls_with(page, "c-1");
    REQUIRE(calls.size() == 1);
    CHECK(calls[0]["record"]["client_id"] == client_id);
    CHECK(calls[0]["record"]["fields"]["source"] == "Telephony");  // the account's name by default

    // The next call from that number, written another way, lands on the same client.
    a = post_json(*s.integration, calls_path, {{"external_id", "c-2"}, {"phone", "89990001234"}, {"started_at", start_2026 + 1000}});
    CHECK(a.body["client_created"] == false);
    CHECK(a.body["client_id"] == client_id);

    // A deleted client is not a caller's client any more: a new one is made.
    s.push(*s.admin, "dev-a", {make_op("dev-a", 1, client_id, "client.delete")});
    a = post_json(*s.integration, calls_path, {{"external_id", "c-3"}, {"phone", number}, {"started_at", start_2026 + 2000}});
    CHECK(a.body["client_created"] == true);
    CHECK(a.body["client_id"] != client_id);
}

TEST_CASE("telephony: only integration accounts; bad events are 400 with the field, and keep nothing") {
    record_server s;
    const auto [client_id, e164] = client_with_phone(s);
    const json good = {{"external_id", "x-1"}, {"phone", e164}, {"started_at", start_2026}};
    for (auto* who : {s.admin.get(), s.manager.get()}) {
        http_answer a = post_json(*who, calls_path, good);
        CHECK(a.status == 403);
        CHECK(a.body["error"]["code"] == "err.forbidden");
    }
    auto anonymous = s.server->client("");
    CHECK(anonymous->Post(calls_path.c_str(), good.dump(), "application/json")->status == 401);
    CHECK(s.integration->Get(calls_path.c_str())->status == 405);
    // The integration's own device is nobody's to push or pull with; the integration itself
    // never pushes at all (an integration account is not a card).
    for (auto* who : {s.manager.get(), s.integration.get()}) {
        http_answer a = post_push(*who, make_batch("integration:Telephony",
                                                   {make_op("integration:Telephony", 1, client_id, "tag.add", {{"tag", "x"}})}));
        CHECK(a.status == 403);
        CHECK(a.body["error"]["code"] == (who == s.integration.get() ? "err.forbidden" : "err.device_foreign"));
    }

    const std::int64_t version = s.server_version();
    struct bad_case { json change; int status; const char* code; const char* field; };
    const std::vector<bad_case> cases = {
        {{{"direction", "sideways"}}, 400, "err.bad_value", "direction"},
        {{{"colour", "red"}}, 400, "err.unknown_field", "colour"},
        {{{"external_id", nullptr}}, 400, "err.required", "external_id"},
        {{{"external_id", std::string(129, 'x')}}, 400, "err.too_long", "external_id"},
        {{{"phone", "12"}}, 400, "err.phone_invalid", "phone"},
        {{{"phone", nullptr}}, 400, "err.bad_value", "phone"},
        {{{"took_place", false}}, 400, "err.required", "reason"},
        {{{"duration_s", -5}}, 400, "err.out_of_range", "duration_s"},
        {{{"started_at", "yesterday"}}, 400, "err.bad_value", "started_at"},
        {{{"recording", {{"id", "abc"}}}}, 400, "err.bad_value", "recording"},
        {{{"source", ""}}, 400, "err.required", "source"},
        {{{"client_id", "c-nobody"}}, 404, "err.not_found", "client_id"},
    };
    for (const auto& c : cases) {
        json event = good;
        for (const auto& [k, v] : c.change.items()) event[k] = v;
        INFO(event.dump());
        http_answer a = post_json(*s.integration, calls_path, event);
        CHECK(a.status == c.status);
        CHECK(a.body["error"]["code"] == c.code);
        CHECK(a.body["error"]["field"] == c.field);
        CHECK_FALSE(a.body["error"]["message"].get<std::string>().empty());
    }
    json no_phone = good;
    no_phone.erase("phone");
    http_answer a = post_json(*s.integration, calls_path, no_phone);
    CHECK(a.status == 400);
    CHECK(a.body["error"]["field"] == "phone");
    CHECK(s.integration->Post(calls_path.c_str(), "[1,2", "application/json")->status == 400);
    CHECK(post_json(*s.integration, calls_path, json::array()).status == 400);
    // An unknown number with a bad call: neither the client nor the call is kept.
    a = post_json(*s.integration, calls_path, {{"external_id", "x-2"}, {"phone", "+7 999 000-77-66"}, {"direction", "up"}});
    CHECK(a.status == 400);
    CHECK(s.server_version() == version);
    // And the good event still works.
    CHECK(post_json(*s.integration, calls_path, good).status == 200);
}
