// effects_web.cpp — the effect interpreter: carries out what cc::update asked for and feeds the
// results back as actions (DESIGN §2, §4). JavaScript does the browser part, one job per file:
// wasm/js/host_storage.js (IDBFS), host_fetch.js (requests, token), host_links.js,
// host_timers.js, host_notify.js (browser notifications), host_files.js (the file picker, uploads with progress, downloads),
// host_media.js (the one <audio> element that plays call recordings). What concerns the other tabs (forwarding, following the writer, who writes)
// is in tabs_web.cpp.
//
// Index:
//   [SECTION] JavaScript imports
//   [SECTION] Storage: files under the IDBFS mount
//   [SECTION] Effects
//   [SECTION] Callbacks from JavaScript
#include <dirent.h>
#include <emscripten/emscripten.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "host.hpp"

// [SECTION] JavaScript imports -----------------------------------------------------------------
extern "C" {
void cc_js_storage_start();                  // mount + syncfs(true); answers cc_on_storage_loaded
void cc_js_storage_sync(int base);           // one syncfs(false) (base: of the shards' mount too); answers cc_on_storage_synced
void cc_js_storage_load_base();              // syncfs(true) of the base mount; answers cc_on_base_loaded
char* cc_js_new_device_id();                 // malloc'ed UUID
char* cc_js_config(const char* key);         // malloc'ed Module.ccConfig[key], or null
char* cc_js_take_config_token();             // malloc'ed token the page gave, removed from config
void cc_js_set_token(const char* token);
void cc_js_fetch(int id, const char* method, const char* url, const char* body, int body_len,
                 int timeout_ms, int background);
// A request whose body is handed over as it arrives (cc_on_stream_chunk, cc_on_stream_done).
void cc_js_fetch_stream(int id, const char* method, const char* url, int timeout_ms);
void cc_js_open_link(const char* url);
void cc_js_set_timer(int id, int ms);
void cc_js_clear_timer(int id);
int cc_js_notify_permission();               // 0 default, 1 granted, 2 denied, 3 unsupported
void cc_js_notify_request();                 // answers cc_on_notify_permission(state)
void cc_js_notify_show(const char* title, const char* body, const char* tag);
void cc_js_pick_file(int id, const char* accept);
void cc_js_upload(int id, const char* url, const char* path, const char* type, const char* name, int timeout_ms);
void cc_js_download(const char* url);
void cc_js_media(int command, const char* url, const char* file_id, double value);
}

