// app.cpp — update(): every action the card can receive, as a pure function of the model.
//
// Index of this file:
// [SECTION] helpers: search refresh, writes, pulls
// [SECTION] storage: loaded, written
// [SECTION] sync: pull results
// [SECTION] edits
// [SECTION] update (the dispatch over the action variant)
// [SECTION] queries for the ui
#include "app.hpp"

#include <algorithm>

#include "apply.hpp"
#include "codec.hpp"
#include "storage.hpp"
#include "text.hpp"
#include "validate.hpp"

namespace cc {
namespace {

using effects = std::vector<effect>;

constexpr int pull_page = 1000;
constexpr int pull_retry_ms = 5000;     // after a failed pull (issue 3 brings backoff with jitter)
constexpr int pull_refresh_ms = 30000;  // while idle and online
constexpr int write_retry_ms = 5000;    // after a failed write (a full disk, a blocked IndexedDB)

// [SECTION] helpers ---------------------------------------------------------------------------

void refresh_results(model& m) { m.results = search(m.index, m.query); }

stored_meta meta_of(const model& m) {
    return stored_meta{m.device, m.next_seq, m.server_version, m.lang == locale::ru ? "ru" : "en"};
}

// Starts a write of everything not yet in IndexedDB, unless one is in flight: then the next
// write picks it up (edits coalesce). After a failed load nothing is written, so what is on disk
// is never overwritten by a card that could not read it.
void request_write(model& m, effects& fx) {
    if (m.loading != load_state::ready) return;
    if (m.writing) { m.write_wanted = true; return; }
    write_files w;
    for (const auto& o : m.journal)
        if (o.seq > m.saved_seq) w.writes.emplace_back(journal_path(o.seq), encode_journal_entry(o));
    if (!m.dirty_shards.empty()) {
        auto shards = encode_shards(m.store, m.dirty_shards);
        w.writes.insert(w.writes.end(), shards.begin(), shards.end());
        m.meta_dirty = true;  // the cursor goes with the shards it describes
    }
    if (w.writes.empty() && !m.meta_dirty) return;
    w.writes.emplace_back(meta_path, encode_meta(meta_of(m)));
    w.upto_seq = m.journal.empty() ? m.saved_seq : m.journal.back().seq;
    m.writing = true;
    m.shards_in_flight = std::move(m.dirty_shards);
    m.dirty_shards.clear();
    m.meta_dirty = false;
    m.write_wanted = false;
    fx.push_back(std::move(w));
}

void request_pull(model& m, effects& fx) {
    if (m.loading != load_state::ready || m.sync == sync_state::pulling) return;
    m.sync = sync_state::pulling;
    fx.push_back(http_request{"pull", "GET",
                              m.server_url + "/api/v1/pull?since=" + std::to_string(m.server_version) +
                                  "&limit=" + std::to_string(pull_page),
                              ""});
}

// Rebuilds the overlay of one client: its base with every pending op re-applied (rebase).
// An op that no longer applies stays in the journal (nothing is dropped); its entry shows it.
void rebuild_overlay(model& m, const std::string& id) {
    m.store.overlay.erase(id);
    m.store.overlay_history.erase(id);
    const client* cur = nullptr;
    if (auto it = m.store.base.find(id); it != m.store.base.end()) cur = &it->second;
    std::optional<client> acc;
    for (const auto& o : m.journal) {
        if (o.client_id != id) continue;
        auto r = apply(acc ? &*acc : cur, o);
        if (auto* ok = std::get_if<applied>(&r)) {
            m.store.overlay_history[id].push_back(make_activity(o, ok->changes, true));
            acc = std::move(ok->after);
        }
    }
    if (acc) m.store.overlay[id] = std::move(*acc);
}

void reindex(model& m, const std::string& id) {
    if (const client* c = m.store.find(id)) index_put(m.index, *c);
}

// [SECTION] storage ---------------------------------------------------------------------------

void on_loaded(model& m, const storage_loaded& a, effects& fx) {
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
    m.saved_seq = m.journal.empty() ? 0 : m.journal.back().seq;  // all of it came from disk
    std::set<std::string> touched;
    for (const auto& o : m.journal) touched.insert(o.client_id);
    for (const auto& id : touched) rebuild_overlay(m, id);
    m.store.for_each([&](const client& c) { index_put(m.index, c); });
    index_sort(m.index);
    refresh_results(m);
    m.loading = load_state::ready;
    if (!st.found) m.meta_dirty = true;  // first start: keep the device id
    request_write(m, fx);
    request_pull(m, fx);
}

void on_written(model& m, const storage_written& a, effects& fx) {
    m.writing = false;
    if (!a.ok) {
        // Nothing is lost: the ops stay in the journal in memory and are written again later.
        m.storage_error = error{a.reason.empty() ? "err.storage_failed" : a.reason, "", ""};
        m.meta_dirty = true;
        m.dirty_shards.insert(m.shards_in_flight.begin(), m.shards_in_flight.end());
        m.shards_in_flight.clear();
        fx.push_back(start_timer{"storage_retry", write_retry_ms});
        return;
    }
    m.storage_error.reset();
    m.shards_in_flight.clear();
    m.saved_seq = std::max(m.saved_seq, a.upto_seq);
    const bool more = m.write_wanted || m.meta_dirty || !m.dirty_shards.empty() ||
                      (!m.journal.empty() && m.journal.back().seq > m.saved_seq);
    if (more) request_write(m, fx);
}

// [SECTION] sync ------------------------------------------------------------------------------

error server_error(const fetch_done& a) {
    if (a.status == 0) return error{"err.server_down", "", ""};
    json body = json::parse(a.body, nullptr, false);
    if (!body.is_discarded() && body.is_object() && body.contains("error") && body["error"].is_object())
        return error{body["error"].value("code", std::string("err.server_error")), "",
                     body["error"].value("message", std::string())};
    return error{"err.server_error", "", std::to_string(a.status)};
}

void on_pull(model& m, const fetch_done& a, effects& fx) {
    m.sync = sync_state::idle;
    if (a.status != 200) {
        const error e = server_error(a);
        m.sync = a.status == 0 ? sync_state::offline : sync_state::failed;
        m.sync_message = e.code;
        fx.push_back(start_timer{"pull", pull_retry_ms});
        return;
    }
    // Decode the whole page before touching the model: a bad page changes nothing.
    json body = json::parse(a.body, nullptr, false);
    std::vector<std::pair<client, std::vector<activity_entry>>> changes;
    std::int64_t cursor = 0, total = 0;
    bool has_more = false;
    try {
        if (body.is_discarded() || !body.is_object()) throw std::runtime_error("not an object");
        if (body.value("schema", 0) != schema_version) {
            m.sync = sync_state::failed;
            m.sync_message = "err.schema_unsupported";
            return;
        }
        for (const auto& ch : body.at("changes")) {
            client c = ch.at("client").get<client>();
            auto hist = ch.value("history", json::array()).get<std::vector<activity_entry>>();
            changes.emplace_back(std::move(c), std::move(hist));
        }
        cursor = body.at("cursor").get<std::int64_t>();
        has_more = body.value("has_more", false);
        total = body.value("total", std::int64_t{0});
    } catch (const std::exception&) {
        m.sync = sync_state::failed;
        m.sync_message = "err.bad_server_data";
        fx.push_back(start_timer{"pull", pull_refresh_ms});
        return;
    }
    if (m.pull_received == 0 || m.pull_total == 0) m.pull_total = total;
    m.pull_received += static_cast<std::int64_t>(changes.size());
    std::set<std::string> pending;
    for (const auto& o : m.journal) pending.insert(o.client_id);
    for (auto& [c, hist] : changes) {
        const std::string id = c.id;
        m.dirty_shards.insert(shard_of(id));
        m.store.base[id] = std::move(c);
        m.store.base_history[id] = std::move(hist);
        if (pending.count(id)) rebuild_overlay(m, id);
        reindex(m, id);
    }
    m.server_version = std::max(m.server_version, cursor);
    if (!changes.empty()) {
        index_sort(m.index);
        refresh_results(m);
    }
    m.sync_message.clear();
    request_write(m, fx);
    if (has_more) {
        request_pull(m, fx);
    } else {
        m.pull_total = m.pull_received = 0;
        fx.push_back(start_timer{"pull", pull_refresh_ms});
    }
}

// [SECTION] edits -----------------------------------------------------------------------------

// Commits one op: applies it, and on success journals it and asks for a write.
void commit(model& m, op o, const std::string& source, effects& fx) {
    if (m.loading != load_state::ready) {
        m.refused = refusal{source, error{"err.not_ready", "", ""}};
        return;
    }
    o.device = m.device;
    o.seq = m.next_seq;
    o.id = m.device + ":" + std::to_string(o.seq);
    o.actor = m.actor;
    const client* before = m.store.find(o.client_id);
    auto r = apply(before, o);
    if (auto* err = std::get_if<error>(&r)) {
        m.refused = refusal{source, *err};
        return;
    }
    auto& ok = std::get<applied>(r);
    const bool renamed = !before || before->name != ok.after.name || before->deleted != ok.after.deleted;
    m.store.overlay_history[o.client_id].push_back(make_activity(o, std::move(ok.changes), true));
    m.store.overlay[o.client_id] = std::move(ok.after);
    m.next_seq += 1;
    m.journal.push_back(std::move(o));
    if (m.refused && m.refused->source == source) m.refused.reset();
    const std::string& id = m.journal.back().client_id;
    reindex(m, id);
    if (renamed) index_sort(m.index);
    refresh_results(m);
    request_write(m, fx);
}

// [SECTION] update ----------------------------------------------------------------------------

template <class... F> struct overloaded : F... { using F::operator()...; };
template <class... F> overloaded(F...) -> overloaded<F...>;

}  // namespace

update_result update(model m, const action& a, const context& ctx) {
    effects fx;
    std::visit(overloaded{
        [&](const storage_loaded& x) { on_loaded(m, x, fx); },
        [&](const storage_written& x) { on_written(m, x, fx); },
        [&](const fetch_done& x) {
            if (x.tag == "pull") on_pull(m, x, fx);
        },
        [&](const timer_fired& x) {
            if (x.name == "pull") request_pull(m, fx);
            else if (x.name == "storage_retry") request_write(m, fx);
        },
        [&](const query_changed& x) {
            m.query = x.text;
            refresh_results(m);
        },
        [&](const client_selected& x) {
            m.selected = x.id;
            m.refused.reset();
        },
        [&](const client_created& x) {
            op o;
            o.kind = "client.create";
            o.client_id = "c:" + m.device + ":" + std::to_string(m.next_seq);
            o.payload = json{{"name", x.name}};
            o.at = ctx.now_ms;
            const std::size_t before = m.journal.size();
            commit(m, std::move(o), x.source, fx);
            if (m.journal.size() > before) m.selected = m.journal.back().client_id;
        },
        [&](const edit_requested& x) {
            op o;
            o.kind = x.kind;
            o.client_id = x.client_id;
            o.payload = x.payload;
            o.at = ctx.now_ms;
            commit(m, std::move(o), x.source, fx);
        },
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
            request_pull(m, fx);
        },
    }, a);
    return update_result{std::move(m), std::move(fx)};
}

// [SECTION] queries ---------------------------------------------------------------------------

save_status client_save_status(const model& m, const std::string& client_id) {
    save_status s = save_status::none;
    for (const auto& o : m.journal) {
        if (o.client_id != client_id) continue;
        if (o.seq > m.saved_seq) return save_status::saving;
        s = save_status::saved;
    }
    return s;
}

std::size_t pending_count(const model& m) { return m.journal.size(); }

}  // namespace cc
