// sync_service.cpp — see sync_service.hpp.
//
// Index of this file
//   [SECTION] helpers: errors, ids, history entries
//   [SECTION] push: checking the batch
//   [SECTION] push: one op
//   [SECTION] push: the batch in one transaction
//   [SECTION] pull and the long-poll feed
//   [SECTION] me, health
#include "sync_service.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <exception>
#include <optional>
#include <utility>
#include <vector>

#include "core/apply.hpp"
#include "core/codec.hpp"
#include "core/json_limits.hpp"
#include "core/validate.hpp"
#include "error_text.hpp"

namespace cc::server {

// [SECTION] helpers: errors, ids, history entries -------------------------------------------------

json error_body(const std::string& code, const std::string& message) {
    return {{"error", {{"code", code}, {"message", message}}}};
}

namespace {

reply fail(int status, const std::string& code, const std::string& message) {
    return {status, error_body(code, message)};
}

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

std::string in_quotes(const std::string& s, std::size_t n = 60) {
    return "\"" + (s.size() > n ? s.substr(0, n) + "..." : s) + "\"";
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
    return j.dump();
}

sync_service::sync_service(server_store& store, sync_limits limits)
    : store_(store), limits_(limits), published_(store.server_version()) {}

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
    if (body.size() > limits_.max_body_bytes)
        return fail(413, "err.too_large",
                    "the request body has " + std::to_string(body.size()) + " bytes; at most " +
                        std::to_string(limits_.max_body_bytes) + " are accepted: send fewer ops per batch");
    // Depth is checked before parsing: nlohmann builds, copies and dumps recursively, and 60,000
    // nested arrays (120 KB) overflow the stack in whichever comes first.
    std::string why;
    auto parsed = parse_bounded(body, {limits_.max_body_bytes, limits_.max_depth}, why);
    if (!parsed) return fail(400, "err.bad_request", "the push body is refused: " + why);
    return push(who, *parsed);
}

// [SECTION] push: one op ---------------------------------------------------------------------------

json sync_service::process(write_transaction& tx, const user& who, const std::string& device, op o,
                           const std::string& raw, bool& applied_any) {
    // Seen before: the same answer as the first time, never applied again.
    if (auto prior = tx.find_op(o.id)) {
        if (prior->status == "applied")
            return {{"id", o.id}, {"status", "duplicate"}, {"version", prior->version}};
        json why = json::parse(prior->error_json, nullptr, false);
        if (!why.is_object()) why = rejection(error{prior->reason, "", ""});
        return rejected_result(o.id, std::move(why));
    }
    // Refusals that are not recorded: recording them would touch another device's seqs.
    if (o.device != device)
        return rejected_result(o.id, rejection({"err.bad_request", "device", o.device},
                                               "the op's device " + in_quotes(o.device) +
                                                   " is not the batch's device " + in_quotes(device)));
    if (auto other = tx.find_op_at(device, o.seq))
        return rejected_result(o.id, rejection({"err.bad_request", "seq", std::to_string(o.seq)},
                                               "seq " + std::to_string(o.seq) + " of this device was "
                                               "already used by op " + in_quotes(other->op_id)));

    op_record record{o.id, device, o.seq, o.client_id, o.kind, tx.version(), "", "", raw, now_ms(), ""};
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
    if (who.role != user_role::admin && o.kind == "client.delete")
        return reject({"err.forbidden", "", o.kind},
                      "only an admin may delete a client; " + who.name + " is a manager");

    std::optional<client> before;
    if (auto stored = tx.client_json(o.client_id)) before = json::parse(*stored).get<client>();
    o.actor = who.name;  // who did it is whoever the token says, not what the client wrote
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
    record.version = version;
    record.status = "applied";
    tx.record_op(record);
    applied_any = true;
    return {{"id", o.id}, {"status", "applied"}, {"version", version}};
}

// [SECTION] push: the batch in one transaction --------------------------------------------------------

reply sync_service::push(const user& who, const json& body) {
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
    const std::int64_t received_at = now_ms();
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
        for (auto& b : batch) results.push_back(process(*tx, who, device, std::move(b.value), b.raw, applied_any));
        device_seq = tx->device_seq(device);
        server_version = tx->version();
        tx->commit();
    } catch (const std::exception& e) {
        // The transaction rolled back when it went out of scope: nothing of the batch is kept.
        return fail(500, "err.internal", std::string("the server failed; nothing was applied: ") + e.what());
    }
    if (applied_any) publish(server_version);
    return {200, {{"schema", schema_version}, {"results", std::move(results)},
                  {"server_version", server_version}, {"device_seq", device_seq}}};
}

