// storage.cpp — the card's local store as update() sees it: starting writes (one syncfs in
// flight, edits coalesce), the store loaded at start, the writer's files changed under a
// follower tab, a write finished.
//
// Index of this file:
// [SECTION] writes (one syncfs in flight, edits coalesce)
// [SECTION] shards (the lazy base: decoded when needed, the rest in the background)
// [SECTION] loaded
// [SECTION] changed (follower tabs)
// [SECTION] written
#include <algorithm>
#include <cstdlib>

#include "core/app/internal.hpp"
#include "core/storage.hpp"

namespace cc::app_detail {
namespace {

constexpr int write_retry_ms = 5000;     // after a failed write (a full disk, a blocked IndexedDB)
// Background decoding: shards per step (one step between frames). One: at 100,000 clients a
// shard is ~1.6 MB of JSON, and a step is a pause of the page while it is decoded.
constexpr std::size_t shards_per_step = 1;
// Search tokens added per index step: about 20 ms of wasm on a slow machine, so a frame waits
// little for one (100,000 clients: 50 steps).
constexpr std::size_t entries_per_index_step = 2000;

stored_meta meta_of(const model& m) {
    return stored_meta{m.device, m.next_seq, m.server_version, m.lang == locale::ru ? "ru" : "en", m.log_filter,
                       m.sale_notices};
}

// The fields a reload keeps: what the user is looking at and how this tab is set up.
model fresh_model_from(model& old) {
    model m;
    m.server_url = std::move(old.server_url);
    m.actor = std::move(old.actor);
    m.signed_in = old.signed_in;
    m.user_name = std::move(old.user_name);
    m.user_role = std::move(old.user_role);
    m.registration_link = std::move(old.registration_link);
    m.online = old.online;
    m.query = std::move(old.query);
    m.selected = std::move(old.selected);
    m.select_origin = std::move(old.select_origin);
    m.forwarded = std::move(old.forwarded);
    m.next_origin = old.next_origin;
    m.tab_id = std::move(old.tab_id);
    m.notify_permission = std::move(old.notify_permission);
    m.player = std::move(old.player);
    m.snapshot.offered = old.snapshot.offered;
    return m;
}

}  // namespace

// [SECTION] writes (one syncfs in flight, edits coalesce) -------------------------------------

// index.bin as the model stands: every client of the base, decoded (its entry and row as shown)
// or still waiting in its shard (the entry and row index.bin gave). In name order, so the next
// load has its list order without sorting.
std::string encode_index_of(const model& m) {
    std::vector<index_record> recs;
    recs.reserve(m.index.entries.size());
    for (std::uint32_t i : index_file_order(m.index)) {
        const search_entry& e = m.index.entries[i];
        if (m.store.base.count(e.id)) {
            recs.push_back(index_record{e, row_of(*m.store.find(e.id))});
        } else if (auto r = m.rows.find(e.id); r != m.rows.end()) {
            recs.push_back(index_record{e, r->second});
        }
    }
    return encode_index(recs);
}

// Starts a write of everything not yet in IndexedDB, unless one is in flight: then the next
// write picks it up (edits coalesce). Only the writer tab writes; after a failed load nothing is
// written, so what is on disk is never overwritten by a card that could not read it.
void request_write(model& m, effects& fx) {
    // Not before the shards are here (the host's base mount is not loaded: a syncfs(false) then
    // would delete its files from IndexedDB), nor after a file did not decode.
    if (m.loading != load_state::ready || !m.writer || !m.base_ready || m.store_damaged) return;
    if (m.writing) { m.write_wanted = true; return; }
    // A shard is rewritten whole: every client of it must be decoded first.
    // While a snapshot streams in, its shards wait: they are written once, whole, at its end (a
    // reload in the middle starts the snapshot again; the journal is written as usual).
    const bool shards_now = !m.snapshot.active;
    std::set<int> waiting;
    if (shards_now)
        for (int s : m.dirty_shards)
            if (m.shard_text.count(s)) waiting.insert(s);
    if (!waiting.empty()) {
        ensure_shards(m, waiting);
        if (m.store_damaged) return;
    }
    write_files w;
    for (const auto& e : m.journal)
        if (e.op.seq > m.saved_seq || m.dirty_journal.count(e.op.seq))
            w.writes.emplace_back(journal_path(e.op.seq), encode_journal_entry(e));
    if (shards_now && !m.dirty_shards.empty()) {
        // Shards first: the host makes the base mount durable before the first one (index,
        // meta, journal removals), so a kill in between leaves the journal that covers them.
        auto shards = encode_shards(m.store, m.dirty_shards);
        w.writes.insert(w.writes.begin(), shards.begin(), shards.end());
        w.writes.emplace_back(index_path, encode_index_of(m));
        m.meta_dirty = true;  // the cursor goes with the shards it describes
    }
    if (m.conflicts_dirty) w.writes.emplace_back(conflicts_path, encode_conflicts(m.conflicts));
    if (m.reminders_dirty) w.writes.emplace_back(reminders_path, encode_reminders(m.reminders));
    // A picked file's bytes go with the queue that names them; once in MEMFS they can be sent.
    for (auto& [path, bytes] : m.blob_writes) {
        m.blobs_stored.insert(path.substr(path.find('/') + 1));
        w.writes.emplace_back(path, std::move(bytes));
    }
    if (!m.blob_writes.empty()) m.uploads_dirty = true;
    m.blob_writes.clear();
    if (m.uploads_dirty) w.writes.emplace_back(uploads_path, encode_uploads(m.uploads));
    w.removes = m.removed_files;
    if (w.writes.empty() && w.removes.empty() && !m.meta_dirty) return;
    w.writes.emplace_back(meta_path, encode_meta(meta_of(m)));
    w.upto_seq = m.journal.empty() ? std::max(m.saved_seq, m.next_seq - 1) : m.journal.back().op.seq;
    m.writing = true;
    if (shards_now) {
        m.shards_in_flight = std::move(m.dirty_shards);
        m.dirty_shards.clear();
    }
    m.dirty_journal.clear();
    m.removed_files.clear();
    m.meta_dirty = false;
    m.conflicts_dirty = false;
    m.reminders_dirty = false;
    m.uploads_dirty = false;
    m.write_wanted = false;
    fx.push_back(std::move(w));
}

// [SECTION] shards (the lazy base: decoded when needed, the rest in the background) -----------
namespace {

// Moves decoded clients, their history and records into the base (a decoded client no longer
// needs its index row); the clients go to `touched`.
void adopt_base(model& m, stored_state& st, std::set<std::string>& touched) {
    for (auto& [id, c] : st.base) {
        touched.insert(id);
        m.rows.erase(id);
        m.store.base[id] = std::move(c);
    }
    for (auto& [id, h] : st.base_history) m.store.base_history[id] = std::move(h);
    for (auto& r : st.records) {
        touched.insert(r.client_id);
        m.store.put_base_record(std::move(r));
    }
}

// Decodes one shard waiting as text into the base; the clients it holds go to `touched`. A
// damaged shard is reported and nothing is written from then on (what is on disk stays).
void decode_waiting(model& m, int s, std::set<std::string>& touched) {
    auto it = m.shard_text.find(s);
    if (it == m.shard_text.end()) return;
    const std::string text = std::move(it->second);
    m.shard_text.erase(it);
    stored_state st;
    if (auto err = decode_shard(shard_path(s), text, st)) {
        m.storage_error = *err;
        m.store_damaged = true;
        return;
    }
    adopt_base(m, st, touched);
    // A client index.bin names in this shard that the shard does not hold (an index older than
    // its shards): it is not in the store; the list drops it.
    for (auto r = m.rows.begin(); r != m.rows.end();) {
        if (shard_of(r->first) != s) { ++r; continue; }
        if (auto ix = m.index.by_id.find(r->first); ix != m.index.by_id.end()) {
            search_entry gone = m.index.entries[ix->second];
            gone.deleted = true;
            index_put(m.index, std::move(gone));
        }
        r = m.rows.erase(r);
    }
}

// After decoding: the clients' overlays and search entries; the name order is rebuilt only when
// an entry moved in it (index.bin and the shard agree almost always).
void refresh_decoded(model& m, const std::set<std::string>& ids) {
    bool reorder = false;
    for (const auto& id : ids) {
        rebuild_overlay(m, id);
        std::string key;
        bool deleted = false, known = false;
        if (auto it = m.index.by_id.find(id); it != m.index.by_id.end()) {
            key = m.index.entries[it->second].sort_key;
            deleted = m.index.entries[it->second].deleted;
            known = true;
        }
        reindex(m, id);
        auto it = m.index.by_id.find(id);
        if (!known || it == m.index.by_id.end() || m.index.entries[it->second].sort_key != key ||
            m.index.entries[it->second].deleted != deleted)
            reorder = true;
    }
    if (reorder || m.store_damaged) index_sort(m.index);
    refresh_results(m);
}

}  // namespace

void ensure_shards(model& m, const std::set<int>& shards) {
    std::set<std::string> touched;
    const bool was_damaged = m.store_damaged;
    for (int s : shards) decode_waiting(m, s, touched);
    if (!touched.empty() || m.store_damaged != was_damaged) refresh_decoded(m, touched);
}

void ensure_client(model& m, const std::string& id) {
    if (m.shard_text.empty() || id.empty()) return;
    ensure_shards(m, {shard_of(id)});
}

void ensure_all_shards(model& m) {
    std::set<int> all;
    for (const auto& [s, text] : m.shard_text) all.insert(s);
    ensure_shards(m, all);
}

void on_index_step(model& m, effects& fx) {
    if (!index_tokenize(m.index, entries_per_index_step)) fx.push_back(start_timer{timer_id::index_step, 0});
}

void on_shard_step(model& m, effects& fx) {
    if (!m.base_ready || m.shard_text.empty()) return;
    std::set<int> next;
    for (auto it = m.shard_text.begin(); it != m.shard_text.end() && next.size() < shards_per_step; ++it)
        next.insert(it->first);
    ensure_shards(m, next);
    if (!m.shard_text.empty()) fx.push_back(start_timer{timer_id::shard_step, 0});
}

namespace {

// The shards are here: decode what is needed now (the clients of the journal, the selected
// one; everything when there is no usable index), start the background steps, and do what the
// writer does once its store is whole (edits forwarded, write, sync).
void on_base_ready(model& m, const context& ctx, effects& fx) {
    m.base_ready = true;
    std::set<int> now;
    const bool no_index = m.rows.empty();
    for (const auto& [s, text] : m.shard_text)
        if (no_index) now.insert(s);
    for (const auto& e : m.journal) now.insert(shard_of(e.op.client_id));
    if (!m.selected.empty()) now.insert(shard_of(m.selected));
    std::set<std::string> touched;
    for (int s : now) decode_waiting(m, s, touched);
    for (const auto& e : m.journal) touched.insert(e.op.client_id);
    if (m.legacy_store) {
        // A store of schema 1-2 (base/NN.json in the first mount): every shard is written to the
        // new layout with its index, and the old files go once they are (the same write: the
        // host makes the base mount durable first).
        m.store.for_each([&](const client& c) { touched.insert(c.id); });
        for (int s = 0; s < shard_count; ++s) {
            m.dirty_shards.insert(s);
            m.removed_files.push_back(legacy_shard_path(s));
        }
    }
    refresh_decoded(m, touched);
    if (!m.shard_text.empty()) fx.push_back(start_timer{timer_id::shard_step, 0});
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
        o.record_id = f.edit.edit.record_id;
        o.at = f.edit.at ? f.edit.at : ctx.now_ms;
        commit(m, std::move(o), f.edit.edit.source, f.origin, fx);
    }
    m.first_download = m.server_version == 0;
    request_write(m, fx);
    request_me(m, fx);
    resume_sync(m, fx);
}

}  // namespace