namespace {

constexpr const char* k_root = "/clientcard";        // the IDBFS mount read first
constexpr const char* k_base_root = "/clientcard-base";  // the shards' mount, read after it
constexpr const char* k_shards = "shards/";          // the core's name for the second mount

bool g_base_loaded = false;
bool g_base_reading = false;  // the base mount's syncfs(true) is running

bool g_loaded = false;
// Each syncfs asked for, oldest first: JavaScript answers them in this order.
struct pending_write {
    std::int64_t upto_seq = 0;
    host::written_files files;  // told to the follower tabs once durable
};
std::deque<pending_write> g_writes;
long long g_writes_started = 0;            // syncfs(false) runs started since the page loaded
std::deque<host::save_done> g_saves;        // the last successful syncfs(false) runs, oldest first
constexpr std::size_t k_saves_kept = 64;
int g_next_id = 1;
// The host's own handles (ints JavaScript answers with) -> the core's typed ids, given back as
// they came: the host never acts on what an id means.
struct fetch_tag { cc::request_id id; std::string key; };
std::map<int, fetch_tag> g_fetch_ids;        // fetch handle -> the core's request id and key
std::map<int, cc::pick_file> g_picks;        // file picker handle -> the target it was opened for
std::map<int, cc::timer_id> g_timer_ids;     // timer handle -> the core's timer id
std::map<cc::timer_id, int> g_timer_by_id;   // a timer of the same id restarts, never doubles

std::string take_js_string(char* p) {
    if (!p) return {};
    std::string s(p);
    std::free(p);
    return s;
}

// [SECTION] Storage: files under the IDBFS mounts ----------------------------------------------
// The core's paths are relative to the store; "shards/<name>" lives in the base mount.
bool in_base(const std::string& rel) { return rel.rfind(k_shards, 0) == 0; }
std::string root_of(const std::string& rel) { return in_base(rel) ? k_base_root : k_root; }
std::string full_path(const std::string& rel) {
    return in_base(rel) ? std::string(k_base_root) + "/" + rel.substr(std::string(k_shards).size())
                        : std::string(k_root) + "/" + rel;
}

bool make_parent_dirs(const std::string& root, const std::string& full) {
    for (std::size_t i = root.size() + 1; (i = full.find('/', i)) != std::string::npos; ++i) {
        const std::string dir = full.substr(0, i);
        if (mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST) return false;
    }
    return true;
}

// Paths come from the core; refuse anything that could leave the mount.
bool safe_relative(const std::string& rel) {
    if (rel.empty() || rel.front() == '/') return false;
    std::size_t start = 0;
    while (start <= rel.size()) {
        std::size_t end = rel.find('/', start);
        if (end == std::string::npos) end = rel.size();
        const std::string part = rel.substr(start, end - start);
        if (part.empty() || part == "." || part == "..") return false;
        start = end + 1;
    }
    return true;
}

bool write_file(const std::string& rel, const std::string& data) {
    if (!safe_relative(rel) || rel == k_shards) return false;
    const std::string full = full_path(rel);
    if (!make_parent_dirs(root_of(rel), full)) return false;
    // Write beside, then rename: a file is never seen half-written by a syncfs.
    const std::string tmp = full + ".tmp";
    FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) return false;
    const bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
    if (std::fclose(f) != 0 || !ok) {
        std::remove(tmp.c_str());
        return false;
    }
    return std::rename(tmp.c_str(), full.c_str()) == 0;
}

bool remove_file(const std::string& rel) {
    if (!safe_relative(rel)) return false;
    const std::string full = full_path(rel);
    return unlink(full.c_str()) == 0 || errno == ENOENT;
}

bool read_file(const std::string& full, std::string& out) {
    FILE* f = std::fopen(full.c_str(), "rb");
    if (!f) return false;
    out.clear();
    char buf[16384];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    std::fclose(f);
    return true;
}

