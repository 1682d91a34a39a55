// sync.cpp — talking to the server: who am I (/me), paged pulls and the long poll, pushes in
// order, backoff with jitter after a failure; what their answers do to the model (the pulled
// base, the rebase of local ops on it, the journal pruned of what the base now holds).
//
// Index of this file:
// [SECTION] limits, answers, failures and backoff
// [SECTION] requests: me, pull, long poll, push
// [SECTION] pull results: base, rebase, conflicts, journal pruning
// [SECTION] push results
// [SECTION] me
#include <algorithm>
#include <cmath>

#include "core/app/internal.hpp"
#include "core/codec.hpp"
#include "core/json_limits.hpp"
#include "core/json_read.hpp"
#include "core/schema/kind.hpp"
#include "core/storage.hpp"

namespace cc::app_detail {
namespace {

// [SECTION] limits, answers, failures and backoff ---------------------------------------------

constexpr int pull_page = 1000;
constexpr int push_batch = 100;          // the server takes up to 500
constexpr int long_poll_s = 25;          // the server holds a pull this long when nothing changed
constexpr int long_poll_timeout_ms = 35000;
constexpr int retry_base_ms = 1000;      // backoff: 1 s, 2 s, 4 s ... up to a minute, with jitter
constexpr int retry_max_ms = 60000;

// What the card reads from a server is checked before parsing (json_limits.hpp): a hostile or
// broken server must not overflow the stack. A pull page of 1000 full clients with history is
// megabytes, so its bound is generous; the other answers are small. What we send and store nests
// about 8 levels, so 64 is far above any real answer.
constexpr json_bounds pull_page_bounds{256u << 20, 64};
constexpr json_bounds push_answer_bounds{16u << 20, 64};
constexpr json_bounds small_answer_bounds{1u << 20, 64};   // errors, /me

// The parsed answer, or a discarded value when it is malformed or past `bounds`: callers treat
// both as "not valid JSON", as they did before the bounds existed.
json parse_answer(const std::string& text, const json_bounds& bounds) {
    std::string why;
    auto doc = parse_bounded(text, bounds, why);
    return doc ? std::move(*doc) : json(json::value_t::discarded);
}

}  // namespace

bool may_talk(const model& m) { return m.writer && m.loading == load_state::ready && m.signed_in; }

std::string api(const model& m, const std::string& path) { return m.server_url + "/api/v1/" + path; }

// Exponential backoff with jitter: attempt 1 waits 0.5–1 s, attempt 2 1–2 s, ... up to a minute.
void schedule_retry(model& m, const context& ctx, effects& fx) {
    m.retry_attempt += 1;
    const double full = std::min<double>(retry_max_ms, retry_base_ms * std::pow(2.0, m.retry_attempt - 1));
    fx.push_back(start_timer{timer_id::sync_retry, static_cast<int>(full * (0.5 + 0.5 * ctx.random))});
}

namespace {

error server_error(const fetch_done& a) {
    if (a.status == 0) return error{"err.server_down", "", ""};
    json body = parse_answer(a.body, small_answer_bounds);
    if (!body.is_discarded() && body.is_object() && body.contains("error") && body["error"].is_object())
        return error{text_member(body["error"], "code", "err.server_error"), "",
                     text_member(body["error"], "message")};
    return error{"err.server_error", "", std::to_string(a.status)};
}

}  // namespace

// A request failed: say why, and try again later (a missing token waits for the user instead).
void on_request_failed(model& m, const fetch_done& a, const context& ctx, effects& fx) {
    const error e = server_error(a);
    m.sync_message = e.code;
    // 401: the token is not valid. 403: it is, but this browser's device id belongs to another
    // user (err.device_foreign) and will stay theirs: retrying cannot help, so nothing is
    // retried until a token is given (the one the device was used with).
    if (a.status == 401 || a.status == 403) {
        m.sync = sync_state::failed;
        m.signed_in = false;  // the ui asks for a token
        return;
    }
    m.sync = a.status == 0 ? sync_state::offline : sync_state::failed;
    // Anything else (0, 429 err.rate_limited, 5xx, a status this card does not know) is
    // transient: the growing backoff below (up to a minute) also spaces out a rate-limited
    // user's pushes, whose bucket refills within seconds.
    schedule_retry(m, ctx, fx);
}

// Drops journal entries the base now contains (confirmed, at or below the cursor).
void prune_journal(model& m, std::set<std::string>& touched) {
    auto done = [&](const journal_entry& e) { return e.state == op_state::confirmed && e.version <= m.server_version; };
    for (const auto& e : m.journal)
        if (done(e)) {
            m.removed_files.push_back(journal_path(e.op.seq));
            touched.insert(e.op.client_id);
        }
    m.journal.erase(std::remove_if(m.journal.begin(), m.journal.end(), done), m.journal.end());
}

// [SECTION] requests: me, pull, long poll, push -----------------------------------------------

void request_me(model& m, effects& fx) {
    if (!may_talk(m)) return;
    fx.push_back(http_request{request_id::me, "GET", api(m, "me"), ""});
}

// A paged pull now; with `wait`, a long poll the server holds until something changes.
void request_pull(model& m, effects& fx, bool wait) {
    if (!may_talk(m) || m.sync == sync_state::pulling || m.live) return;
    // An empty store downloads everything at once from a snapshot (snapshot.cpp), then pulls.
    if (!wait && wants_snapshot(m)) return request_snapshot(m, fx);
    std::string url = api(m, "pull?since=" + std::to_string(m.server_version) +
                                 "&limit=" + std::to_string(pull_page) + "&device=" + m.device);
    if (wait) {
        m.live = true;
        fx.push_back(http_request{request_id::pull_wait, "GET", url + "&wait=" + std::to_string(long_poll_s),
                                  "", long_poll_timeout_ms, /*long_poll=*/true});
    } else {
        m.sync = sync_state::pulling;
        fx.push_back(http_request{request_id::pull, "GET", url, ""});
    }
}

// Sends the oldest pending ops, in order, one batch at a time.
void request_push(model& m, effects& fx) {
    if (!may_talk(m) || m.pushing) return;
    json ops = json::array();
    for (auto& e : m.journal) {
        if (e.state != op_state::pending) continue;
        ops.push_back(e.op);
        e.state = op_state::sent;
        if (static_cast<int>(ops.size()) >= push_batch) break;
    }
    if (ops.empty()) return;
    m.pushing = true;
    fx.push_back(http_request{request_id::push, "POST", api(m, "push"),
                              json{{"schema", schema_version}, {"device", m.device}, {"ops", ops}}.dump()});
}

// Everything the writer does to catch up: pull first (paged), then push, then wait for news.
void resume_sync(model& m, effects& fx) {
    request_pull(m, fx);
    request_push(m, fx);
    pump_uploads(m, fx);
}

// [SECTION] pull results: base, rebase, conflicts, journal pruning ----------------------------

// Puts pulled clients and records (each with the entries of its log that came along) into the
// base: conflicts with this card's outstanding ops are noted, our own ops in the server's history
// are confirmed, the clients changed go to `touched` and their shards become dirty.
void apply_pulled(model& m, pulled_clients& changes, pulled_records& record_changes, std::int64_t seen,
                  std::set<std::string>& touched) {
    // Our own ops in the server's history are applied, whatever became of the push answer (it
    // may have been lost): re-applying them on the new base would do them twice.
    auto confirm_own = [&](const std::vector<activity_entry>& hist) {
        for (const auto& h : hist) {
            if (h.device != m.device) continue;
            if (journal_entry* e = find_entry(m, h.op_id); e && e->state != op_state::confirmed) {
                e->state = op_state::confirmed;
                e->version = h.version;
                m.dirty_journal.insert(e->op.seq);
            }
        }
    };
    for (auto& [c, hist] : changes) {
        ensure_client(m, c.id);  // before the pulled client replaces it in its shard
        detect_conflicts(m, c.id, hist, seen);
        confirm_own(hist);
        const std::string id = c.id;
        touched.insert(id);
        m.dirty_shards.insert(shard_of(id));
        m.store.base[id] = std::move(c);
        merge_history(m.store.base_history[id], std::move(hist));
    }
    for (auto& [r, hist] : record_changes) {
        // A record new to this card that its kind tells the manager of (a sale by the
        // registration link); not on the first download, which would bring every old one.
        const kind_def* k = find_kind(r.kind);
        if (k && k->notify_on_arrival && !r.deleted && m.server_version > 0 &&
            m.store.record_base.find(r.id) == m.store.record_base.end() && k->notify_on_arrival(r) &&
            std::find(m.sale_notices.begin(), m.sale_notices.end(), r.id) == m.sale_notices.end()) {
            m.sale_notices.push_back(r.id);
            if (m.sale_notices.size() > 50) m.sale_notices.erase(m.sale_notices.begin());
            m.meta_dirty = true;
        }
        ensure_client(m, r.client_id);
        detect_conflicts(m, r.client_id, hist, seen);
        confirm_own(hist);
        touched.insert(r.client_id);
        m.dirty_shards.insert(shard_of(r.client_id));
        merge_history(m.store.base_history[r.client_id], std::move(hist));
        m.store.put_base_record(std::move(r));
    }
}

void on_pull(model& m, const fetch_done& a, const context& ctx, effects& fx) {
    const bool waited = a.id == request_id::pull_wait;
    if (waited) m.live = false;
    else m.sync = sync_state::idle;
    if (a.status != 200) {
        on_request_failed(m, a, ctx, fx);
        return;
    }
    // Decode the whole page before touching the model: a bad page changes nothing.
    json body = parse_answer(a.body, pull_page_bounds);
    pulled_clients changes;
    pulled_records record_changes;
    std::int64_t cursor = 0, total = 0, server_newest = -1;
    bool has_more = false;
    try {
        if (body.is_discarded() || !body.is_object()) throw std::runtime_error("not an object");
        if (integer_member(body, "schema") != std::optional<std::int64_t>(schema_version)) {
            m.sync = sync_state::failed;
            m.sync_message = "err.schema_unsupported";
            return;
        }
        for (const auto& ch : body.at("changes")) {
            auto hist = ch.value("history", json::array()).get<std::vector<activity_entry>>();
            if (ch.contains("record")) {
                record r = ch.at("record").get<record>();
                // A record of a kind this build does not know (a newer server) is kept as data:
                // it is stored and shown nowhere, never an error.
                record_changes.emplace_back(std::move(r), std::move(hist));
                continue;
            }
            client c = ch.at("client").get<client>();
            changes.emplace_back(std::move(c), std::move(hist));
        }
        // Numbers are read only when they are integers: a cursor of 1e300 is a bad page, not UB.
        auto read_cursor = integer_member(body, "cursor");
        if (!read_cursor) throw std::runtime_error("no integer cursor");
        cursor = *read_cursor;
        has_more = bool_member(body, "has_more");
        total = integer_member(body, "total").value_or(0);
        server_newest = integer_member(body, "server_version").value_or(-1);
    } catch (const std::exception&) {
        m.sync = sync_state::failed;
        m.sync_message = "err.bad_server_data";
        schedule_retry(m, ctx, fx);
        return;
    }
    m.retry_attempt = 0;
    m.sync_message.clear();
    if (m.sync == sync_state::offline || m.sync == sync_state::failed) m.sync = sync_state::idle;

    // The server's data was reset below what this card has: start over from nothing (local
    // edits stay in the journal and are sent again).
    if (server_newest >= 0 && server_newest < m.server_version) {
        std::set<std::string> touched;
        ensure_all_shards(m);
        for (const auto& [id, c] : m.store.base) touched.insert(id);
        m.store.base.clear();
        m.store.base_history.clear();
        for (const auto& [rid, r] : m.store.record_base) touched.insert(r.client_id);
        m.store.record_base.clear();
        m.store.record_ids.clear();
        for (int s = 0; s < shard_count; ++s) m.dirty_shards.insert(s);
        m.server_version = 0;
        for (auto& e : m.journal)
            if (e.state == op_state::confirmed) e.state = op_state::pending;
        refresh_clients(m, touched);
        request_write(m, fx);
        request_pull(m, fx);
        return;
    }

    if (m.pull_received == 0 || m.pull_total == 0) m.pull_total = total;
    m.pull_received += static_cast<std::int64_t>(changes.size() + record_changes.size());
    const std::int64_t seen = m.server_version;
    std::set<std::string> touched;
    apply_pulled(m, changes, record_changes, seen, touched);
    m.server_version = std::max(m.server_version, cursor);
    prune_journal(m, touched);
    refresh_clients(m, touched);
    if (!changes.empty()) m.meta_dirty = true;
    request_write(m, fx);
    if (has_more) {
        request_pull(m, fx);
        return;
    }
    m.pull_total = m.pull_received = 0;
    m.first_download = false;
    request_push(m, fx);
    request_pull(m, fx, /*wait=*/true);
}

// [SECTION] push results ----------------------------------------------------------------------

void on_push(model& m, const fetch_done& a, const context& ctx, effects& fx) {
    m.pushing = false;
    auto unsend = [&] {
        for (auto& e : m.journal)
            if (e.state == op_state::sent) e.state = op_state::pending;
    };
    if (a.status != 200) {
        unsend();
        on_request_failed(m, a, ctx, fx);
        return;
    }
    json body = parse_answer(a.body, push_answer_bounds);
    if (body.is_discarded() || !body.is_object() || !body.contains("results") || !body["results"].is_array()) {
        unsend();
        m.sync_message = "err.bad_server_data";
        schedule_retry(m, ctx, fx);
        return;
    }
    std::set<std::string> touched;
    for (const auto& r : body["results"]) {
        if (!r.is_object()) continue;
        journal_entry* e = find_entry(m, text_member(r, "id"));
        if (!e || e->state != op_state::sent) continue;
        const std::string status = text_member(r, "status");
        if (status == "applied" || status == "duplicate") {
            e->state = op_state::confirmed;
            e->version = integer_member(r, "version").value_or(0);
        } else if (status == "rejected") {
            e->state = op_state::rejected;
            const json err = object_member(r, "error");
            // The code and its detail make a translated sentence; a code this card does not know
            // falls back to the server's own message, kept in detail when the server sent none.
            const std::string detail = text_member(err, "detail");
            e->reason = error{text_member(err, "code", "err.rejected"), text_member(err, "field"),
                              detail.empty() ? text_member(err, "message") : detail};
            touched.insert(e->op.client_id);  // its change leaves the overlay
        } else {
            continue;
        }
        m.dirty_journal.insert(e->op.seq);
    }
    unsend();  // anything the answer did not mention goes again
    m.retry_attempt = 0;
    if (m.sync_message != "err.unauthorized") m.sync_message.clear();
    refresh_clients(m, touched);
    request_write(m, fx);
    // The long poll in flight wakes up with the versions just made; without one, pull now.
    if (!m.live) request_pull(m, fx);
    request_push(m, fx);
}

// [SECTION] me --------------------------------------------------------------------------------

void on_me(model& m, const fetch_done& a, const context& ctx, effects& fx) {
    if (a.status != 200) {
        if (a.status == 401) on_request_failed(m, a, ctx, fx);
        return;  // other failures: the next sync attempt asks again
    }
    json body = parse_answer(a.body, small_answer_bounds);
    if (body.is_discarded() || !body.is_object()) return;
    m.user_name = text_member(body, "name");
    m.user_role = text_member(body, "role");
    m.registration_link = text_member(body, "registration_link");
}

}  // namespace cc::app_detail