void on_shards_loaded(model& m, const shards_loaded& a, const context& ctx, effects& fx) {
    if (m.base_ready || m.loading != load_state::ready) return;
    if (!a.ok) {
        // The base mount could not be read: show what the index has, write nothing.
        m.storage_error = error{"err.storage_damaged", "", "shards"};
        m.store_damaged = true;
        return;
    }
    for (const auto& [path, text] : a.files)
        if (int s = shard_of_path(path); s >= 0 && path.rfind("shards/", 0) == 0) m.shard_text[s] = text;
    on_base_ready(m, ctx, fx);
}

// [SECTION] loaded ----------------------------------------------------------------------------

void on_loaded(model& m, const storage_loaded& a, const context& ctx, effects& fx) {
    m = fresh_model_from(m);
    m.writer = a.writer;
    if (!a.tab_id.empty()) m.tab_id = a.tab_id;
    // The first mount's files are decoded now; the shards of the new layout wait as text, and
    // index.bin gives the list and search.
    std::map<std::string, std::string> small;
    std::map<int, std::string> shards;
    const std::string* index_file = nullptr;
    bool legacy = false;
    for (const auto& [path, text] : a.files) {
        if (path.rfind("shards/", 0) == 0) {
            if (int s = shard_of_path(path); s >= 0) shards[s] = text;
            continue;
        }
        if (path == index_path) { index_file = &text; continue; }
        if (shard_of_path(path) >= 0) legacy = true;
        small.emplace(path, text);
    }
    auto decoded = decode_storage(small);
    if (auto* err = std::get_if<error>(&decoded)) {
        m.loading = load_state::failed;
        m.storage_error = *err;
        return;
    }
    if (!read_reminders(m, a.files)) {
        m.loading = load_state::failed;
        return;
    }
    auto& st = std::get<stored_state>(decoded);
    m.device = st.found && !st.meta.device.empty() ? st.meta.device : a.fresh_device_id;
    m.next_seq = st.meta.next_seq;
    m.server_version = st.meta.server_version;
    m.lang = st.meta.locale == "ru" ? locale::ru : locale::en;
    m.log_filter = std::move(st.meta.log_filter);
    m.sale_notices = std::move(st.meta.sale_notices);
    m.store.base = std::move(st.base);
    m.store.base_history = std::move(st.base_history);
    for (auto& r : st.records) m.store.put_base_record(std::move(r));
    m.journal = std::move(st.journal);
    m.conflicts = std::move(st.conflicts);
    // The upload queue: every entry's bytes are on disk (they were written with it); one that
    // was on its way when the card closed is sent again.
    if (auto it = a.files.find(uploads_path); it != a.files.end()) {
        if (auto q = decode_uploads(it->second)) m.uploads = std::move(*q);
        else m.storage_error = error{"err.storage_damaged", "", uploads_path};
    }
    for (const auto& u : m.uploads.uploads)
        if (u.state != upload_state::done) m.blobs_stored.insert(u.key);
    m.saved_seq = m.journal.empty() ? 0 : m.journal.back().op.seq;  // all of it came from disk
    m.legacy_store = legacy;
    if (!st.found) m.meta_dirty = true;  // first start: keep the device id
    if (index_file && !legacy) {
        if (auto recs = decode_index(*index_file)) {
            // The entries and rows now (the first frame draws the list from them); their search
            // tokens after it, in index steps (search reads the texts of those waiting).
            m.rows.reserve(recs->size());
            std::vector<search_entry> entries;
            entries.reserve(recs->size());
            for (auto& r : *recs) {
                m.rows[r.entry.id] = std::move(r.row);
                entries.push_back(std::move(r.entry));
            }
            index_load(m.index, std::move(entries));
            if (!index_tokenized(m.index)) fx.push_back(start_timer{timer_id::index_step, 0});
        } else {
            // Reported, and nothing is written: the shards still give every client.
            m.storage_error = error{"err.storage_damaged", "", index_path};
            m.store_damaged = true;
        }
    }
    if (m.index.by_name.empty()) index_sort(m.index);  // no index.bin: what the small mount gave
    refresh_results(m);
    m.loading = load_state::ready;
    m.base_ready = false;
    if (a.shards_follow) return;  // shards_loaded brings them
    m.shard_text = std::move(shards);
    on_base_ready(m, ctx, fx);
}