// Every file under `root`/`rel_dir`, named `prefix` + its path under `root`.
void read_tree(const std::string& root, const std::string& prefix, const std::string& rel_dir,
               std::map<std::string, std::string>& files) {
    const std::string dir = rel_dir.empty() ? root : root + "/" + rel_dir;
    DIR* d = opendir(dir.c_str());
    if (!d) return;
    while (dirent* e = readdir(d)) {
        const std::string name = e->d_name;
        if (name == "." || name == "..") continue;
        // Queued uploads' bytes are read when they are sent, not at start (uploads.json names them).
        if (rel_dir.empty() && name == "uploads") continue;
        const std::string rel = rel_dir.empty() ? name : rel_dir + "/" + name;
        const std::string full = root + "/" + rel;
        struct stat st;
        if (stat(full.c_str(), &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            read_tree(root, prefix, rel, files);
        } else if (S_ISREG(st.st_mode)) {
            if (name.size() > 4 && name.compare(name.size() - 4, 4, ".tmp") == 0) continue;  // torn write
            std::string data;
            if (read_file(full, data)) files.emplace(prefix + rel, std::move(data));
        }
    }
    closedir(d);
}

// [SECTION] Effects ----------------------------------------------------------------------------
void run(const cc::write_files& w) {
    // Only the tab holding the writer lock may run syncfs(false): a follower's would delete the
    // writer's newer files from IndexedDB. The core sends followers no writes; refuse if it did.
    if (!host::tabs_writer()) {
        std::fprintf(stderr, "clientcard: a write in a follower tab was refused\n");
        host::dispatch(cc::storage_written{w.upto_seq, false, "err.storage_failed"});
        return;
    }
    // The core never sends a second write while one is in flight; if it ever did, the files
    // still go in, JavaScript's sync queue runs them in the next syncfs, and each write is
    // answered in order with its own upto_seq.
    bool ok = true;
    for (const auto& [path, data] : w.writes) ok = write_file(path, data) && ok;
    for (const auto& path : w.removes) ok = remove_file(path) && ok;
    if (!ok) {
        // MEMFS refused (out of memory, bad path): report now rather than claim it was saved.
        host::dispatch(cc::storage_written{w.upto_seq, false, "err.storage_failed"});
        return;
    }
    pending_write p;
    p.upto_seq = w.upto_seq;
    for (const auto& [path, data] : w.writes) {
        p.files.paths.push_back(path);
        if (host::travels_inline(path)) p.files.inline_files[path] = data;
    }
    p.files.removed = w.removes;
    g_writes.push_back(std::move(p));
    ++g_writes_started;
    // The shards' mount is synced only when this write changed it: an edit (its journal file and
    // meta.json) then costs one small syncfs, not a walk of the base mount's IndexedDB too.
    const bool base = std::any_of(w.writes.begin(), w.writes.end(), [](const auto& f) { return in_base(f.first); }) ||
                      std::any_of(w.removes.begin(), w.removes.end(), [](const std::string& f) { return in_base(f); });
    cc_js_storage_sync(base ? 1 : 0);
}

void run(const cc::http_request& r) {
    const int id = g_next_id++;
    g_fetch_ids[id] = fetch_tag{r.id, r.key};
    if (!r.body_file.empty()) {  // an upload: the body is a file of the store, sent with progress
        if (!safe_relative(r.body_file)) {
            g_fetch_ids.erase(id);
            host::dispatch(cc::fetch_done{r.id, 410, "", r.key});
            return;
        }
        const std::string full = full_path(r.body_file);
        cc_js_upload(id, r.url.c_str(), full.c_str(), r.content_type.c_str(), r.file_name.c_str(), r.timeout_ms);
        return;
    }
    if (r.stream) {  // the snapshot: whole lines as they come
        cc_js_fetch_stream(id, r.method.c_str(), r.url.c_str(), r.timeout_ms);
        return;
    }
    // A long poll is always waiting while the card is online, so idle() does not wait for it.
    cc_js_fetch(id, r.method.c_str(), r.url.c_str(), r.body.data(), static_cast<int>(r.body.size()),
                r.timeout_ms, r.long_poll ? 1 : 0);
}

void run(const cc::open_link& l) { cc_js_open_link(l.url.c_str()); }

void run(const cc::set_token& t) { cc_js_set_token(t.token.c_str()); }

void run(const cc::pick_file& p) {
    const int id = g_next_id++;
    g_picks[id] = p;
    cc_js_pick_file(id, p.accept.c_str());
}

void run(const cc::download_file& d) { cc_js_download(d.url.c_str()); }

void run(const cc::media_control& c) {
    cc_js_media(static_cast<int>(c.command), c.url.c_str(), c.file_id.c_str(), c.value);
}

void run(const cc::forward_edit& f) { host::tabs_forward(f.edit); }

void run(const cc::forward_answer& a) { host::tabs_answer(a.answer); }

void run(const cc::notify& n) { cc_js_notify_show(n.title.c_str(), n.body.c_str(), n.tag.c_str()); }

void run(const cc::ask_notify_permission&) { cc_js_notify_request(); }

const char* permission_name(int state) {
    switch (state) {
        case 1: return "granted";
        case 2: return "denied";
        case 3: return "unsupported";
        default: return "default";
    }
}

void run(const cc::start_timer& t) {
    if (auto it = g_timer_by_id.find(t.id); it != g_timer_by_id.end()) {
        cc_js_clear_timer(it->second);
        g_timer_ids.erase(it->second);
    }
    const int id = g_next_id++;
    g_timer_ids[id] = t.id;
    g_timer_by_id[t.id] = id;
    cc_js_set_timer(id, t.ms < 0 ? 0 : t.ms);
}

}  // namespace

