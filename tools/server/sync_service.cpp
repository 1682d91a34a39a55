// sync_service.cpp — see sync_service.hpp.
//
// Index of this file
//   [SECTION] helpers: errors, ids, history entries
//   [SECTION] push: checking the batch
//   [SECTION] ownership: devices, op ids, client ids
//   [SECTION] push: one op
//   [SECTION] push: the batch in one transaction
//   [SECTION] pull and the long-poll feed
//   [SECTION] a client's log, page by page
//   [SECTION] me, health
// Calls from a telephony integration are in telephony_ingest.cpp.
#include "sync_service.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <future>
#include <optional>
#include <random>
#include <utility>
#include <vector>

#include "core/apply.hpp"
#include "core/codec.hpp"
#include "core/json_limits.hpp"
#include "core/phone.hpp"
#include "core/policy.hpp"
#include "core/record_apply.hpp"
#include "core/schema/kind.hpp"
#include "core/validate.hpp"
#include "error_text.hpp"
#include "service_replies.hpp"

namespace cc::server {

// [SECTION] helpers: errors, ids, history entries -------------------------------------------------

json error_body(const std::string& code, const std::string& message) {
    return {{"error", {{"code", code}, {"message", message}}}};
}

namespace {

text_reply fail_text(int status, const std::string& code, const std::string& message) {
    return {status, error_body(code, message).dump(-1, ' ', false, json::error_handler_t::replace)};
}

std::int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// A rejected op's error as the push answer carries it: the code the card translates, English
// text, and the core's field and detail (the card's texts use {detail}: "at most 1000 characters").
// `message` replaces the generic English text where the server knows more.
json rejection(const error& e, const std::string& message = {}) {
    return {{"code", e.code}, {"message", message.empty() ? english_message(e) : message},
            {"field", e.field}, {"detail", e.detail}};
}

json rejected_result(const std::string& id, json why) {
    return {{"id", id}, {"status", "rejected"}, {"version", 0}, {"error", std::move(why)}};
}

std::string who_reads_nothing(user_role role) {
    return std::string("this account's role (") + cc::to_string(role) +
           ") may not read clients; it may only send data (an integration uses /api/v1/integrations/...)";
}

// An integration account is not a user of the card: it never signs in, pushes or reads; its
// way in is /api/v1/integrations/* (and file uploads for recordings).
std::optional<reply> refuse_integration(const user& who, const char* what) {
    if (who.role != user_role::integration) return std::nullopt;
    return fail(403, "err.forbidden",
                who.name + " is an integration account; it may not " + what +
                    " (integrations send data through /api/v1/integrations/events and /api/v1/integrations/calls)");
}

}  // namespace

bool valid_device(std::string_view d) {
    if (d.empty() || d.size() > 128) return false;
    for (char c : d) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == '.' || c == ':';
        if (!ok) return false;
    }
    return true;
}

std::string encode_history(const activity_entry& entry) {
    json j = entry;
    // The codec of the core in use may predate these keys; the wire format has them always.
    j["device"] = entry.device;
    j["version"] = entry.version;
    j["payload"] = entry.payload;
    // An op on a record names it, and its kind ("task" for "task.complete"), so the client's
    // log can show and filter its tasks, calls and comments. The card's decoder ignores keys it
    // does not know.
    if (!entry.record_id.empty()) {
        j["record"] = entry.record_id;
        j["record_kind"] = std::string(split_op_kind(entry.kind).first);
    }
    return j.dump();
}

std::string integration_device(const std::string& user_name) {
    std::string device = "integration:" + user_name;
    if (valid_device(device)) return device;
    return "integration:" + token_hash(user_name).substr(0, 32);
}

std::string internal_failure(std::string_view where, std::string_view detail) {
    // A random reference, not a counter: it says nothing about how many failures came before.
    static std::mutex mutex;
    static std::mt19937_64 rng{std::random_device{}()};
    char ref[9];
    {
        std::lock_guard<std::mutex> lock(mutex);
        std::snprintf(ref, sizeof ref, "%08llx", static_cast<unsigned long long>(rng() & 0xffffffffu));
    }
    std::fprintf(stderr, "ClientCard server: error ref %s (%.*s): %.*s\n", ref, static_cast<int>(where.size()),
                 where.data(), static_cast<int>(detail.size()), detail.data());
    return std::string("the server failed; nothing was applied (ref ") + ref + ")";
}

reply internal_error(std::string_view where, std::string_view detail) {
    return fail(500, "err.internal", internal_failure(where, detail));
}