// [SECTION] changed (follower tabs) -----------------------------------------------------------

// A follower tab: the writer changed files; bring the model in line with them.
void on_changed(model& m, const storage_changed& a) {
    if (m.writer || m.loading != load_state::ready) return;
    auto decoded = decode_storage(a.files);
    if (auto* err = std::get_if<error>(&decoded)) {
        m.storage_error = *err;
        return;
    }
    auto& st = std::get<stored_state>(decoded);
    read_reminders(m, a.files);  // what the writer fired or dismissed
    std::set<std::string> touched;
    if (st.found) {
        m.server_version = st.meta.server_version;
        m.lang = st.meta.locale == "ru" ? locale::ru : locale::en;
        m.log_filter = st.meta.log_filter;
        m.sale_notices = st.meta.sale_notices;
    }
    std::set<int> shards;
    for (const auto& [path, text] : a.files)
        if (int s = shard_of_path(path); s >= 0) shards.insert(s);
    // Before its own shards are here the tab reads the writer's newest ones with them.
    if (!m.base_ready) shards.clear();
    for (int s : shards) m.shard_text.erase(s);  // the writer's newer file replaces it
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
        adopt_base(m, st, touched);
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

// [SECTION] written ---------------------------------------------------------------------------

void on_written(model& m, const storage_written& a, effects& fx) {
    m.writing = false;
    if (!a.ok) {
        // Nothing is lost: the ops stay in the journal in memory and are written again later.
        m.storage_error = error{a.reason.empty() ? "err.storage_failed" : a.reason, "", ""};
        m.meta_dirty = true;
        m.conflicts_dirty = true;
        m.reminders_dirty = true;
        m.uploads_dirty = true;
        m.dirty_shards.insert(m.shards_in_flight.begin(), m.shards_in_flight.end());
        m.shards_in_flight.clear();
        for (const auto& e : m.journal) m.dirty_journal.insert(e.op.seq);
        fx.push_back(start_timer{timer_id::storage_retry, write_retry_ms});
        return;
    }
    m.storage_error.reset();
    m.shards_in_flight.clear();
    m.saved_seq = std::max(m.saved_seq, a.upto_seq);
    const bool more = m.write_wanted || m.meta_dirty || m.conflicts_dirty || m.reminders_dirty || m.uploads_dirty ||
                      !m.blob_writes.empty() || !m.dirty_shards.empty() ||
                      !m.dirty_journal.empty() || !m.removed_files.empty() ||
                      (!m.journal.empty() && m.journal.back().op.seq > m.saved_seq);
    if (more) request_write(m, fx);
}

}  // namespace cc::app_detail
