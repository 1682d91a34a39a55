// sync_service.hpp — push and pull (docs/api.md) with no HTTP in sight: the HTTP layer
// (http_api.cpp) only authenticates, parses query strings and maps replies to responses, so
// tests can drive the real protocol logic in-process, thousands of times per run:
//
//     cc::server::sqlite_store store(":memory:");
//     cc::server::sync_service sync(store);
//     cc::server::user anna{"Anna", cc::server::user_role::admin};
//     reply r = sync.push(anna, {{"schema", 1}, {"device", "d1"}, {"ops", json::array({op})}});
//     json page = sync.pull({/*since*/ 0, /*limit*/ 500, /*device*/ "d1"}).parsed();
//
// Ops on the client go through cc::apply, ops on its records (task.*, call.*, comment.*, ...)
// through cc::apply_record; every op is checked against the core's policy (check_op_allowed)
// for the token's user, and every answer that carries data is filtered by it (allowed(role,
// read, kind)). The telephony endpoint (ingest_call) makes ops itself and applies them the same
// way, so its calls have the same log, versions and wake-ups as a card's.
//
// Thread-safe: any number of threads may push and pull at once (the store serialises writes).
// A push that applied something wakes every pull held by a long poll (`pull_request::wait`).
// Held pulls hold no thread: pull_async parks a callback in the change feed.
#pragma once
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "core/store.hpp"
#include "rate_limit.hpp"
#include "server_store.hpp"
#include "users.hpp"

namespace cc::server {

using json = nlohmann::json;

struct sync_limits {
    std::size_t max_body_bytes = 1u << 20;   // push body: 1 MiB (413 err.too_large above)
    // Arrays and objects inside each other in a push body (400 err.bad_request above), checked
    // before parsing. The deepest legitimate body is 5: body > ops > op > payload > item.
    std::size_t max_depth = 16;
    std::size_t max_op_bytes = 64u << 10;    // one op as encoded: 64 KiB (the op: rejected err.too_large)
    std::size_t max_ops = 500;               // ops per push (413 err.too_many_ops above)
    std::size_t max_id_bytes = 128;          // device, op id and client id
    std::size_t max_events = 100;            // events per POST /api/v1/integrations/events (413 above)
    std::int64_t default_pull_limit = 500;
    std::int64_t max_pull_limit = 2000;      // larger limits are capped, not refused
    std::chrono::seconds max_wait{30};       // longer long-poll waits are capped, not refused
    rate_limit push_rate;                    // per user: 5 pushes/s, bursts of 100 (429 above);
                                             // {0, 0} turns it off (in-process tests)
};

// An answer: the HTTP status and the JSON body ({"error": {"code", "message"}} when not 200).
struct reply {
    int status = 200;
    json body;
    int retry_after_s = 0;                   // > 0: the HTTP layer sends "Retry-After" (429, 503)
};

// The same with the body already encoded: pull pages are spliced from the stored JSON texts
// (a 2000-client page is megabytes; decoding and re-encoding it would dominate a pull).
struct text_reply {
    int status = 200;
    std::string body;
    int retry_after_s = 0;
    json parsed() const { return json::parse(body); }
};

struct pull_request {
    std::int64_t since = 0;                  // the cursor; must be >= 0
    std::int64_t limit = 500;                // must be >= 0; 0 answers the counts only
    std::string device;                      // "" or a valid device id: answers its device_seq
    std::chrono::milliseconds wait{0};       // long poll: hold up to this long when nothing is new
    // Activity entries with version > this go with each change; -1: `since`; 0: none (a first
    // download). A card walking several pages passes the cursor it started the walk from, so an
    // entry of a client that moved past a page's cursor is not skipped (docs/api.md).
    std::int64_t history_since = -1;
    user_role role = user_role::admin;       // whose policy filters the page (the HTTP layer
                                             // always sets the caller's)
};

struct history_request {
    std::string client_id;
    std::int64_t before = 0;                 // entries with version < before; 0: from the newest
    std::int64_t limit = 50;                 // 1..200 (above 200 is treated as 200)
};

// Runs a job somewhere: the HTTP server passes its database worker pool, so the page a woken
// long poll reads again is read there and not on the thread of the push that woke it.
using job_runner = std::function<void(std::function<void()>)>;
using pull_done = std::function<void(text_reply)>;

class sync_service {
public:
    // `wake_runner` runs the re-reads of woken long polls; empty: in the publishing thread.
    explicit sync_service(server_store& store, sync_limits limits = {}, job_runner wake_runner = {});