sync_service::sync_service(server_store& store, sync_limits limits, job_runner wake_runner)
    : store_(store), limits_(limits), clock_(now_ms), push_limiter_(limits.push_rate),
      wake_runner_(std::move(wake_runner)), published_(store.server_version()) {}

// [SECTION] push: checking the batch ----------------------------------------------------------------
// Everything that can refuse the whole batch is checked before the transaction starts, so a
// refused batch leaves no trace.

namespace {

struct batch_op {
    op value;
    std::string raw;  // the op as received, for the ops table
};

bool is_integer(const json& j) { return j.is_number_integer() || j.is_number_unsigned(); }

// What a defective op keeps for the ops table: enough to answer a re-sent copy, none of the
// content that made it defective (a megabyte of junk is not stored anywhere).
std::string defect_record(const op& o, std::size_t bytes) {
    json kept = {{"id", o.id}, {"device", o.device.substr(0, 128)}, {"seq", o.seq},
                 {"client_id", o.client_id}, {"kind", o.kind}, {"at", o.at},
                 {"refused", o.defect->code + " " + o.defect->field}, {"bytes", bytes}};
    return kept.dump(-1, ' ', false, json::error_handler_t::replace);
}

// nullopt and `why` set when the op cannot even be read as an op: then the whole batch is
// refused (400). An op that can be read but carries what it must not (op.hpp's table, a bad
// `at`, too many bytes) comes back with `defect` set: process() records it as rejected.
// `now` is the receive time: an `at` after it is clamped to it.
std::optional<batch_op> read_op(const json& j, std::size_t index, const sync_limits& limits, std::int64_t now,
                                std::string& why) {
    const std::string at = "ops[" + std::to_string(index) + "]";
    if (!j.is_object()) {
        why = at + " must be an object";
        return std::nullopt;
    }
    for (const char* key : {"id", "client_id", "kind"}) {
        auto it = j.find(key);
        if (it == j.end() || !it->is_string()) {
            why = at + " needs \"" + key + "\" as a string";
            return std::nullopt;
        }
    }
    const std::string& id = j["id"].get_ref<const std::string&>();
    if (id.empty() || id.size() > limits.max_id_bytes) {
        why = at + ": \"id\" must be 1 to " + std::to_string(limits.max_id_bytes) + " bytes";
        return std::nullopt;
    }
    auto seq = j.find("seq");
    // (An unsigned above int64's range is refused before any conversion.)
    if (seq == j.end() || !is_integer(*seq) ||
        (seq->is_number_unsigned() && seq->get<std::uint64_t>() > std::uint64_t(INT64_MAX)) ||
        seq->get<std::int64_t>() < 1) {
        why = at + " needs \"seq\" as an integer from 1";
        return std::nullopt;
    }
    // A number that is not a valid time rejects just this op (below); no number at all means
    // the sender does not speak this protocol.
    if (auto t = j.find("at"); t == j.end() || !t->is_number()) {
        why = at + " needs \"at\" as an integer number of ms since the epoch";
        return std::nullopt;
    }
    batch_op out;
    try {
        json copy = j;
        copy.erase("actor");  // the server sets the actor; whatever the client sent is ignored
        out.value = copy.get<op>();
    } catch (const json::exception& e) {
        why = at + " is not a valid op: " + e.what();
        return std::nullopt;
    }
    out.raw = j.dump(-1, ' ', false, json::error_handler_t::replace);
    op& o = out.value;
    // Size first: whatever else is wrong with a 1 MB op, its size is the reason to give.
    if (out.raw.size() > limits.max_op_bytes)
        o.defect = error{"err.too_large", "", std::to_string(limits.max_op_bytes)};
    if (!o.defect) o.defect = check_at(o.at);
    // The strings that the ops table keeps as columns and error texts: bounded like the id.
    if (o.client_id.size() > limits.max_id_bytes) {
        if (!o.defect) o.defect = error{"err.too_long", "client_id", std::to_string(limits.max_id_bytes)};
        o.client_id.resize(limits.max_id_bytes);
    }
    if (o.kind.size() > 32) {
        if (!o.defect) o.defect = error{"err.unknown_kind", "", o.kind.substr(0, 32) + "..."};
        o.kind.resize(32);
    }
    if (o.defect) {
        o.payload = json::object();
        out.raw = defect_record(o, out.raw.size());
    }
    // A clock ahead of the server's must not pin the client's updated_at in the future (every
    // honest edit after it would leave updated_at where it is): the log keeps the receive time.
    if (o.at > now) o.at = now;
    return out;
}

}  // namespace

