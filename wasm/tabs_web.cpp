// tabs_web.cpp — one writer per browser origin (DESIGN §4). Tabs and embedded cards of an origin
// share one IndexedDB store, and IDBFS has no locking: two writers would delete each other's
// files. So they elect one writer with a Web Lock (wasm/js/host_locks.js); the others follow:
//   - the writer, after each write is durable, tells the others which files changed (journal
//     entries with their contents: the writer may prune one before a follower could read it);
//   - a follower re-reads the other files (syncfs(true)) and dispatches storage_changed;
//   - a follower's edits travel to the writer (forward_edit -> edit_forwarded), and the answer
//     comes back (forward_answer -> forward_answered);
//   - when the writer tab goes away the lock passes to a follower, which reloads everything and
//     becomes the writer (the core re-sends its own unanswered edits).
// Messages go over BroadcastChannel (wasm/js/host_channel.js); their shapes are in docs/sync.md.
// The core decides what to write, send and show; this file only carries it between tabs.
//
// Index:
//   [SECTION] JavaScript imports
//   [SECTION] State
//   [SECTION] Messages out
//   [SECTION] Following the writer (refresh queue)
//   [SECTION] Messages in
//   [SECTION] Start-up and take-over
//   [SECTION] Callbacks from JavaScript
#include <emscripten/emscripten.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/json_limits.hpp"
#include "host.hpp"

// [SECTION] JavaScript imports -----------------------------------------------------------------
extern "C" {
void cc_js_writer_try();                     // answers cc_on_writer_decided(granted)
void cc_js_writer_wait();                    // answers cc_on_writer_granted() some day
int cc_js_channel_open();                    // 0: no BroadcastChannel
void cc_js_channel_post(const char* json);
void cc_js_channel_unanswered(int count);    // forwarded edits waiting: idle() counts them
void cc_js_storage_refresh();                // syncfs(true); answers cc_on_storage_refreshed
void cc_js_storage_set_writer(int on);       // host_storage.js flushes only in the writer
}

