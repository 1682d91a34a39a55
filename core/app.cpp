// app.cpp — update(): every action the card can receive, as a pure function of the model.
//
// Index of this file:
// [SECTION] helpers: search refresh, meta, overlays
// [SECTION] writes (one syncfs in flight, edits coalesce)
// [SECTION] network: me, pull, long poll, push, backoff
// [SECTION] storage: loaded, changed (follower tabs), written
// [SECTION] pull results: base, rebase, conflicts, journal pruning
// [SECTION] push results
// [SECTION] edits: commit here, or forward to the writer tab
// [SECTION] conflicts and rejected ops
// [SECTION] update (the dispatch over the action variant)
// [SECTION] queries for the ui
#include "app.hpp"

#include <algorithm>
#include <cmath>

#include "apply.hpp"
#include "codec.hpp"
#include "json_limits.hpp"
#include "json_read.hpp"
#include "storage.hpp"
#include "text.hpp"
#include "validate.hpp"

namespace cc {
namespace {

using effects = std::vector<effect>;

constexpr int pull_page = 1000;
constexpr int push_batch = 100;          // the server takes up to 500
constexpr int long_poll_s = 25;          // the server holds a pull this long when nothing changed
constexpr int long_poll_timeout_ms = 35000;
constexpr int retry_base_ms = 1000;      // backoff: 1 s, 2 s, 4 s ... up to a minute, with jitter
constexpr int retry_max_ms = 60000;
constexpr int write_retry_ms = 5000;     // after a failed write (a full disk, a blocked IndexedDB)

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

template <class... F> struct overloaded : F... { using F::operator()...; };
template <class... F> overloaded(F...) -> overloaded<F...>;

// [SECTION] helpers ---------------------------------------------------------------------------

void refresh_results(model& m) { m.results = search(m.index, m.query); }

stored_meta meta_of(const model& m) {
    return stored_meta{m.device, m.next_seq, m.server_version, m.lang == locale::ru ? "ru" : "en"};
}

// Entries whose effect is not (yet) in the base: re-applied on top of it.
bool in_overlay(const journal_entry& e, std::int64_t server_version) {
    if (e.state == op_state::rejected) return false;
    return e.state != op_state::confirmed || e.version > server_version;
}

// Rebuilds the overlay of one client: its base with every outstanding op re-applied (rebase).
// An op that no longer applies stays in the journal (nothing is dropped); the server will say.
void rebuild_overlay(model& m, const std::string& id) {
    m.store.overlay.erase(id);
    m.store.overlay_history.erase(id);
    const client* cur = nullptr;
    if (auto it = m.store.base.find(id); it != m.store.base.end()) cur = &it->second;
    std::optional<client> acc;
    for (const auto& e : m.journal) {
        if (e.op.client_id != id || !in_overlay(e, m.server_version)) continue;
        auto r = apply(acc ? &*acc : cur, e.op);
        if (auto* ok = std::get_if<applied>(&r)) {
            m.store.overlay_history[id].push_back(make_activity(e.op, ok->changes, true));
            acc = std::move(ok->after);
        }
    }
    if (acc) m.store.overlay[id] = std::move(*acc);
}

void reindex(model& m, const std::string& id) {
    if (const client* c = m.store.find(id)) index_put(m.index, *c);
}

// After a batch of base or journal changes: overlays, index, order, results.
void refresh_clients(model& m, const std::set<std::string>& ids) {
    if (ids.empty()) return;
    for (const auto& id : ids) {
        rebuild_overlay(m, id);
        reindex(m, id);
    }
    index_sort(m.index);
    refresh_results(m);
}

journal_entry* find_entry(model& m, const std::string& op_id) {
    for (auto& e : m.journal)
        if (e.op.id == op_id) return &e;
    return nullptr;
}

// [SECTION] writes ----------------------------------------------------------------------------

// Starts a write of everything not yet in IndexedDB, unless one is in flight: then the next
// write picks it up (edits coalesce). Only the writer tab writes; after a failed load nothing is
// written, so what is on disk is never overwritten by a card that could not read it.
void request_write(model& m, effects& fx) {
    if (m.loading != load_state::ready || !m.writer) return;
    if (m.writing) { m.write_wanted = true; return; }
    write_files w;
    for (const auto& e : m.journal)
        if (e.op.seq > m.saved_seq || m.dirty_journal.count(e.op.seq))
            w.writes.emplace_back(journal_path(e.op.seq), encode_journal_entry(e));
    if (!m.dirty_shards.empty()) {
        auto shards = encode_shards(m.store, m.dirty_shards);
        w.writes.insert(w.writes.end(), shards.begin(), shards.end());
        m.meta_dirty = true;  // the cursor goes with the shards it describes
    }
    if (m.conflicts_dirty) w.writes.emplace_back(conflicts_path, encode_conflicts(m.conflicts));
    w.removes = m.removed_files;
    if (w.writes.empty() && w.removes.empty() && !m.meta_dirty) return;
    w.writes.emplace_back(meta_path, encode_meta(meta_of(m)));
    w.upto_seq = m.journal.empty() ? std::max(m.saved_seq, m.next_seq - 1) : m.journal.back().op.seq;
    m.writing = true;
    m.shards_in_flight = std::move(m.dirty_shards);
    m.dirty_shards.clear();
    m.dirty_journal.clear();
    m.removed_files.clear();
    m.meta_dirty = false;
    m.conflicts_dirty = false;
    m.write_wanted = false;
    fx.push_back(std::move(w));
}

// [SECTION] network ---------------------------------------------------------------------------

bool may_talk(const model& m) { return m.writer && m.loading == load_state::ready && m.signed_in; }

std::string api(const model& m, const std::string& path) { return m.server_url + "/api/v1/" + path; }

void request_me(model& m, effects& fx) {
    if (!may_talk(m)) return;
    fx.push_back(http_request{"me", "GET", api(m, "me"), ""});
}

// A paged pull now; with `wait`, a long poll the server holds until something changes.
void request_pull(model& m, effects& fx, bool wait = false) {
    if (!may_talk(m) || m.sync == sync_state::pulling || m.live) return;
    std::string url = api(m, "pull?since=" + std::to_string(m.server_version) +
                                 "&limit=" + std::to_string(pull_page) + "&device=" + m.device);
    if (wait) {
        m.live = true;
        fx.push_back(http_request{"pull_wait", "GET", url + "&wait=" + std::to_string(long_poll_s), "",
                                  long_poll_timeout_ms});
    } else {
        m.sync = sync_state::pulling;
        fx.push_back(http_request{"pull", "GET", url, ""});
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
    fx.push_back(http_request{"push", "POST", api(m, "push"),
                              json{{"schema", schema_version}, {"device", m.device}, {"ops", ops}}.dump()});
}

// Exponential backoff with jitter: attempt 1 waits 0.5–1 s, attempt 2 1–2 s, ... up to a minute.
void schedule_retry(model& m, const context& ctx, effects& fx) {
    m.retry_attempt += 1;
    const double full = std::min<double>(retry_max_ms, retry_base_ms * std::pow(2.0, m.retry_attempt - 1));
    fx.push_back(start_timer{"sync_retry", static_cast<int>(full * (0.5 + 0.5 * ctx.random))});
}

error server_error(const fetch_done& a) {
    if (a.status == 0) return error{"err.server_down", "", ""};
    json body = parse_answer(a.body, small_answer_bounds);
    if (!body.is_discarded() && body.is_object() && body.contains("error") && body["error"].is_object())
        return error{text_member(body["error"], "code", "err.server_error"), "",
                     text_member(body["error"], "message")};
    return error{"err.server_error", "", std::to_string(a.status)};
}

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

// Everything the writer does to catch up: pull first (paged), then push, then wait for news.
void resume_sync(model& m, effects& fx) {
    request_pull(m, fx);
    request_push(m, fx);
}

// [SECTION] storage ---------------------------------------------------------------------------

// The fields a reload keeps: what the user is looking at and how this tab is set up.
model fresh_model_from(model& old) {
    model m;
    m.server_url = std::move(old.server_url);
    m.actor = std::move(old.actor);
    m.signed_in = old.signed_in;
    m.user_name = std::move(old.user_name);
    m.user_role = std::move(old.user_role);
    m.online = old.online;
    m.query = std::move(old.query);
    m.selected = std::move(old.selected);
    m.select_origin = std::move(old.select_origin);
    m.forwarded = std::move(old.forwarded);
    m.next_origin = old.next_origin;
    m.tab_id = std::move(old.tab_id);
    return m;
}

void commit(model& m, op o, const std::string& source, const std::string& origin, effects& fx,
            std::optional<error>* refused_out = nullptr);

void on_loaded(model& m, const storage_loaded& a, const context& ctx, effects& fx) {
    m = fresh_model_from(m);
    m.writer = a.writer;
    if (!a.tab_id.empty()) m.tab_id = a.tab_id;
    auto decoded = decode_storage(a.files);
    if (auto* err = std::get_if<error>(&decoded)) {
        m.loading = load_state::failed;
        m.storage_error = *err;
        return;
    }
    auto& st = std::get<stored_state>(decoded);
    m.device = st.found && !st.meta.device.empty() ? st.meta.device : a.fresh_device_id;
    m.next_seq = st.meta.next_seq;
    m.server_version = st.meta.server_version;
    m.lang = st.meta.locale == "ru" ? locale::ru : locale::en;
    m.store.base = std::move(st.base);
    m.store.base_history = std::move(st.base_history);
    m.journal = std::move(st.journal);
    m.conflicts = std::move(st.conflicts);
    m.saved_seq = m.journal.empty() ? 0 : m.journal.back().op.seq;  // all of it came from disk
    std::set<std::string> touched;
    for (const auto& e : m.journal) touched.insert(e.op.client_id);
    for (const auto& id : touched) rebuild_overlay(m, id);
    m.store.for_each([&](const client& c) { index_put(m.index, c); });
    index_sort(m.index);
    refresh_results(m);
    m.loading = load_state::ready;
    if (!m.writer) return;

    // This tab writes now. Edits it forwarded to a writer that went away before saving them are
    // committed here (the journal names the forwarded edits it holds by origin).
    std::vector<forwarded_edit> unanswered;
    for (auto& f : m.forwarded) {
        const bool held = std::any_of(m.journal.begin(), m.journal.end(),
                                      [&](const journal_entry& e) { return e.origin == f.origin; });
        if (!held) unanswered.push_back(std::move(f));
    }
    m.forwarded.clear();
    for (auto& f : unanswered) {
        op o;
        o.kind = f.edit.edit.kind;
        o.client_id = f.edit.edit.client_id;
        o.payload = f.edit.edit.payload;
        o.at = f.edit.at ? f.edit.at : ctx.now_ms;
        commit(m, std::move(o), f.edit.edit.source, f.origin, fx);
    }
    m.first_download = m.server_version == 0;
    if (!st.found) m.meta_dirty = true;  // first start: keep the device id
    request_write(m, fx);
    request_me(m, fx);
    resume_sync(m, fx);
}

// A follower tab: the writer changed files; bring the model in line with them.
void on_changed(model& m, const storage_changed& a) {
    if (m.writer || m.loading != load_state::ready) return;
    auto decoded = decode_storage(a.files);
    if (auto* err = std::get_if<error>(&decoded)) {
        m.storage_error = *err;
        return;
    }
    auto& st = std::get<stored_state>(decoded);
    std::set<std::string> touched;
    if (st.found) {
        m.server_version = st.meta.server_version;
        m.lang = st.meta.locale == "ru" ? locale::ru : locale::en;
    }
    std::set<int> shards;
    for (const auto& [path, text] : a.files)
        if (path.rfind("base/", 0) == 0) shards.insert(std::atoi(path.c_str() + 5));
    if (!shards.empty()) {
        for (auto it = m.store.base.begin(); it != m.store.base.end();) {
            if (shards.count(shard_of(it->first))) {
                touched.insert(it->first);
                m.store.base_history.erase(it->first);
                it = m.store.base.erase(it);
            } else {
                ++it;
            }
        }
        for (auto& [id, c] : st.base) {
            touched.insert(id);
            m.store.base[id] = std::move(c);
        }
        for (auto& [id, h] : st.base_history) m.store.base_history[id] = std::move(h);
    }
    auto drop_seq = [&](std::int64_t seq) {
        auto it = std::find_if(m.journal.begin(), m.journal.end(), [&](const journal_entry& e) { return e.op.seq == seq; });
        if (it == m.journal.end()) return;
        touched.insert(it->op.client_id);
        m.journal.erase(it);
    };
    for (const auto& path : a.removed) drop_seq(journal_seq(path));
    for (auto& e : st.journal) {
        drop_seq(e.op.seq);
        touched.insert(e.op.client_id);
        m.journal.push_back(std::move(e));
    }
    std::sort(m.journal.begin(), m.journal.end(),
              [](const journal_entry& x, const journal_entry& y) { return x.op.seq < y.op.seq; });
    m.saved_seq = m.journal.empty() ? m.saved_seq : std::max(m.saved_seq, m.journal.back().op.seq);
    if (st.conflicts_found) m.conflicts = std::move(st.conflicts);
    // An edit this tab forwarded is done once the writer's journal holds it.
    for (const auto& e : m.journal) {
        if (e.origin.empty()) continue;
        m.forwarded.erase(std::remove_if(m.forwarded.begin(), m.forwarded.end(),
                                         [&](const forwarded_edit& f) { return f.origin == e.origin; }),
                          m.forwarded.end());
        if (!m.select_origin.empty() && e.origin == m.select_origin) {
            m.selected = e.op.client_id;
            m.select_origin.clear();
        }
    }
    refresh_clients(m, touched);
}

void on_written(model& m, const storage_written& a, effects& fx) {
    m.writing = false;
    if (!a.ok) {
        // Nothing is lost: the ops stay in the journal in memory and are written again later.
        m.storage_error = error{a.reason.empty() ? "err.storage_failed" : a.reason, "", ""};
        m.meta_dirty = true;
        m.conflicts_dirty = true;
        m.dirty_shards.insert(m.shards_in_flight.begin(), m.shards_in_flight.end());
        m.shards_in_flight.clear();
        for (const auto& e : m.journal) m.dirty_journal.insert(e.op.seq);
        fx.push_back(start_timer{"storage_retry", write_retry_ms});
        return;
    }
    m.storage_error.reset();
    m.shards_in_flight.clear();
    m.saved_seq = std::max(m.saved_seq, a.upto_seq);
    const bool more = m.write_wanted || m.meta_dirty || m.conflicts_dirty || !m.dirty_shards.empty() ||
                      !m.dirty_journal.empty() || !m.removed_files.empty() ||
                      (!m.journal.empty() && m.journal.back().op.seq > m.saved_seq);
    if (more) request_write(m, fx);
}

// [SECTION] pull results ----------------------------------------------------------------------

bool fields_overlap(const std::string& a, const std::string& b) {
    auto under = [](const std::string& x, const std::string& y) {  // x is inside y ("phones:p1:raw" in "phones:p1")
        return x.size() > y.size() && x.compare(0, y.size(), y) == 0 && x[y.size()] == ':';
    };
    return a == b || under(a, b) || under(b, a);
}

// The part of an op's payload that concerns one field, as an op that sets just that.
json payload_for_field(const std::string& kind, const json& payload, const std::string& field) {
    if (kind == "client.set" && payload.is_object() && payload.contains(field)) return json{{field, payload[field]}};
    if (kind == "item.update" && payload.is_object()) {
        const auto last = field.rfind(':');
        const std::string key = last == std::string::npos ? "" : field.substr(last + 1);
        json p = payload;
        if (p.contains("item") && p["item"].is_object() && p["item"].contains(key)) p["item"] = json{{key, payload["item"][key]}};
        return p;
    }
    return payload;
}

// How one side changed `field`, as the log shows it ("old -> new" keeps only the new side).
std::string shown_value(const std::vector<field_change>& changes, const std::string& field, const json& payload) {
    for (const auto& c : changes)
        if (fields_overlap(field, c.field)) return c.new_value;
    if (payload.is_object() && payload.contains(field)) {
        const json& v = payload[field];
        return v.is_string() ? v.get<std::string>() : v.dump();
    }
    return payload.dump();
}

void detect_conflicts(model& m, const client& c, const std::vector<activity_entry>& history, std::int64_t seen) {
    for (const auto& theirs : history) {
        if (theirs.version <= seen || theirs.device == m.device) continue;
        const auto their_fields = touched_fields(theirs.kind, theirs.payload);
        for (const auto& mine : m.journal) {
            if (mine.op.client_id != c.id || mine.state == op_state::rejected) continue;
            if (mine.base_version >= theirs.version) continue;  // mine was made after seeing theirs
            for (const auto& f : touched_fields(mine.op.kind, mine.op.payload)) {
                const auto hit = std::find_if(their_fields.begin(), their_fields.end(),
                                              [&](const std::string& g) { return fields_overlap(f, g); });
                if (hit == their_fields.end()) continue;
                const std::string id = theirs.op_id + "|" + f;
                if (std::any_of(m.conflicts.begin(), m.conflicts.end(), [&](const conflict& x) { return x.id == id; }))
                    continue;
                conflict k;
                k.id = id;
                k.client_id = c.id;
                k.field = f;
                k.their_actor = theirs.actor;
                k.their_at = theirs.at;
                k.their_value = shown_value(theirs.changes, f, theirs.payload);
                std::vector<field_change> my_changes;
                if (auto h = m.store.overlay_history.find(c.id); h != m.store.overlay_history.end())
                    for (const auto& x : h->second)
                        if (x.op_id == mine.op.id) my_changes = x.changes;
                k.my_value = shown_value(my_changes, f, mine.op.payload);
                k.mine_won = mine.state != op_state::confirmed || mine.version > theirs.version;
                k.my_kind = mine.op.kind;
                k.my_payload = payload_for_field(mine.op.kind, mine.op.payload, f);
                k.their_kind = theirs.kind;
                k.their_payload = payload_for_field(theirs.kind, theirs.payload, f);
                m.conflicts.push_back(std::move(k));
                m.conflicts_dirty = true;
            }
        }
    }
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

void on_pull(model& m, const fetch_done& a, const context& ctx, effects& fx) {
    const bool waited = a.tag == "pull_wait";
    if (waited) m.live = false;
    else m.sync = sync_state::idle;
    if (a.status != 200) {
        on_request_failed(m, a, ctx, fx);
        return;
    }
    // Decode the whole page before touching the model: a bad page changes nothing.
    json body = parse_answer(a.body, pull_page_bounds);
    std::vector<std::pair<client, std::vector<activity_entry>>> changes;
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
            client c = ch.at("client").get<client>();
            auto hist = ch.value("history", json::array()).get<std::vector<activity_entry>>();
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
        for (const auto& [id, c] : m.store.base) touched.insert(id);
        m.store.base.clear();
        m.store.base_history.clear();
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
    m.pull_received += static_cast<std::int64_t>(changes.size());
    const std::int64_t seen = m.server_version;
    std::set<std::string> touched;
    for (auto& [c, hist] : changes) {
        detect_conflicts(m, c, hist, seen);
        // Our own ops in the server's history are applied, whatever became of the push answer
        // (it may have been lost): re-applying them on the new base would do them twice.
        for (const auto& h : hist) {
            if (h.device != m.device) continue;
            if (journal_entry* e = find_entry(m, h.op_id); e && e->state != op_state::confirmed) {
                e->state = op_state::confirmed;
                e->version = h.version;
                m.dirty_journal.insert(e->op.seq);
            }
        }
        const std::string id = c.id;
        touched.insert(id);
        m.dirty_shards.insert(shard_of(id));
        m.store.base[id] = std::move(c);
        m.store.base_history[id] = std::move(hist);
    }
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

void on_me(model& m, const fetch_done& a, const context& ctx, effects& fx) {
    if (a.status != 200) {
        if (a.status == 401) on_request_failed(m, a, ctx, fx);
        return;  // other failures: the next sync attempt asks again
    }
    json body = parse_answer(a.body, small_answer_bounds);
    if (body.is_discarded() || !body.is_object()) return;
    m.user_name = text_member(body, "name");
    m.user_role = text_member(body, "role");
}

// [SECTION] edits -----------------------------------------------------------------------------

// Commits one op in the writer tab: applies it, and on success journals it and asks for a write
// and a push. `origin` names an edit forwarded from another tab.
void commit(model& m, op o, const std::string& source, const std::string& origin, effects& fx,
            std::optional<error>* refused_out) {
    auto refuse = [&](error why) {
        if (refused_out) *refused_out = why;
        else m.refused = refusal{source, std::move(why)};
    };
    if (m.loading != load_state::ready) return refuse(error{"err.not_ready", "", ""});
    o.device = m.device;
    o.seq = m.next_seq;
    o.id = m.device + ":" + std::to_string(o.seq);
    if (o.actor.empty()) o.actor = m.user_name.empty() ? m.actor : m.user_name;
    if (o.kind == "client.create" && o.client_id.empty()) o.client_id = "c:" + o.id;
    const client* before = m.store.find(o.client_id);
    auto r = apply(before, o);
    if (auto* err = std::get_if<error>(&r)) return refuse(*err);
    auto& ok = std::get<applied>(r);
    m.store.overlay_history[o.client_id].push_back(make_activity(o, std::move(ok.changes), true));
    m.store.overlay[o.client_id] = std::move(ok.after);
    m.next_seq += 1;
    journal_entry e;
    e.base_version = m.server_version;
    e.origin = origin;
    e.op = std::move(o);
    m.journal.push_back(std::move(e));
    if (m.refused && m.refused->source == source) m.refused.reset();
    const std::string& id = m.journal.back().op.client_id;
    reindex(m, id);
    // One client changed: move it in the name order and the results, no sort, no full search,
    // so an edit costs the same at 2,000 clients as at 100,000.
    index_reposition(m.index, id, m.query, m.results);
    request_write(m, fx);
    request_push(m, fx);
}

// Special kinds a follower forwards for actions that change the writer's journal or conflicts.
constexpr const char* kind_resolve = "conflict.resolve";
constexpr const char* kind_discard = "journal.discard";
constexpr const char* kind_retry = "journal.retry";

// A follower tab: check the edit against what this tab sees, then hand it to the writer.
void forward(model& m, edit_requested edit, const context& ctx, effects& fx) {
    if (m.loading != load_state::ready) {
        m.refused = refusal{edit.source, error{"err.not_ready", "", ""}};
        return;
    }
    const bool special = edit.kind == kind_resolve || edit.kind == kind_discard || edit.kind == kind_retry;
    if (!special) {
        op probe;
        probe.id = "probe";
        probe.kind = edit.kind;
        probe.client_id = edit.client_id.empty() ? "c:probe" : edit.client_id;
        probe.payload = edit.payload;
        probe.at = ctx.now_ms;
        auto r = apply(m.store.find(probe.client_id), probe);
        if (auto* err = std::get_if<error>(&r)) {
            m.refused = refusal{edit.source, *err};
            return;
        }
    }
    edit_forwarded f;
    f.origin = m.tab_id + ":" + std::to_string(m.next_origin++);
    f.actor = m.user_name.empty() ? m.actor : m.user_name;
    f.at = ctx.now_ms;
    f.edit = std::move(edit);
    if (f.edit.kind == "client.create") m.select_origin = f.origin;
    m.forwarded.push_back(forwarded_edit{f.origin, f});
    fx.push_back(forward_edit{std::move(f)});
}

void request_edit(model& m, edit_requested edit, const context& ctx, effects& fx) {
    if (!m.writer) return forward(m, std::move(edit), ctx, fx);
    op o;
    o.kind = std::move(edit.kind);
    o.client_id = std::move(edit.client_id);
    o.payload = std::move(edit.payload);
    o.at = ctx.now_ms;
    const bool creating = o.kind == "client.create";
    const std::size_t before = m.journal.size();
    commit(m, std::move(o), edit.source, "", fx);
    if (creating && m.journal.size() > before) m.selected = m.journal.back().op.client_id;
}

// [SECTION] conflicts and rejected ops --------------------------------------------------------

std::optional<error> resolve_conflict(model& m, const std::string& id, bool keep_mine, const context& ctx,
                                      const std::string& origin, effects& fx) {
    auto it = std::find_if(m.conflicts.begin(), m.conflicts.end(), [&](const conflict& c) { return c.id == id; });
    if (it == m.conflicts.end()) return std::nullopt;  // already resolved (another tab, a double click)
    const conflict k = *it;
    // Only the side that is not in effect needs an op: it comes after in server order and wins.
    std::optional<error> refused;
    if (keep_mine != k.mine_won) {
        op o;
        o.kind = keep_mine ? k.my_kind : k.their_kind;
        o.payload = keep_mine ? k.my_payload : k.their_payload;
        o.client_id = k.client_id;
        o.at = ctx.now_ms;
        commit(m, std::move(o), "conflict", origin, fx, &refused);
        if (refused) return refused;
    }
    m.conflicts.erase(std::find_if(m.conflicts.begin(), m.conflicts.end(), [&](const conflict& c) { return c.id == id; }));
    m.conflicts_dirty = true;
    request_write(m, fx);
    return std::nullopt;
}

// Discard drops a rejected op for good; retry sends its change again as a new op (the server
// answers an op id it rejected with the same rejection, so the old id cannot go again).
std::optional<error> settle_rejected(model& m, const std::string& op_id, bool retry, const context& ctx,
                                     const std::string& origin, effects& fx) {
    journal_entry* e = find_entry(m, op_id);
    if (!e || e->state != op_state::rejected) return std::nullopt;
    const op old = e->op;
    m.removed_files.push_back(journal_path(old.seq));
    m.journal.erase(std::find_if(m.journal.begin(), m.journal.end(), [&](const journal_entry& x) { return x.op.id == op_id; }));
    std::optional<error> refused;
    if (retry) {
        op o;
        o.kind = old.kind;
        o.client_id = old.client_id;
        o.payload = old.payload;
        o.at = ctx.now_ms;
        commit(m, std::move(o), "rejected", origin, fx, &refused);
    }
    refresh_clients(m, {old.client_id});
    request_write(m, fx);
    return refused;
}

void on_forwarded(model& m, const edit_forwarded& f, const context& ctx, effects& fx) {
    if (!m.writer) return;
    // A follower re-sends what a previous writer may already have taken: commit each origin once.
    if (std::any_of(m.journal.begin(), m.journal.end(), [&](const journal_entry& e) { return e.origin == f.origin; })) {
        fx.push_back(forward_answer{forward_answered{f.origin, true, {}}});
        return;
    }
    std::optional<error> refused;
    const auto& e = f.edit;
    if (e.kind == kind_resolve) {
        refused = resolve_conflict(m, text_member(e.payload, "conflict_id"), bool_member(e.payload, "keep_mine", true),
                                   ctx, f.origin, fx);
    } else if (e.kind == kind_discard || e.kind == kind_retry) {
        refused = settle_rejected(m, text_member(e.payload, "op_id"), e.kind == kind_retry, ctx, f.origin, fx);
    } else {
        op o;
        o.kind = e.kind;
        o.client_id = e.client_id;
        o.payload = e.payload;
        o.actor = f.actor;
        o.at = f.at ? f.at : ctx.now_ms;
        commit(m, std::move(o), e.source, f.origin, fx, &refused);
    }
    forward_answered answer;
    answer.origin = f.origin;
    answer.ok = !refused;
    if (refused) answer.why = *refused;
    fx.push_back(forward_answer{std::move(answer)});
}

void on_answered(model& m, const forward_answered& a) {
    auto it = std::find_if(m.forwarded.begin(), m.forwarded.end(), [&](const forwarded_edit& f) { return f.origin == a.origin; });
    if (it == m.forwarded.end()) return;
    if (!a.ok) {
        m.refused = refusal{it->edit.edit.source, a.why};
        if (m.select_origin == a.origin) m.select_origin.clear();
        m.forwarded.erase(it);
    }
    // An accepted edit stays listed until the writer's files show it (storage_changed): until
    // then this tab shows it as saving.
}

}  // namespace

// [SECTION] update ----------------------------------------------------------------------------

update_result update(model m, const action& a, const context& ctx) {
    effects fx;
    std::visit(overloaded{
        [&](const storage_loaded& x) { on_loaded(m, x, ctx, fx); },
        [&](const storage_changed& x) { on_changed(m, x); },
        [&](const storage_written& x) { on_written(m, x, fx); },
        [&](const fetch_done& x) {
            if (x.tag == "pull" || x.tag == "pull_wait") on_pull(m, x, ctx, fx);
            else if (x.tag == "push") on_push(m, x, ctx, fx);
            else if (x.tag == "me") on_me(m, x, ctx, fx);
        },
        [&](const timer_fired& x) {
            if (x.name == "sync_retry") resume_sync(m, fx);
            else if (x.name == "storage_retry") request_write(m, fx);
        },
        [&](const query_changed& x) {
            // Typing on: look only among what the shorter query found.
            if (narrows(m.query, x.text)) m.results = search_within(m.index, x.text, m.results);
            else m.results = search(m.index, x.text);
            m.query = x.text;
        },
        [&](const client_selected& x) {
            m.selected = x.id;
            m.refused.reset();
        },
        [&](const client_created& x) {
            request_edit(m, edit_requested{"", "client.create", json{{"name", x.name}}, x.source}, ctx, fx);
        },
        [&](const edit_requested& x) { request_edit(m, x, ctx, fx); },
        [&](const edit_forwarded& x) { on_forwarded(m, x, ctx, fx); },
        [&](const forward_answered& x) { on_answered(m, x); },
        [&](const locale_changed& x) {
            if (m.lang == x.value) return;
            m.lang = x.value;
            m.meta_dirty = true;
            request_write(m, fx);
        },
        [&](const link_requested& x) {
            if (link_allowed(x.url)) fx.push_back(open_link{trim(x.url)});
            else m.refused = refusal{"link", error{"err.link_blocked", "", x.url}};
        },
        [&](const error_dismissed&) { m.refused.reset(); },
        [&](const server_configured& x) {
            m.server_url = x.base_url;
            while (!m.server_url.empty() && m.server_url.back() == '/') m.server_url.pop_back();
            if (!x.actor.empty()) m.actor = x.actor;
            resume_sync(m, fx);
        },
        [&](const token_entered& x) {
            m.signed_in = !x.token.empty();
            if (!m.signed_in) m.user_name.clear(), m.user_role.clear();
            if (m.sync_message == "err.unauthorized") m.sync_message.clear();
            m.retry_attempt = 0;
            fx.push_back(set_token{x.token});
            request_me(m, fx);
            resume_sync(m, fx);
        },
        [&](const connectivity_changed& x) {
            m.online = x.online;
            if (x.online) {
                m.retry_attempt = 0;
                resume_sync(m, fx);
            }
        },
        [&](const conflict_resolved& x) {
            if (!m.writer)
                return forward(m, edit_requested{"", kind_resolve, json{{"conflict_id", x.conflict_id}, {"keep_mine", x.keep_mine}}, "conflict"}, ctx, fx);
            if (auto err = resolve_conflict(m, x.conflict_id, x.keep_mine, ctx, "", fx)) m.refused = refusal{"conflict", *err};
        },
        [&](const rejected_discarded& x) {
            if (!m.writer) return forward(m, edit_requested{"", kind_discard, json{{"op_id", x.op_id}}, "rejected"}, ctx, fx);
            settle_rejected(m, x.op_id, false, ctx, "", fx);
        },
        [&](const rejected_retried& x) {
            if (!m.writer) return forward(m, edit_requested{"", kind_retry, json{{"op_id", x.op_id}}, "rejected"}, ctx, fx);
            if (auto err = settle_rejected(m, x.op_id, true, ctx, "", fx)) m.refused = refusal{"rejected", *err};
        },
    }, a);
    return update_result{std::move(m), std::move(fx)};
}

// [SECTION] queries ---------------------------------------------------------------------------

save_status client_save_status(const model& m, const std::string& client_id) {
    save_status s = save_status::none;
    for (const auto& f : m.forwarded)
        if (f.edit.edit.client_id == client_id) return save_status::saving;
    for (const auto& e : m.journal) {
        if (e.op.client_id != client_id) continue;
        if (e.op.seq > m.saved_seq) return save_status::saving;
        s = save_status::saved;
    }
    return s;
}

sync_status overall_status(const model& m) {
    bool unsaved = m.writing || !m.forwarded.empty();
    for (const auto& e : m.journal) unsaved = unsaved || e.op.seq > m.saved_seq;
    if (unsaved) return sync_status::saving;
    if (!m.signed_in) return sync_status::saved_locally;  // nothing can have reached a server
    if (m.sync == sync_state::offline || !m.online) return sync_status::offline;
    if (m.pushing || m.sync == sync_state::pulling) return sync_status::syncing;
    if (pending_count(m) > 0) return sync_status::saved_locally;
    return sync_status::synced;
}

std::size_t pending_count(const model& m) {
    return static_cast<std::size_t>(std::count_if(m.journal.begin(), m.journal.end(), [](const journal_entry& e) {
               return e.state == op_state::pending || e.state == op_state::sent;
           })) + m.forwarded.size();
}

std::size_t rejected_count(const model& m) {
    return static_cast<std::size_t>(std::count_if(m.journal.begin(), m.journal.end(),
                                                  [](const journal_entry& e) { return e.state == op_state::rejected; }));
}

std::vector<const conflict*> conflicts_of(const model& m, const std::string& client_id) {
    std::vector<const conflict*> out;
    for (const auto& c : m.conflicts)
        if (c.client_id == client_id) out.push_back(&c);
    return out;
}

std::vector<const journal_entry*> rejected_of(const model& m, const std::string& client_id) {
    std::vector<const journal_entry*> out;
    for (const auto& e : m.journal)
        if (e.op.client_id == client_id && e.state == op_state::rejected) out.push_back(&e);
    return out;
}

std::vector<std::string> touched_fields(const std::string& kind, const json& payload) {
    std::vector<std::string> out;
    if (!payload.is_object()) return out;
    if (kind == "client.set") {
        for (const auto& [k, v] : payload.items()) out.push_back(k);
    } else if (kind == "client.delete") {
        out.push_back("deleted");
    } else if (kind == "item.update" || kind == "item.remove") {
        const std::string base = payload.value("list", std::string()) + ":" + payload.value("id", std::string());
        if (kind == "item.remove" || !payload.contains("item") || !payload["item"].is_object()) {
            out.push_back(base);
        } else {
            for (const auto& [k, v] : payload["item"].items()) out.push_back(base + ":" + k);
        }
    } else if (kind == "custom.set" || kind == "custom.remove") {
        out.push_back("custom:" + payload.value("key", std::string()));
    }
    return out;
}

}  // namespace cc