reply sync_service::push_text(const user& who, std::string_view body) {
    if (auto refused = refuse_integration(who, "push ops as a card does")) return *refused;
    // Before the body is even parsed: a user over the limit costs a map lookup, nothing more.
    if (auto refused = over_push_rate(who)) return *refused;
    if (body.size() > limits_.max_body_bytes)
        return fail(413, "err.too_large",
                    "the request body has " + std::to_string(body.size()) + " bytes; at most " +
                        std::to_string(limits_.max_body_bytes) + " are accepted: send fewer ops per batch");
    // Depth is checked before parsing: nlohmann builds, copies and dumps recursively, and 60,000
    // nested arrays (120 KB) overflow the stack in whichever comes first.
    std::string why;
    auto parsed = parse_bounded(body, {limits_.max_body_bytes, limits_.max_depth}, why);
    if (!parsed) return fail(400, "err.bad_request", "the push body is refused: " + why);
    return push_within_rate(who, *parsed);
}

// [SECTION] ownership: devices, op ids, client ids -------------------------------------------------
// A device belongs to the user who first pushed or pulled with it, for good. Its op ids are
// "<device>:<seq>", and a card names the clients it creates "c:<op id>", so owning the device
// means owning those ids too: nobody else can take the id an honest card will use next.

namespace {

// "import" is the demo data's device (seed.cpp), "integration:..." the devices the server makes
// an integration's ops with (ingest_call): nobody may push or pull as them.
bool reserved_device(const std::string& device) {
    return device == "import" || device.rfind("integration:", 0) == 0;
}

// The fields that make an op what it is: the same op id sent again must carry the same ones.
// `actor` is not among them (the server stamps it); fields are compared as JSON values, so key
// order and 1 vs 1.0 do not matter.
bool same_op(const std::string& stored_raw, const std::string& raw) {
    json a = json::parse(stored_raw, nullptr, false), b = json::parse(raw, nullptr, false);
    if (!a.is_object() || !b.is_object()) return stored_raw == raw;
    for (const char* key : {"device", "seq", "client_id", "kind", "record", "payload", "at"}) {
        json none;
        const json& x = a.contains(key) ? a[key] : none;
        const json& y = b.contains(key) ? b[key] : none;
        if (key == std::string_view("payload")) {
            // An op without a payload has an empty one (core/codec.cpp).
            const bool x_empty = x.is_null() || (x.is_object() && x.empty());
            const bool y_empty = y.is_null() || (y.is_object() && y.empty());
            if (x_empty && y_empty) continue;
        }
        if (x != y) return false;
    }
    return true;
}

}  // namespace

std::optional<reply> sync_service::refuse_device(const user& who, const std::string& device,
                                                 const std::string& owner) const {
    if (owner == who.name && !reserved_device(device)) return std::nullopt;
    // The owner's name is not told: a device id is no way to learn who else uses the server.
    return fail(403, "err.device_foreign",
                "the device " + in_quotes(device) + " belongs to another user; this card's device id "
                "cannot be used with " + who.name + "'s token (sign in with the token it was used with)");
}

std::optional<text_reply> sync_service::claim_pull_device(const user& who, const std::string& device) {
    // A role that reads nothing never pulls, so it never takes a device by pulling either.
    if (!allowed(who.role, verb::read, "client")) return fail_text(403, "err.forbidden", who_reads_nothing(who.role));
    if (device.empty() || !valid_device(device)) return std::nullopt;  // pull() answers a bad id
    try {
        std::string owner = reserved_device(device) ? std::string() : store_.claim_device(device, who.name);
        if (auto refused = refuse_device(who, device, owner))
            return text_reply{refused->status, refused->body.dump(-1, ' ', false, json::error_handler_t::replace)};
    } catch (const std::exception& e) {
        reply r = internal_error("pull", e.what());
        return text_reply{r.status, r.body.dump()};
    }
    return std::nullopt;
}

text_reply sync_service::pull_as(const user& who, const pull_request& request) {
    if (auto refused = claim_pull_device(who, request.device)) return *refused;
    pull_request as_who = request;
    as_who.role = who.role;
    return pull(as_who);
}

// [SECTION] push: one op ---------------------------------------------------------------------------