// [SECTION] pull and the long-poll feed ---------------------------------------------------------------

void sync_service::publish(std::int64_t version) {
    {
        std::lock_guard<std::mutex> lock(feed_mutex_);
        if (version > published_) published_ = version;
    }
    feed_changed_.notify_all();
}

void sync_service::stop() {
    {
        std::lock_guard<std::mutex> lock(feed_mutex_);
        stopped_ = true;
    }
    feed_changed_.notify_all();
}

bool sync_service::wait_for_change(std::int64_t since, std::chrono::milliseconds wait) {
    std::unique_lock<std::mutex> lock(feed_mutex_);
    // The predicate is checked under the lock, so a push that committed between the caller's
    // read and this wait is seen here: no wake-up is lost.
    return feed_changed_.wait_for(lock, wait, [&] { return stopped_ || published_ > since; });
}

namespace {

std::string page_body(const pull_page& page, std::int64_t since) {
    std::size_t size = 160;
    for (const auto& c : page.changes) {
        size += c.client_json.size() + 64;
        for (const auto& h : c.history_json) size += h.size() + 1;
    }
    std::string body;
    body.reserve(size);
    body += "{\"schema\":" + std::to_string(schema_version) + ",\"changes\":[";
    for (std::size_t i = 0; i < page.changes.size(); ++i) {
        const change_record& c = page.changes[i];
        if (i) body += ',';
        body += "{\"version\":" + std::to_string(c.version) + ",\"client\":";
        body += c.client_json;
        body += ",\"history\":[";
        for (std::size_t k = 0; k < c.history_json.size(); ++k) {
            if (k) body += ',';
            body += c.history_json[k];
        }
        body += "]}";
    }
    std::int64_t cursor = page.changes.empty() ? since : page.changes.back().version;
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

}  // namespace

text_reply sync_service::pull(const pull_request& request) {
    if (request.since < 0) return fail_text(400, "err.bad_request", "since must not be negative");
    if (request.limit < 0) return fail_text(400, "err.bad_request", "limit must not be negative");
    if (!request.device.empty() && !valid_device(request.device))
        return fail_text(400, "err.bad_request", "device must be 1 to 128 letters, digits or - _ . : characters");
    const std::int64_t limit = std::min(request.limit, limits_.max_pull_limit);
    auto wait = std::clamp(request.wait, std::chrono::milliseconds(0),
                           std::chrono::duration_cast<std::chrono::milliseconds>(limits_.max_wait));

    try {
        pull_page page = store_.pull(request.since, limit, request.device);
        // Hold only when the caller is exactly up to date. A cursor above the server's version
        // means the database was replaced: answer at once so the card notices and starts over.
        if (page.total == 0 && page.server_version == request.since && wait.count() > 0) {
            if (wait_for_change(request.since, wait)) page = store_.pull(request.since, limit, request.device);
        }
        return {200, page_body(page, request.since)};
    } catch (const std::exception& e) {
        return fail_text(500, "err.internal", std::string("the server failed: ") + e.what());
    }
}

// [SECTION] me, health ---------------------------------------------------------------------------------

reply sync_service::me(const user& who) const {
    return {200, {{"name", who.name}, {"role", to_string(who.role)}}};
}

reply sync_service::health() {
    return {200, {{"ok", true}, {"server_version", store_.server_version()}}};
}

}  // namespace cc::server