    // POST /api/v1/push. Always answers (a store failure is 500 err.internal, rolled back).
    reply push(const user& who, const json& body);
    // The same from the raw body: the rate limit (before any parsing), the size limit, then
    // parsing (400 for malformed or too deeply nested JSON).
    reply push_text(const user& who, std::string_view body);

    // GET /api/v1/pull, blocking the calling thread (in-process tests). When there is nothing
    // after `since` (since == server_version) and `wait` > 0, holds until a push through this
    // service applies something, stop() is called, or `wait` runs out; then answers (an empty
    // page when nothing came). Built on pull_async.
    text_reply pull(const pull_request& request);

    // GET /api/v1/pull as `who`: a `device` of another user is 403 err.device_foreign (its
    // device_seq is hers to know); a device nobody has used yet becomes who's. Then pull().
    text_reply pull_as(const user& who, const pull_request& request);
    // The device check of pull_as alone (the HTTP layer calls it, then pull_async): the refusal,
    // or nullopt when `who` may pull with `device` (now theirs if nobody had used it).
    std::optional<text_reply> claim_pull_device(const user& who, const std::string& device);
    // The same without a waiting thread (the HTTP server). Reads the page (so: call it off the
    // I/O threads); answers through `done` at once, or, when it would hold, parks `done` in the
    // change feed and returns a ticket (0: `done` was called already). A parked pull is answered
    // exactly once: by the wake runner after a push that applied something (the page read
    // again), by pull_timeout(ticket) when the caller's timer runs out, or by stop() (both with
    // the empty page read first). pull_cancel(ticket) forgets it without an answer (the client
    // went away). `done` may run on any thread.
    std::uint64_t pull_async(const pull_request& request, pull_done done);
    void pull_timeout(std::uint64_t ticket);
    void pull_cancel(std::uint64_t ticket);
    std::size_t held_pulls() const;
    // The wait a pull_request really gets: 0 to max_wait.
    std::chrono::milliseconds effective_wait(std::chrono::milliseconds asked) const;

    // GET /api/v1/snapshot as `who` (docs/api.md): the checks of a pull (400 for a malformed
    // device, 403 for another user's device or a role that reads no clients), then one
    // consistent read of every client and record the role may read, with `device`'s own log
    // entries. `refused` is set instead when it is refused or the store failed (500).
    struct snapshot_opening {
        std::optional<text_reply> refused;
        std::unique_ptr<snapshot_reader> reader;
    };
    snapshot_opening open_snapshot(const user& who, const std::string& device);

    // GET /api/v1/clients/{id}/history: a client's log, newest first, a page at a time,
    // filtered by the caller's policy (403 for a role that reads no clients; 404 for an unknown
    // client, and for a deleted one unless the caller is an admin).
    text_reply history(const user& who, const history_request& request);

    // POST /api/v1/integrations/calls (integration users only): a telephony event with the
    // integration's own call id becomes a call.create, or a call.set of the fields that changed
    // (the same (source, external_id) never makes a second call), on the client given, or the
    // client with that phone number, or a new client named by the number. The ops are made
    // here (device "integration:<user>") and applied like pushed ones, in one transaction:
    // nothing is kept when any of them is refused (400 with the core's code and field).
    reply ingest_call(const user& who, std::string_view body);
    reply ingest_call(const user& who, const json& body);

    // POST /api/v1/integrations/events (integration accounts only; docs/api.md): one event, or
    // {"events": [...]} of at most max_events, each in a transaction of its own and answered in
    // order. An event of a type (order, payment, refund, recurring_charge, balance,
    // registration, subscription, membership, webinar, visit) with the source system's
    // external id becomes ops made here on the integration's device and applied by process();
    // the same (kind, source, external id) updates the record it made. A refusal is a 4xx
    // {"error": {code, message, field, detail}} and keeps nothing of that event.
    reply ingest_events(const user& who, std::string_view body);
    reply ingest_events(const user& who, const json& body);
    // One event inside a transaction the caller commits (only when the answer is 200): the
    // endpoint's per-event step, and the demo data's way in (seed.cpp), so demo money and
    // activity are written exactly as an integration's.
    reply ingest_event_in(write_transaction& tx, const user& who, const json& event, bool& applied_any);