json sync_service::process(write_transaction& tx, const user& who, const std::string& device, op o,
                           const std::string& raw, bool& applied_any, bool server_made) {
    // The batch's device is who's (push checked it before this). Refusals up to the recording
    // below are not recorded: recording would touch a seq or an op id that is not this op's.
    if (o.device != device)
        return rejected_result(o.id, rejection({"err.bad_request", "device", o.device},
                                               "the op's device " + in_quotes(o.device) +
                                                   " is not the batch's device " + in_quotes(device)));
    const std::string own_id = device + ":" + std::to_string(o.seq);
    if (o.id != own_id)
        return rejected_result(o.id, rejection({"err.op_id_mismatch", "id", own_id},
                                               "an op's id must be \"<device>:<seq>\", here " +
                                                   in_quotes(own_id) + ", not " + in_quotes(o.id)));
    // Seen before: the same answer as the first time, never applied again; but only for the
    // same op. Another op under a used id would otherwise be dropped with "duplicate".
    if (auto prior = tx.find_op(o.id)) {
        if (!same_op(prior->op_json, raw))
            return rejected_result(o.id, rejection({"err.op_id_reused", "id", o.id},
                                                   "op " + in_quotes(o.id) + " was sent before with other "
                                                   "content; a changed op needs a new id (the next seq)"));
        if (prior->status == "applied")
            return {{"id", o.id}, {"status", "duplicate"}, {"version", prior->version}};
        json why = json::parse(prior->error_json, nullptr, false);
        if (!why.is_object()) why = rejection(error{prior->reason, "", ""});
        return rejected_result(o.id, std::move(why));
    }
    // Files from before ids were checked may hold an op of another id at this seq.
    if (auto other = tx.find_op_at(device, o.seq))
        return rejected_result(o.id, rejection({"err.bad_request", "seq", std::to_string(o.seq)},
                                               "seq " + std::to_string(o.seq) + " of this device was "
                                               "already used by op " + in_quotes(other->op_id)));

    const std::int64_t received_at = clock_();
    op_record record{o.id, device, o.seq, o.client_id, o.kind, tx.version(), "", "", raw, received_at, ""};
    auto reject = [&](const error& e, const std::string& message = {}) {
        json why = rejection(e, message);
        record.status = "rejected";
        record.reason = e.code;
        record.error_json = why.dump(-1, ' ', false, json::error_handler_t::replace);
        tx.record_op(record);
        return rejected_result(o.id, std::move(why));
    };

    if (o.client_id.size() > limits_.max_id_bytes)
        return reject({"err.too_long", "client_id", std::to_string(limits_.max_id_bytes)});
    const bool on_record = is_record_op(o);
    // Only ops on records name one; a client op carrying "record" would put a false name into
    // the client's log.
    if (!on_record && !o.record_id.empty() && !o.defect)
        return reject({"err.unknown_field", "record", o.kind.substr(0, 32)},
                      "a " + o.kind.substr(0, 32) + " op names no record; \"record\" is for ops on tasks, calls, comments");
    // The policy (core/policy.hpp), for every op: who may create, change, delete and restore
    // each kind and write each field ("only an admin may delete a client; Boris is a manager").
    if (!server_made)
        if (auto denied = check_op_allowed(who.role, who.name, o)) return reject(denied->why, denied->message);
    // A card names the clients it creates "c:<op id>": such an id is the creating device's, so
    // nobody can take the id another card's next create will use.
    if (o.kind == "client.create" && o.client_id.rfind("c:", 0) == 0 && o.client_id != "c:" + o.id)
        return reject({"err.client_id_foreign", "client_id", o.client_id},
                      "a client id of the form \"c:<op id>\" must be \"c:" + o.id + "\" for this op");

    o.actor = who.name;  // who did it is whoever the token says, not what the client wrote
    o.by = who.role;
    if (on_record) {
        // The server's clock, not the op's: a comment's edit window (and a record's created and
        // updated times) must not depend on what a device claims.
        o.at = received_at;
        auto done = apply_record_op(tx, o);
        if (auto* e = std::get_if<error>(&done)) return reject(*e);
        record.version = tx.version();
        record.status = "applied";
        tx.record_op(record);
        applied_any = true;
        return {{"id", o.id}, {"status", "applied"}, {"version", record.version}};
    }

    std::optional<client> before;
    if (auto stored = tx.client_json(o.client_id)) before = json::parse(*stored).get<client>();
    auto result = apply(before ? &*before : nullptr, o);
    if (auto* e = std::get_if<error>(&result)) return reject(*e);

    auto& ok = std::get<applied>(result);
    const std::int64_t version = tx.version() + 1;
    activity_entry entry = make_activity(o, std::move(ok.changes), false);
    entry.device = o.device;
    entry.version = version;
    entry.payload = o.payload;
    json client_json = ok.after;
    if (tx.put_client(o.client_id, client_json.dump(), encode_history(entry), o.id) != version)
        throw store_error("the store handed out an unexpected version");
    // The numbers a caller's client is found by (telephony).
    std::vector<std::string> numbers;
    for (const auto& p : ok.after.phones)
        if (!p.e164.empty()) numbers.push_back(p.e164);
    tx.set_client_phones(o.client_id, numbers);
    std::vector<std::string> addresses;  // and by e-mail (integration events)
    for (const auto& e : ok.after.emails) addresses.push_back(e.address);
    tx.set_client_emails(o.client_id, addresses);
    record.version = version;
    record.status = "applied";
    tx.record_op(record);
    applied_any = true;
    return {{"id", o.id}, {"status", "applied"}, {"version", version}};
}