namespace host {

void effects_start() {
    // What the user decided about notifications before (asking waits for a click).
    dispatch(cc::notify_permission_changed{permission_name(cc_js_notify_permission())});
    tabs_start();
}

void storage_start() {
    startup_mark("storage_start");
    cc_js_storage_start();
}

void storage_load_base() {
    g_base_reading = true;
    cc_js_storage_load_base();
}

bool base_read_in_flight() { return g_base_reading; }

void read_store(std::map<std::string, std::string>& files) {
    read_tree(k_root, "", "", files);
    if (g_base_loaded) read_tree(k_base_root, k_shards, "", files);
}

bool base_loaded() { return g_base_loaded; }

bool read_store_file(const std::string& rel, std::string& out) {
    return safe_relative(rel) && read_file(full_path(rel), out);
}

std::string new_uuid() { return take_js_string(cc_js_new_device_id()); }

std::string take_config_token() { return take_js_string(cc_js_take_config_token()); }

void run_effect(const cc::effect& e) {
    std::visit([](const auto& x) { run(x); }, e);
}

bool write_in_flight() { return !g_writes.empty(); }
long long writes_started() { return g_writes_started; }
const std::deque<save_done>& recent_saves() { return g_saves; }
bool storage_loaded_yet() { return g_loaded; }

std::string config_value(const char* key) { return take_js_string(cc_js_config(key)); }

}  // namespace host