    reply me(const user& who) const;         // GET /api/v1/me
    reply health();                          // GET /api/v1/health

    // The clock for receive times (ops' `at` clamping, ops on records, the ops table): the
    // system clock unless a test sets another. Not thread-safe against running requests: set it
    // before use.
    void set_clock(std::function<std::int64_t()> now) { clock_ = std::move(now); }
    // The clients' registration link address with "{code}" (--registration-link), sent by /me.
    void set_registration_link(std::string url) { registration_link_ = std::move(url); }
    // Whether a file of this id is in the file store (blob_store::find): a telephony event's
    // recording must name an uploaded file. Unset: any well-formed reference is taken. Set it
    // before use.
    void set_file_check(std::function<bool(const std::string& id)> exists) { file_exists_ = std::move(exists); }

    // Shutting down: wakes every held pull at once; later pulls never wait.
    void stop();

    const sync_limits& limits() const { return limits_; }

private:
    std::string registration_link_;
    // `server_made`: an op this service made itself (ingest_call), whose policy the caller
    // checked (an integration's call may create the caller's client, a client op the policy
    // refuses to a pushed op).
    json process(write_transaction& tx, const user& who, const std::string& device,
                 op o, const std::string& raw, bool& applied_any, bool server_made = false);
    // A record op, checked and applied (process() did ids, idempotency and the policy).
    std::variant<json, error> apply_record_op(write_transaction& tx, op& o);
    // 429 when `who` has no push left in the bucket (takes one otherwise).
    std::optional<reply> over_push_rate(const user& who);
    reply push_within_rate(const user& who, const json& body);
    reply ingest_within_rate(const user& who, const json& body);
    reply ingest_events_within_rate(const user& who, const json& body);
    reply ingest_one_event(const user& who, const json& event);
    std::optional<reply> refuse_device(const user& who, const std::string& device, const std::string& owner) const;
    void publish(std::int64_t version);

    // A pull parked in the feed.
    struct waiter {
        pull_request request;    // limit capped
        std::string first_page;  // the (empty) page read before parking: the answer on timeout
        pull_done done;
    };
    std::string read_page(const pull_request& request);
    void answer_fresh(const waiter& w);

    server_store& store_;
    sync_limits limits_;
    std::function<std::int64_t()> clock_;
    std::function<bool(const std::string&)> file_exists_;
    rate_limiter push_limiter_;
    job_runner wake_runner_;
    // The long-poll feed: the newest version a push published, and who waits for it.
    mutable std::mutex feed_mutex_;
    std::int64_t published_ = 0;
    bool stopped_ = false;
    std::uint64_t next_ticket_ = 1;
    std::map<std::uint64_t, std::shared_ptr<waiter>> waiters_;
};

// {"error": {"code": ..., "message": ...}}
json error_body(const std::string& code, const std::string& message);

// Device ids: 1 to 128 of A-Z a-z 0-9 - _ . : (a UUID, or "import").
bool valid_device(std::string_view device);

// A 500 that names no internal statement: `detail` (a SQLite message, say) goes to stderr with a
// short reference id, and the answer quotes only the id, so an operator can find the cause and
// a caller learns nothing about the database. `where` says which request failed ("push").
reply internal_error(std::string_view where, std::string_view detail);
// The same as the message text alone, for answers built elsewhere (the HTTP layer).
std::string internal_failure(std::string_view where, std::string_view detail);

// One activity entry in the wire format: cc::to_json plus device, version and payload, and for
// an op on a record "record" (its id) and "record_kind" (set here too, so the stored shape does
// not depend on which core version encoded it).
std::string encode_history(const activity_entry& entry);

// The device the server makes an integration user's ops with: "integration:<name>" (a name
// that is not a valid device id is replaced by a hash of it). Nobody may push or pull with it.
std::string integration_device(const std::string& user_name);

}  // namespace cc::server