std::variant<json, error> sync_service::apply_record_op(write_transaction& tx, op& o) {
    if (o.defect) return *o.defect;
    // The client must be there and not deleted, as for the client's own ops.
    auto stored_client = tx.client_json(o.client_id);
    if (!stored_client) return error{"err.not_found", "client_id", o.client_id};
    if (json::parse(*stored_client).value("deleted", false)) return error{"err.client_deleted", "client_id", o.client_id};
    std::optional<record> before;
    if (!o.record_id.empty() && o.record_id.size() <= 160)
        if (auto stored = tx.record_json(o.record_id)) before = json::parse(*stored).get<record>();
    auto result = apply_record(before ? &*before : nullptr, o);
    if (auto* e = std::get_if<error>(&result)) return *e;
    auto& ok = std::get<record_applied>(result);
    // The kind's rules across the client's records (a balance never below zero, one idempotency
    // key, one registration link, one active subscription per tunnel), on what the server holds:
    // the card checked them on what it knew, which may be older.
    if (const kind_def* k = find_kind(ok.after.kind); k && k->across && !ok.after.deleted) {
        std::vector<record> held;
        for (const auto& text : tx.records_of(ok.after.client_id, ok.after.kind)) held.push_back(json::parse(text).get<record>());
        std::vector<const record*> all;
        all.reserve(held.size());
        for (const auto& r : held) all.push_back(&r);
        if (auto e = check_across(ok.after, all)) return *e;
    }
    // apply_record checked that the record is the op's client's; a create's id is its own.
    const std::int64_t version = tx.version() + 1;
    ok.after.version = version;
    activity_entry entry = make_activity(o, std::move(ok.changes), false);
    entry.device = o.device;
    entry.version = version;
    entry.payload = o.payload;
    json record_json = ok.after;
    if (tx.put_record(ok.after.id, ok.after.kind, ok.after.client_id, record_json.dump(), ok.after.deleted,
                      encode_history(entry), o.id) != version)
        throw store_error("the store handed out an unexpected version");
    return record_json;
}

// [SECTION] push: the batch in one transaction --------------------------------------------------------

std::optional<reply> sync_service::over_push_rate(const user& who) {
    if (int wait_s = push_limiter_.take(who.name)) {
        reply r = fail(429, "err.rate_limited",
                       "too many pushes from " + who.name + "; try again in " + std::to_string(wait_s) + " s");
        r.retry_after_s = wait_s;
        return r;
    }
    return std::nullopt;
}

reply sync_service::push(const user& who, const json& body) {
    if (auto refused = refuse_integration(who, "push ops as a card does")) return *refused;
    // First: a user over the limit costs a map lookup, nothing more.
    if (auto refused = over_push_rate(who)) return *refused;
    return push_within_rate(who, body);
}

