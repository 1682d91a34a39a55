// fuzz_push — feeds push bodies (POST /api/v1/push, docs/api.md) to the reference server's
// sync_service::push_text, the function the HTTP layer hands the body to, against one
// in-memory SQLite store. The byte sum of the body picks the caller: Anna (admin), Boris
// (manager) or Telephony (integration), so every body is tried with a role and a flipped byte
// tries another: the policy (core/policy.hpp) refuses different ops for each.
//
// The store is reused across inputs (opening one costs more than a push) and replaced every
// `runs_per_store` inputs so it stays small; a fresh store holds client "c1" and "c2", and on c1
// a task ("task:seed-device:4") and a comment ("comment:seed-device:5"), so updates of clients
// and records have something to change. An input that crashes only after earlier ones may therefore not
// crash alone: replay the run's last inputs in order (docs/fuzzing.md).
//
// Checks: nothing crashes; every answer is a JSON object the HTTP layer can send; a 500 (the
// service threw) never happens on an in-memory store; a 200 answers every op of the batch.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "sqlite_store.hpp"
#include "sync_service.hpp"
#include "users.hpp"

namespace {

using cc::server::json;

constexpr int runs_per_store = 5000;

void must(bool ok, const char* what, const cc::server::reply& r) {
    if (ok) return;
    std::fprintf(stderr, "fuzz_push: %s\n  status %d: %s\n", what, r.status,
                 r.body.dump(-1, ' ', false, json::error_handler_t::replace).substr(0, 2000).c_str());
    std::abort();
}

const cc::server::user anna{"Anna", cc::server::user_role::admin};
const cc::server::user boris{"Boris", cc::server::user_role::manager};
const cc::server::user telephony{"Telephony", cc::server::user_role::integration};

// The server limits pushes per user (429 past a burst, `sync_limits::push_rate`, on the protocol
// branch); the fuzzer pushes thousands a second as two users, so the limit is turned off where
// sync_limits has one. Chosen at compile time: the first overload exists only with the member.
template <class L>
auto without_push_limit(L limits, int) -> decltype(limits.push_rate = {0, 0}, L{}) {
    limits.push_rate = {0, 0};
    return limits;
}
template <class L>
L without_push_limit(L limits, long) { return limits; }

struct server {
    cc::server::sqlite_store store{":memory:", cc::server::sqlite_options{false}};
    cc::server::sync_service sync{store, without_push_limit(cc::server::sync_limits{}, 0)};
    server() {
        const char* seed = R"({"schema": 1, "device": "seed-device", "ops": [
          {"id": "seed-device:1", "device": "seed-device", "seq": 1, "client_id": "c1", "kind": "client.create",
           "payload": {"name": "Ivan Petrov", "city": "Kazan"}, "at": 1700000000000},
          {"id": "seed-device:2", "device": "seed-device", "seq": 2, "client_id": "c1", "kind": "item.add",
           "payload": {"list": "phones", "item": {"type": "mobile", "raw": "+7 912 345-67-89"}}, "at": 1700000000001},
          {"id": "seed-device:3", "device": "seed-device", "seq": 3, "client_id": "c2", "kind": "client.create",
           "payload": {"name": "Vera Ivanova", "company": "Roga"}, "at": 1700000000002},
          {"id": "seed-device:4", "device": "seed-device", "seq": 4, "client_id": "c1", "kind": "task.create",
           "record": "task:seed-device:4", "payload": {"title": "Call back", "assignee": "Anna"}, "at": 1700000000003},
          {"id": "seed-device:5", "device": "seed-device", "seq": 5, "client_id": "c1", "kind": "comment.create",
           "record": "comment:seed-device:5", "payload": {"text": "See https://example.com"}, "at": 1700000000004}]})";
        auto r = sync.push_text(anna, seed);
        must(r.status == 200, "the seed push must apply", r);
        for (const auto& result : r.body["results"]) must(result["status"] == "applied", "every seed op must apply", r);
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static std::unique_ptr<server> s;
    static int runs = 0;
    if (!s || ++runs % runs_per_store == 0) {
        s.reset();
        s = std::make_unique<server>();
    }
    unsigned sum = 0;
    for (std::size_t i = 0; i < size; ++i) sum += data[i];
    const cc::server::user& who = sum % 3 == 0 ? anna : sum % 3 == 1 ? boris : telephony;

    const std::string_view body(reinterpret_cast<const char*>(data), size);
    const cc::server::reply r = s->sync.push_text(who, body);

    must(r.body.is_object(), "every answer is a JSON object", r);
    (void)r.body.dump(-1, ' ', false, json::error_handler_t::replace);  // what http_api sends
    must(r.status != 500, "an in-memory store never fails: a 500 means an op made the service throw", r);
    must(r.status != 429, "the fuzzed service has no push limit: every body reaches the ops", r);
    if (r.status == 200) {
        // push_text parsed the body already; parsing again here is safe for a body it accepted.
        const json sent = json::parse(body);
        must(r.body.contains("results") && r.body["results"].is_array() &&
                 r.body["results"].size() == sent["ops"].size(),
             "a 200 answers every op of the batch", r);
    } else {
        must(r.body.contains("error") && r.body["error"].is_object(), "a refusal says why", r);
    }
    return 0;
}