// [SECTION] State ------------------------------------------------------------------------------
namespace {

using cc::json;

std::string g_tab_id;
bool g_writer = false;           // holds the writer lock (or acts as writer: no Web Locks)
bool g_ready = false;            // storage_loaded for the current role went out
// Start-up: the first try at the lock and the first read of the store run side by side (the read
// needs no lock); the core hears of the store once both have answered.
bool g_writer_decided = false;
std::optional<cc::storage_loaded> g_read_waiting;  // the read answered before the lock did
bool g_read_ok = false;
bool g_channel = false;          // BroadcastChannel exists
std::vector<json> g_queued;      // messages that arrived while loading (start-up, take-over)

// Follower: files the writer changed that this tab has not re-read yet.
std::set<std::string> g_stale;
std::set<std::string> g_refreshing_paths;
bool g_refreshing = false;       // a syncfs(true) runs
bool g_takeover_wanted = false;  // the lock was granted: reload everything, then write
bool g_refresh_is_takeover = false;

// Follower: origins of edits sent to the writer and not answered yet (idle() waits for them).
std::vector<std::string> g_unanswered;

// Writer: what writes that failed changed, announced with the next durable write (IndexedDB
// may hold part of them, or will with the retry). Later writes win over earlier ones.
std::set<std::string> g_unannounced_written, g_unannounced_removed;
std::map<std::string, std::string> g_unannounced_inline;

std::string str(const json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool starts_with(const std::string& s, const std::string& prefix) {
    return !prefix.empty() && s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

// [SECTION] Messages out -----------------------------------------------------------------------
void post(json message) {
    if (!g_channel) return;
    message["from"] = g_tab_id;
    // User text is UTF-8 from the ui; replace rather than throw if a byte ever is not.
    const std::string text = message.dump(-1, ' ', false, json::error_handler_t::replace);
    cc_js_channel_post(text.c_str());
}

void report_unanswered() { cc_js_channel_unanswered(static_cast<int>(g_unanswered.size())); }

json forward_message(const cc::edit_forwarded& f) {
    return json{
        {"type", "forward"},
        {"edit", {{"client_id", f.edit.client_id}, {"kind", f.edit.kind}, {"payload", f.edit.payload},
                  {"source", f.edit.source}, {"record", f.edit.record_id}, {"actor", f.actor}, {"at", f.at},
                  {"origin", f.origin}}},
    };
}

void send_forward(const cc::edit_forwarded& f) {
    if (std::find(g_unanswered.begin(), g_unanswered.end(), f.origin) == g_unanswered.end())
        g_unanswered.push_back(f.origin);
    report_unanswered();
    post(forward_message(f));
}

// [SECTION] Following the writer (refresh queue) -----------------------------------------------
// One syncfs(true) at a time; files announced meanwhile wait for the next one.
void kick_refresh() {
    if (g_refreshing) return;
    if (g_takeover_wanted) {
        g_takeover_wanted = false;
        g_refresh_is_takeover = true;
        g_stale.clear();  // the take-over reads everything
        g_refreshing = true;
        cc_js_storage_refresh();
        return;
    }
    if (g_writer || !g_ready || g_stale.empty()) return;
    g_refreshing_paths = std::move(g_stale);
    g_stale.clear();
    g_refreshing = true;
    cc_js_storage_refresh();
}

// The files of the refresh that just ended, as the writer left them: a path that is gone now
// counts as removed, whatever the message said.
void dispatch_changed(bool ok) {
    std::set<std::string> paths = std::move(g_refreshing_paths);
    g_refreshing_paths.clear();
    if (!ok) {
        std::fprintf(stderr, "clientcard: the writer's changes could not be read; %zu file(s) wait\n", paths.size());
        return;
    }
    cc::storage_changed changed;
    for (const auto& path : paths) {
        std::string data;
        if (host::read_store_file(path, data))
            changed.files.emplace(path, std::move(data));
        else
            changed.removed.push_back(path);
    }
    if (!changed.files.empty() || !changed.removed.empty()) host::dispatch(std::move(changed));
}

// [SECTION] Messages in ------------------------------------------------------------------------
// Journal entries came with the message: they are handed over at once, in message order, so
// the core sees every entry the writer wrote even if a later write pruned it. The other files
// are read from IndexedDB (what it holds now, which is never older than this message).
void on_changed(const json& m) {
    if (g_writer) return;  // only the writer writes; an echo of ourselves or a stray writer
    cc::storage_changed now;
    const json no_files = json::object();
    auto fi = m.find("files");
    const json& files = fi != m.end() && fi->is_object() ? *fi : no_files;
    if (auto it = m.find("paths"); it != m.end() && it->is_array())
        for (const auto& p : *it) {
            if (!p.is_string()) continue;
            const std::string path = p.get<std::string>();
            if (auto f = files.find(path); f != files.end() && f->is_string())
                now.files[path] = f->get<std::string>();
            else
                g_stale.insert(path);
        }
    if (auto it = m.find("removed"); it != m.end() && it->is_array())
        for (const auto& p : *it) {
            if (!p.is_string()) continue;
            const std::string path = p.get<std::string>();
            if (host::travels_inline(path)) now.removed.push_back(path);
            else g_stale.insert(path);
        }
    if (!now.files.empty() || !now.removed.empty()) host::dispatch(std::move(now));
    kick_refresh();
}

void on_forward(const json& m) {
    if (!g_writer) return;
    auto it = m.find("edit");
    if (it == m.end() || !it->is_object()) return;
    const json& e = *it;
    cc::edit_forwarded f;
    f.origin = str(e, "origin");
    if (f.origin.empty()) return;
    f.edit.client_id = str(e, "client_id");
    f.edit.kind = str(e, "kind");
    f.edit.source = str(e, "source");
    f.edit.record_id = str(e, "record");  // ops on records name their target
    if (auto p = e.find("payload"); p != e.end()) f.edit.payload = *p;
    f.actor = str(e, "actor");
    // Only an integer converts: 1e300 or 1.5 from a damaged message would be undefined behaviour.
    if (auto at = e.find("at"); at != e.end() && at->is_number_integer()) f.at = at->get<std::int64_t>();
    // Sent again to a new writer (see on_writer_announced) but already in the journal, made
    // durable by the writer before: answer it without applying it a second time.
    const auto& journal = host::current_model().journal;
    if (std::any_of(journal.begin(), journal.end(), [&](const cc::journal_entry& j) { return j.origin == f.origin; })) {
        host::tabs_answer(cc::forward_answered{f.origin, true, {}});
        return;
    }
    host::dispatch(std::move(f));
}

void on_answer(const json& m) {
    if (g_writer) return;
    cc::forward_answered a;
    a.origin = str(m, "origin");
    if (!starts_with(a.origin, g_tab_id)) return;  // another tab's edit
    auto ok = m.find("ok");
    a.ok = ok == m.end() || !ok->is_boolean() || ok->get<bool>();
    a.why = cc::error{str(m, "code"), str(m, "field"), str(m, "detail")};
    g_unanswered.erase(std::remove(g_unanswered.begin(), g_unanswered.end(), a.origin), g_unanswered.end());
    report_unanswered();
    host::dispatch(std::move(a));
}

// A new writer took over. An edit forwarded while no tab held the lock reached nobody, and one
// the old writer accepted may have died with it before its write was durable: send again every
// edit the core still waits to see in the writer's files. The new writer answers an origin its
// journal already holds without applying it twice (on_forward).
void on_writer_announced() {
    if (g_writer) return;
    for (const auto& f : host::current_model().forwarded) send_forward(f.edit);
}

void handle(const json& m) {
    const std::string type = str(m, "type");
    if (type == "changed") on_changed(m);
    else if (type == "forward") on_forward(m);
    else if (type == "answer") on_answer(m);
    else if (type == "writer") on_writer_announced();
}

void drain_queue() {
    std::vector<json> queued = std::move(g_queued);
    g_queued.clear();
    for (const auto& m : queued) handle(m);
}

// [SECTION] Start-up and take-over -------------------------------------------------------------
void dispatch_loaded(cc::storage_loaded loaded) {
    loaded.writer = g_writer;
    loaded.tab_id = g_tab_id;
    g_ready = true;
    host::dispatch(std::move(loaded));
    host::startup_mark("core_ready");
    if (g_writer) post(json{{"type", "writer"}});
    else cc_js_writer_wait();
    drain_queue();
    kick_refresh();
}

// The lock passed to this tab: everything on disk is read again (the old writer's last writes
// included) and the core reloads as the writer.
void finish_takeover(bool ok) {
    if (!ok) std::fprintf(stderr, "clientcard: taking over as the writer without a fresh read of the store\n");
    cc::storage_loaded loaded;
    host::read_store(loaded.files);
    loaded.shards_follow = !host::base_loaded();  // then they come with cc_on_base_loaded
    loaded.fresh_device_id = host::new_uuid();
    dispatch_loaded(std::move(loaded));
}

}  // namespace

namespace host {

void tabs_start() {
    g_tab_id = new_uuid();
    g_channel = cc_js_channel_open() != 0;
    cc_js_writer_try();
    host::storage_start();
}

void tabs_loaded(cc::storage_loaded loaded, bool ok) {
    if (!g_writer_decided) {
        g_read_waiting = std::move(loaded);
        g_read_ok = ok;
        return;
    }
    dispatch_loaded(std::move(loaded));
    host::draw_first_frame_now();
    if (ok) host::storage_load_base();  // the shards, once the core has the small mount
}

bool tabs_writer() { return g_writer; }
const std::string& tab_id() { return g_tab_id; }

bool travels_inline(const std::string& path) { return path.rfind("journal/", 0) == 0; }

void tabs_files_written(written_files w, bool ok) {
    for (auto& p : w.paths) {
        g_unannounced_removed.erase(p);
        g_unannounced_written.insert(p);
    }
    for (auto& [path, data] : w.inline_files) g_unannounced_inline[path] = std::move(data);
    for (auto& p : w.removed) {
        g_unannounced_written.erase(p);
        g_unannounced_inline.erase(p);
        g_unannounced_removed.insert(p);
    }
    if (!ok || !g_writer) return;
    json written = json::array(), gone = json::array(), files = json::object();
    for (const auto& p : g_unannounced_written) written.push_back(p);
    for (const auto& p : g_unannounced_removed) gone.push_back(p);
    for (const auto& [path, data] : g_unannounced_inline) files[path] = data;
    g_unannounced_written.clear();
    g_unannounced_removed.clear();
    g_unannounced_inline.clear();
    post(json{{"type", "changed"}, {"paths", std::move(written)}, {"removed", std::move(gone)}, {"files", std::move(files)}});
}

void tabs_forward(const cc::edit_forwarded& f) {
    // A tab that has just been granted the lock is still a follower to its core until the
    // reload: the core re-sends its unanswered edits to itself after that, so none is lost.
    if (g_writer) return;
    if (!g_channel) {  // no way to reach the writer: say so rather than drop the edit
        dispatch(cc::forward_answered{f.origin, false, cc::error{"err.storage_failed", "", "BroadcastChannel"}});
        return;
    }
    send_forward(f);
}

void tabs_answer(const cc::forward_answered& a) {
    post(json{{"type", "answer"}, {"origin", a.origin}, {"ok", a.ok}, {"code", a.why.code},
              {"field", a.why.field}, {"detail", a.why.detail}});
}

}  // namespace host

// [SECTION] Callbacks from JavaScript ----------------------------------------------------------
extern "C" {

// The first attempt at the lock (ifAvailable) ended; then the store is loaded.
EMSCRIPTEN_KEEPALIVE void cc_on_writer_decided(int granted) {
    g_writer = granted != 0;
    g_writer_decided = true;
    cc_js_storage_set_writer(g_writer ? 1 : 0);
    host::startup_mark("writer_decided");
    if (g_read_waiting) {
        cc::storage_loaded loaded = std::move(*g_read_waiting);
        g_read_waiting.reset();
        host::tabs_loaded(std::move(loaded), g_read_ok);
    }
}

// The lock this follower queued for is ours: the writer tab has gone.
EMSCRIPTEN_KEEPALIVE void cc_on_writer_granted() {
    if (g_writer) return;
    g_writer = true;
    g_ready = false;                 // messages wait until the core has reloaded
    cc_js_storage_set_writer(1);
    g_unanswered.clear();            // the core re-sends its own unanswered edits itself
    report_unanswered();
    g_takeover_wanted = true;
    kick_refresh();
}

EMSCRIPTEN_KEEPALIVE void cc_on_storage_refreshed(int ok) {
    g_refreshing = false;
    if (g_refresh_is_takeover) {
        g_refresh_is_takeover = false;
        finish_takeover(ok != 0);
        return;
    }
    if (g_writer) g_refreshing_paths.clear();  // a take-over comes next and reads everything
    else dispatch_changed(ok != 0);
    kick_refresh();
}

// One message from another tab, as JSON text (host_channel.js).
EMSCRIPTEN_KEEPALIVE void cc_on_channel_message(const char* text) {
    if (!text) return;
    // Another tab of this origin wrote it, but a message is checked like any text from outside
    // (json_limits.hpp): an edit forwarded with its payload is kilobytes, never megabytes.
    std::string why;
    auto parsed = cc::parse_bounded(text, {16u << 20, 64}, why);
    if (!parsed || !parsed->is_object()) return;
    json m = std::move(*parsed);
    if (!g_ready) {
        g_queued.push_back(std::move(m));
        return;
    }
    handle(m);
}

}  // extern "C"