reply sync_service::push_within_rate(const user& who, const json& body) {
    if (!body.is_object())
        return fail(400, "err.bad_request", "the body must be a JSON object {\"schema\", \"device\", \"ops\"}");
    if (auto it = body.find("schema"); it != body.end() && !(is_integer(*it) && *it == schema_version))
        return fail(400, "err.schema_unsupported",
                    "this server speaks schema version " + std::to_string(schema_version) +
                        ", the body says " + it->dump().substr(0, 40));
    auto dev = body.find("device");
    if (dev == body.end() || !dev->is_string() || !valid_device(dev->get_ref<const std::string&>()))
        return fail(400, "err.bad_request",
                    "\"device\" must be 1 to 128 letters, digits or - _ . : characters");
    const std::string& device = dev->get_ref<const std::string&>();
    auto ops = body.find("ops");
    if (ops == body.end() || !ops->is_array())
        return fail(400, "err.bad_request", "\"ops\" must be an array of ops");
    if (ops->size() > limits_.max_ops)
        return fail(413, "err.too_many_ops",
                    "the batch has " + std::to_string(ops->size()) + " ops; at most " +
                        std::to_string(limits_.max_ops) + " are accepted per push");
    std::vector<batch_op> batch;
    batch.reserve(ops->size());
    const std::int64_t received_at = clock_();
    for (std::size_t i = 0; i < ops->size(); ++i) {
        std::string why;
        auto o = read_op((*ops)[i], i, limits_, received_at, why);
        if (!o) return fail(400, "err.bad_request", why);
        batch.push_back(std::move(*o));
    }

    json results = json::array();
    std::int64_t server_version = 0, device_seq = 0;
    bool applied_any = false;
    try {
        auto tx = store_.begin_write();
        // The device is who's from its first use on; someone else's is refused whole (and the
        // claim rolls back with the transaction).
        const std::string owner = reserved_device(device) ? std::string() : tx->claim_device(device, who.name);
        if (auto refused = refuse_device(who, device, owner)) return *refused;
        for (auto& b : batch) results.push_back(process(*tx, who, device, std::move(b.value), b.raw, applied_any));
        device_seq = tx->device_seq(device);
        server_version = tx->version();
        tx->commit();
    } catch (const std::exception& e) {
        // The transaction rolled back when it went out of scope: nothing of the batch is kept.
        return internal_error("push", e.what());
    }
    if (applied_any) publish(server_version);
    return {200, {{"schema", schema_version}, {"results", std::move(results)},
                  {"server_version", server_version}, {"device_seq", device_seq}}};
}

// [SECTION] pull and the long-poll feed ---------------------------------------------------------------