// [SECTION] Callbacks from JavaScript ----------------------------------------------------------
extern "C" {

// syncfs(true) finished (ok = 0: IndexedDB unavailable or broken; the data then lives in memory
// and the first failed write tells the user).
// tabs_web.cpp adds who writes and dispatches it.
// Only the small mount is read here; the core draws the list from index.bin, and the shards
// follow (cc_on_base_loaded) once the base mount is read.
EMSCRIPTEN_KEEPALIVE void cc_on_storage_loaded(int ok) {
    host::startup_mark("storage_read");
    cc::storage_loaded loaded;
    if (ok) read_tree(k_root, "", "", loaded.files);
    loaded.fresh_device_id = host::new_uuid();
    loaded.shards_follow = ok != 0;
    g_loaded = true;
    host::tabs_loaded(std::move(loaded), ok != 0);
}

// The base mount was read: its shards go to the core, undecoded (it decodes them lazily).
EMSCRIPTEN_KEEPALIVE void cc_on_base_loaded(int ok) {
    host::startup_mark("base_read");
    g_base_loaded = ok != 0;
    g_base_reading = false;
    cc::shards_loaded shards;
    shards.ok = ok != 0;
    if (ok) read_tree(k_base_root, k_shards, "", shards.files);
    host::dispatch(std::move(shards));
}

// syncfs(false) finished. quota: the browser refused for lack of space. sync_ms / base_ms: how
// long the whole sync and its base mount part took (-1: not synced), for status().
EMSCRIPTEN_KEEPALIVE void cc_on_storage_synced(int ok, int quota, double sync_ms, double base_ms) {
    if (g_writes.empty()) return;  // only writes the core asked for are answered
    pending_write w = std::move(g_writes.front());
    g_writes.pop_front();
    const std::int64_t upto = w.upto_seq;
    if (ok) {
        g_saves.push_back(host::save_done{upto, emscripten_get_now(), sync_ms, base_ms});
        if (g_saves.size() > k_saves_kept) g_saves.pop_front();
    }
    host::tabs_files_written(std::move(w.files), ok != 0);
    host::dispatch(cc::storage_written{upto, ok != 0,
                                       ok ? std::string() : quota ? "err.storage_full" : "err.storage_failed"});
}

// status 0: no answer (network down, timeout). The body is bytes (JSON from our server).
EMSCRIPTEN_KEEPALIVE void cc_on_fetch_done(int id, int status, const char* body, int body_len) {
    auto it = g_fetch_ids.find(id);
    if (it == g_fetch_ids.end()) return;
    cc::fetch_done done{it->second.id, status, std::string(body ? body : "", body ? static_cast<std::size_t>(body_len) : 0),
                        it->second.key};
    g_fetch_ids.erase(it);
    host::dispatch(std::move(done));
}

// A streamed request (host_fetch.js): a batch of whole lines, and the bytes received so far.
EMSCRIPTEN_KEEPALIVE void cc_on_stream_chunk(int id, const char* lines, int len, double received) {
    auto it = g_fetch_ids.find(id);
    if (it == g_fetch_ids.end()) return;
    host::dispatch(cc::stream_chunk{it->second.id, std::string(lines ? lines : "", lines ? static_cast<std::size_t>(len) : 0),
                                    static_cast<std::int64_t>(received)});
}

// Its end: status 0 when the connection failed; the body of an answer that was not 200.
EMSCRIPTEN_KEEPALIVE void cc_on_stream_done(int id, int status, const char* body, int len) {
    auto it = g_fetch_ids.find(id);
    if (it == g_fetch_ids.end()) return;
    cc::stream_done done{it->second.id, status, std::string(body ? body : "", body ? static_cast<std::size_t>(len) : 0)};
    g_fetch_ids.erase(it);
    host::dispatch(std::move(done));
}

// The user answered the notification permission prompt (host_notify.js).
EMSCRIPTEN_KEEPALIVE void cc_on_notify_permission(int state) {
    host::dispatch(cc::notify_permission_changed{permission_name(state)});
}

EMSCRIPTEN_KEEPALIVE void cc_on_timer(int id) {
    auto it = g_timer_ids.find(id);
    if (it == g_timer_ids.end()) return;
    const cc::timer_id timer = it->second;
    g_timer_ids.erase(it);
    if (auto n = g_timer_by_id.find(timer); n != g_timer_by_id.end() && n->second == id) g_timer_by_id.erase(n);
    host::dispatch(cc::timer_fired{timer});
}

// An upload's progress (XMLHttpRequest upload events).
EMSCRIPTEN_KEEPALIVE void cc_on_upload_progress(int id, double sent, double total) {
    auto it = g_fetch_ids.find(id);
    if (it == g_fetch_ids.end()) return;
    host::dispatch(cc::upload_progress{it->second.key, static_cast<std::int64_t>(sent), static_cast<std::int64_t>(total)});
}

// The user picked a file (bytes null when the file was too large to read: `size` says how large),
// or cancelled (name null).
EMSCRIPTEN_KEEPALIVE void cc_on_file_picked(int id, const char* name, const char* type, const char* bytes,
                                            int bytes_len, double size) {
    auto it = g_picks.find(id);
    if (it == g_picks.end()) return;
    const cc::pick_file target = std::move(it->second);
    g_picks.erase(it);
    if (!name) return;
    cc::file_picked f;
    f.client_id = target.client_id;
    f.record_id = target.record_id;
    f.field = target.field;
    f.name = name;
    f.type = type ? type : "";
    if (bytes) f.bytes.assign(bytes, static_cast<std::size_t>(bytes_len));
    f.size = static_cast<std::int64_t>(size);
    host::dispatch(std::move(f));
}

// The audio element's state (timeupdate, play, pause, loadedmetadata, ended, error).
EMSCRIPTEN_KEEPALIVE void cc_on_media(const char* file_id, double position, double duration, int playing, int ended,
                                      const char* error) {
    host::dispatch(cc::media_reported{file_id ? file_id : "", position, duration, playing != 0, ended != 0,
                                      error ? error : ""});
}

}  // extern "C"