void sync_service::publish(std::int64_t version) {
    std::vector<std::shared_ptr<waiter>> woken;
    {
        std::lock_guard<std::mutex> lock(feed_mutex_);
        if (version > published_) published_ = version;
        for (auto it = waiters_.begin(); it != waiters_.end();) {
            if (it->second->request.since < published_) {
                woken.push_back(std::move(it->second));
                it = waiters_.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (auto& w : woken) {
        if (wake_runner_) wake_runner_([this, w] { answer_fresh(*w); });
        else answer_fresh(*w);
    }
}

void sync_service::stop() {
    std::map<std::uint64_t, std::shared_ptr<waiter>> held;
    {
        std::lock_guard<std::mutex> lock(feed_mutex_);
        stopped_ = true;
        held.swap(waiters_);
    }
    for (auto& [ticket, w] : held) w->done({200, std::move(w->first_page)});
}

void sync_service::pull_timeout(std::uint64_t ticket) {
    std::shared_ptr<waiter> w;
    {
        std::lock_guard<std::mutex> lock(feed_mutex_);
        auto it = waiters_.find(ticket);
        if (it == waiters_.end()) return;  // answered already (woken or stopped)
        w = std::move(it->second);
        waiters_.erase(it);
    }
    w->done({200, std::move(w->first_page)});
}

void sync_service::pull_cancel(std::uint64_t ticket) {
    std::shared_ptr<waiter> w;  // released outside the lock: its callback may own a connection
    std::lock_guard<std::mutex> lock(feed_mutex_);
    auto it = waiters_.find(ticket);
    if (it == waiters_.end()) return;
    w = std::move(it->second);
    waiters_.erase(it);
}

std::size_t sync_service::held_pulls() const {
    std::lock_guard<std::mutex> lock(feed_mutex_);
    return waiters_.size();
}

std::chrono::milliseconds sync_service::effective_wait(std::chrono::milliseconds asked) const {
    return std::clamp(asked, std::chrono::milliseconds(0),
                      std::chrono::duration_cast<std::chrono::milliseconds>(limits_.max_wait));
}

namespace {

void append_history(std::string& body, const std::vector<std::string>& entries) {
    body += ",\"history\":[";
    for (std::size_t k = 0; k < entries.size(); ++k) {
        if (k) body += ',';
        body += entries[k];
    }
    body += "]}";
}

std::string page_body(const pull_page& page, std::int64_t since) {
    std::size_t size = 160;
    for (const auto& c : page.changes) {
        size += c.client_json.size() + c.record_json.size() + 64;
        for (const auto& h : c.history_json) size += h.size() + 1;
    }
    std::string body;
    body.reserve(size);
    body += "{\"schema\":" + std::to_string(schema_version) + ",\"changes\":[";
    for (std::size_t i = 0; i < page.changes.size(); ++i) {
        const change_record& c = page.changes[i];
        if (i) body += ',';
        body += "{\"version\":" + std::to_string(c.version);
        body += c.is_record() ? ",\"record\":" : ",\"client\":";
        body += c.is_record() ? c.record_json : c.client_json;
        append_history(body, c.history_json);
    }
    // An empty page moves the cursor to the server's version when nothing the caller may read
    // lies after `since`: otherwise a role that reads some kinds only would ask again and again
    // for changes it is never shown. (A cursor above the server's version stays: the card sees
    // that the server was reset.)
    std::int64_t cursor = page.changes.empty() ? since : page.changes.back().version;
    if (page.total == 0) cursor = std::max(since, page.server_version);
    bool has_more = page.total > static_cast<std::int64_t>(page.changes.size());
    body += "],\"cursor\":" + std::to_string(cursor);
    body += ",\"has_more\":";
    body += has_more ? "true" : "false";
    body += ",\"total\":" + std::to_string(page.total);
    body += ",\"server_version\":" + std::to_string(page.server_version);
    body += ",\"device_seq\":" + std::to_string(page.device_seq);
    body += "}";
    return body;
}

// The record kinds a role may read (nullopt: all of them, which the store reads fastest).
std::optional<std::vector<std::string>> readable_kinds(user_role role) {
    std::vector<std::string> kinds;
    for (const kind_def* k : record_kinds())
        if (allowed(role, verb::read, k->name)) kinds.push_back(k->name);
    if (kinds.size() == record_kinds().size()) return std::nullopt;
    return kinds;
}

pull_scope scope_of(const pull_request& r) {
    pull_scope scope;
    scope.clients = allowed(r.role, verb::read, "client");
    scope.record_kinds = readable_kinds(r.role);
    scope.history_since = r.history_since < 0 ? r.since : std::min(r.history_since, r.since);
    return scope;
}

}  // namespace

sync_service::snapshot_opening sync_service::open_snapshot(const user& who, const std::string& device) {
    snapshot_opening out;
    if (!device.empty() && !valid_device(device)) {
        out.refused = fail_text(400, "err.bad_request", "device must be 1 to 128 letters, digits or - _ . : characters");
        return out;
    }
    // The same as a pull: a role that reads no clients gets 403, another user's device 403.
    if (auto refused = claim_pull_device(who, device)) {
        out.refused = std::move(refused);
        return out;
    }
    pull_request as_pull;
    as_pull.role = who.role;
    as_pull.device = device;
    as_pull.history_since = 0;
    try {
        out.reader = store_.open_snapshot(device, scope_of(as_pull));
    } catch (const std::exception& e) {
        reply r = internal_error("snapshot", e.what());
        out.refused = text_reply{r.status, r.body.dump()};
    }
    return out;
}

std::string sync_service::read_page(const pull_request& r) {
    return page_body(store_.pull(r.since, r.limit, r.device, scope_of(r)), r.since);
}

void sync_service::answer_fresh(const waiter& w) {
    text_reply r;
    try {
        r = {200, read_page(w.request)};
    } catch (const std::exception& e) {
        r = fail_text(500, "err.internal", internal_failure("pull", e.what()));
    }
    w.done(std::move(r));
}

std::uint64_t sync_service::pull_async(const pull_request& request, pull_done done) {
    if (request.since < 0) return done(fail_text(400, "err.bad_request", "since must not be negative")), 0;
    if (request.limit < 0) return done(fail_text(400, "err.bad_request", "limit must not be negative")), 0;
    if (!request.device.empty() && !valid_device(request.device))
        return done(fail_text(400, "err.bad_request", "device must be 1 to 128 letters, digits or - _ . : characters")), 0;
    // The policy filters every answer: a role that may not read clients reads nothing here.
    if (!allowed(request.role, verb::read, "client"))
        return done(fail_text(403, "err.forbidden", who_reads_nothing(request.role))), 0;
    pull_request capped = request;
    capped.limit = std::min(request.limit, limits_.max_pull_limit);
    const auto wait = effective_wait(request.wait);

    text_reply answer;
    try {
        const pull_scope scope = scope_of(capped);
        pull_page page = store_.pull(capped.since, capped.limit, capped.device, scope);
        // Hold only when the caller is exactly up to date. A cursor above the server's version
        // means the database was replaced: answer at once so the card notices and starts over.
        if (page.total == 0 && page.server_version == capped.since && wait.count() > 0) {
            std::unique_lock<std::mutex> lock(feed_mutex_);
            // Checked under the feed's lock: a push that committed between the read above and
            // here has published already, so no wake-up is lost.
            if (!stopped_ && published_ <= capped.since) {
                auto w = std::make_shared<waiter>();
                w->request = capped;
                w->first_page = page_body(page, capped.since);
                w->done = std::move(done);
                std::uint64_t ticket = next_ticket_++;
                waiters_.emplace(ticket, std::move(w));
                return ticket;
            }
            bool newer = published_ > capped.since;
            lock.unlock();
            if (newer) page = store_.pull(capped.since, capped.limit, capped.device, scope);
        }
        answer = {200, page_body(page, capped.since)};
    } catch (const std::exception& e) {
        reply r = internal_error("pull", e.what());
        answer = text_reply{r.status, r.body.dump()};
    }
    done(std::move(answer));
    return 0;
}

text_reply sync_service::pull(const pull_request& request) {
    auto result = std::make_shared<std::promise<text_reply>>();
    std::future<text_reply> answer = result->get_future();
    std::uint64_t ticket = pull_async(request, [result](text_reply r) { result->set_value(std::move(r)); });
    if (ticket != 0 && answer.wait_for(effective_wait(request.wait)) == std::future_status::timeout)
        pull_timeout(ticket);  // no-op when a push or stop() took it meanwhile
    return answer.get();
}

// [SECTION] a client's log, page by page ----------------------------------------------------------------

text_reply sync_service::history(const user& who, const history_request& request) {
    if (!allowed(who.role, verb::read, "client")) return fail_text(403, "err.forbidden", who_reads_nothing(who.role));
    if (request.client_id.empty() || request.client_id.size() > limits_.max_id_bytes)
        return fail_text(400, "err.bad_request", "a client id is 1 to " + std::to_string(limits_.max_id_bytes) + " bytes");
    if (request.before < 0) return fail_text(400, "err.bad_request", "before must not be negative");
    if (request.limit < 1) return fail_text(400, "err.bad_request", "limit must be 1 to 200");
    const std::int64_t limit = std::min<std::int64_t>(request.limit, 200);
    try {
        history_page page = store_.client_history(request.client_id, request.before, limit, readable_kinds(who.role));
        if (!page.found) return fail_text(404, "err.not_found", "there is no client " + in_quotes(request.client_id));
        // A deleted client's log is for those who may bring it back.
        const json c = json::parse(page.client_json, nullptr, false);
        if (c.is_object() && c.contains("deleted") && c["deleted"] == true && !allowed(who.role, verb::restore, "client"))
            return fail_text(404, "err.not_found", "client " + in_quotes(request.client_id) +
                                                       " was deleted; only an admin may read its log");
        std::size_t size = 96 + request.client_id.size();
        for (const auto& e : page.entries) size += e.second.size() + 1;
        std::string body;
        body.reserve(size);
        body += "{\"schema\":" + std::to_string(schema_version) + ",\"client_id\":";
        body += json(request.client_id).dump(-1, ' ', false, json::error_handler_t::replace);
        body += ",\"entries\":[";
        for (std::size_t i = 0; i < page.entries.size(); ++i) {
            if (i) body += ',';
            body += page.entries[i].second;
        }
        body += "],\"next_before\":";
        body += page.more && !page.entries.empty() ? std::to_string(page.entries.back().first) : std::string("null");
        body += "}";
        return {200, std::move(body)};
    } catch (const std::exception& e) {
        return fail_text(500, "err.internal", internal_failure("history", e.what()));
    }
}

// [SECTION] me, health ---------------------------------------------------------------------------------

reply sync_service::me(const user& who) const {
    if (auto refused = refuse_integration(who, "sign in to the card")) return *refused;
    json out = {{"name", who.name}, {"role", cc::to_string(who.role)}};
    if (!registration_link_.empty()) out["registration_link"] = registration_link_;
    return {200, out};
}

reply sync_service::health() {
    return {200, {{"ok", true}, {"server_version", store_.server_version()}}};
}

}  // namespace cc::server
