// main.cpp — the browser host's app: holds the model and the ui's transient state, runs every
// action through cc::update and hands the effects to the interpreter (DESIGN §2). There is no
// main loop: main() sets things up and returns, and frames are drawn on demand.
//
// Index:
//   [SECTION] State
//   [SECTION] Dispatch
//   [SECTION] Frame contents
//   [SECTION] Exports to JavaScript
//   [SECTION] main
#include <algorithm>
#include <emscripten/emscripten.h>
#include <emscripten/eventloop.h>
#include <emscripten/html5.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "host.hpp"
#include "ui/app_view.hpp"
#include "ui/clock.hpp"
#include "ui/semantic.hpp"

extern "C" {
void cc_js_install_api();             // Module.ccHost: tree, frames, status, idle (host_frames.js)
int cc_js_connectivity_attach();      // online/offline listeners; 1 = online now
}

// [SECTION] State ------------------------------------------------------------------------------
namespace {
cc::model g_model;
ui::ui_state g_ui;
std::string g_export_buffer;  // keeps strings returned to JavaScript alive until the next call
double g_first_data_frame_ms = -1;  // performance.now() of the first frame that showed clients
std::vector<std::pair<const char*, double>> g_startup;  // host::startup_mark, in order
bool g_minute_tick = false;         // a frame is booked for the next minute (see draw_frame_contents)

void on_minute(void*) {
    g_minute_tick = false;
    host::request_frame();
}
}  // namespace

namespace host {

double wall_clock_ms() { return emscripten_date_now(); }

void startup_mark(const char* step) {
    for (const auto& [name, at] : g_startup)
        if (std::string_view(name) == step) return;
    g_startup.emplace_back(step, emscripten_get_now());
}
const cc::model& current_model() { return g_model; }

// [SECTION] Dispatch ---------------------------------------------------------------------------
void dispatch(cc::action a) {
    // The clock, a random number for backoff jitter and the viewer's UTC offset (all-day tasks'
    // reminders): the core reads none of them itself.
    const auto now = static_cast<std::int64_t>(wall_clock_ms());
    const cc::context ctx{now, emscripten_random(), ui::utc_offset_minutes(ui::viewer_time_zone(), now)};
    auto r = cc::update(std::move(g_model), a, ctx);
    g_model = std::move(r.next);
    for (const auto& e : r.effects) run_effect(e);
    request_frame();
}

// [SECTION] Frame contents ---------------------------------------------------------------------
// Called by the platform between ImGui::NewFrame() and ImGui::Render().
bool draw_frame_contents() {
    ui::sem_begin_frame();
    startup_mark("first_frame");
    bool first_data = false;
    if (g_first_data_frame_ms < 0 && g_model.loading == cc::load_state::ready && !g_model.results.empty()) {
        g_first_data_frame_ms = emscripten_get_now();  // measured from navigation start (npm run bench)
        startup_mark("first_data_frame");
        first_data = true;
    }
    // The ui reads no clock: the wall clock and the viewer's zone come from here, every frame.
    const double now = wall_clock_ms();
    g_ui.now_ms = static_cast<std::int64_t>(now);
    g_ui.viewer_tz = ui::viewer_time_zone();
    auto actions = ui::draw_app(g_model, g_ui);
    // An open card shows times that move on their own (the client's local time, "overdue"): one
    // frame at the start of each minute keeps them true. The list alone stays idle.
    if (!g_model.selected.empty() && !g_minute_tick) {
        g_minute_tick = true;
        emscripten_set_timeout(on_minute, 60000.0 - std::fmod(now, 60000.0) + 20.0, nullptr);
    }
    // The ui read the model of this frame; what it asked for shows in the next one.
    for (auto& a : actions) dispatch(std::move(a));
    ui::sem_end_frame();
    return first_data;
}

}  // namespace host

namespace {
const char* overall_name(cc::sync_status s) {
    switch (s) {
    case cc::sync_status::offline: return "offline";
    case cc::sync_status::saving: return "saving";
    case cc::sync_status::saved_locally: return "saved_locally";
    case cc::sync_status::syncing: return "syncing";
    case cc::sync_status::synced: return "synced";
    }
    return "";
}
}  // namespace

// The status object written as text member by member: built as a json document, its ~50
// members were 15 KB of the module (nlohmann's initializer lists expand at each member).
class status_writer {
public:
    status_writer() { out_ = "{"; }
    status_writer& num(const char* key, double v) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", std::isfinite(v) ? v : 0.0);
        return raw(key, buf);
    }
    status_writer& flag(const char* key, bool v) { return raw(key, v ? "true" : "false"); }
    status_writer& text(const char* key, std::string_view v) {
        name(key);
        out_ += '"';
        out_ += ui::json_escape(v);
        out_ += '"';
        return *this;
    }
    status_writer& open(const char* key, char bracket = '{') {
        name(key);
        out_ += bracket;
        first_ = true;
        return *this;
    }
    status_writer& close(char bracket = '}') {
        out_ += bracket;
        first_ = false;
        return *this;
    }
    status_writer& item() {  // the next element of an array opened with open(key, '[')
        if (!first_) out_ += ',';
        out_ += '{';
        first_ = true;
        return *this;
    }
    std::string done() { return std::move(out_) + "}"; }

private:
    void name(const char* key) {
        if (!first_) out_ += ',';
        first_ = false;
        if (!key) return;
        out_ += '"';
        out_ += key;
        out_ += "\":";
    }
    status_writer& raw(const char* key, const char* v) {
        name(key);
        out_ += v;
        return *this;
    }
    std::string out_;
    bool first_ = true;
};

// [SECTION] Exports to JavaScript --------------------------------------------------------------
// Plain C types only (DESIGN §7). Returned strings stay valid until the next call of any of them.
extern "C" {

EMSCRIPTEN_KEEPALIVE const char* cc_semantic_tree() {
    g_export_buffer = ui::sem_json();
    return g_export_buffer.c_str();
}

EMSCRIPTEN_KEEPALIVE double cc_frames() { return static_cast<double>(host::frames_drawn()); }

EMSCRIPTEN_KEEPALIVE const char* cc_status() {
    const auto& m = g_model;
    float css_w = 0, css_h = 0, dpr = 1;
    host::display_info(css_w, css_h, dpr);
    const auto frame_ms = host::frame_time_totals();
    status_writer w;
    w.flag("writer", m.writer).text("tab_id", m.tab_id);
    w.num("forwarded", m.forwarded.size()).num("rejected", cc::rejected_count(m)).num("conflicts", m.conflicts.size());
    w.num("reminders", cc::reminders_shown(m).size()).text("notify_permission", m.notify_permission);
    w.text("overall", overall_name(cc::overall_status(m)));
    w.flag("online", m.online).flag("live", m.live).flag("signed_in", m.signed_in);
    w.text("user", m.user_name).text("role", m.user_role);
    w.flag("loaded", m.loading != cc::load_state::loading);
    w.text("load_state", m.loading == cc::load_state::ready    ? "ready"
                         : m.loading == cc::load_state::failed ? "failed"
                                                               : "loading");
    w.flag("saving", host::write_in_flight()).num("saved_seq", m.saved_seq).num("next_seq", m.next_seq);
    w.num("pending", cc::pending_count(m));
    w.text("storage_error", m.storage_error ? m.storage_error->code : std::string());
    w.text("storage_error_detail", m.storage_error ? m.storage_error->detail : std::string());
    w.text("sync", m.sync == cc::sync_state::idle      ? "idle"
                   : m.sync == cc::sync_state::pulling ? "pulling"
                   : m.sync == cc::sync_state::offline ? "offline"
                                                       : "failed");
    w.num("server_version", m.server_version);
    w.num("frames", host::frames_drawn()).num("frames_unshown", host::frames_unshown());
    w.open("frame_ms").num("ui", frame_ms.ui_ms).num("gl", frame_ms.gl_ms).num("max", frame_ms.max_ms).close();
    w.num("first_data_frame_ms", g_first_data_frame_ms);
    w.open("startup");
    for (const auto& [name, at] : g_startup) w.num(name, std::round(at * 10) / 10);
    w.close();
    w.flag("index_tokenized", cc::index_tokenized(m.index)).flag("base_ready", m.base_ready);
    w.num("shards_waiting", m.shard_text.size());
    w.num("clients", std::max(m.store.size(), m.index.entries.size()));  // decoded or in index.bin
    w.num("pull_received", m.pull_received).num("pull_total", m.pull_total);
    w.open("snapshot").flag("active", m.snapshot.active).flag("failed", m.snapshot.failed);
    w.num("bytes", m.snapshot.bytes).num("expected_bytes", m.snapshot.expected_bytes);
    w.num("lines", m.snapshot.lines).num("expected_lines", m.snapshot.expected_lines).close();
    w.num("wasm_heap_bytes", static_cast<double>(__builtin_wasm_memory_size(0)) * 65536.0);
    w.open("display").num("w", css_w).num("h", css_h).num("dpr", dpr).close();
    // Every shard decoded: the background decoding after a reload is over (npm run bench reads
    // the heap then).
    w.flag("shards_decoded", m.base_ready && m.shard_text.empty());
    // The last successful syncfs(false) runs, oldest first: an edit is saved at the first whose
    // upto_seq reaches its seq (at_ms: performance.now() of the callback).
    w.open("saves", '[');
    for (const auto& s : host::recent_saves())
        w.item().num("upto_seq", s.upto_seq).num("at_ms", s.at_ms).num("sync_ms", s.sync_ms).num("base_ms", s.base_ms).close();
    w.close(']');
    g_export_buffer = w.done();
    return g_export_buffer.c_str();
}

// Sign in (window.clientcard.setToken): the core learns of it and hands the token back to the
// network layer with set_token. The token is not kept here.
EMSCRIPTEN_KEEPALIVE void cc_set_token(const char* token) {
    host::dispatch(cc::token_entered{token ? token : ""});
}

// The browser's online / offline events (host_connectivity.js).
EMSCRIPTEN_KEEPALIVE void cc_on_connectivity(int online) {
    host::dispatch(cc::connectivity_changed{online != 0});
}

}  // extern "C"

// [SECTION] main -------------------------------------------------------------------------------
int main() {
    host::startup_mark("main");
    if (!host::platform_init()) return 1;
    host::startup_mark("platform_ready");
    cc_js_install_api();
    // The page's server configuration comes first, then the stored data (loaded asynchronously);
    // until storage_loaded arrives the ui shows its loading state, never stale defaults.
    std::string server = host::config_value("server");
    std::string actor = host::config_value("actor");
    // The project's server streams the first download as a snapshot; ccConfig.snapshot = "0"
    // (or false) walks paged pulls instead (a server that has no /api/v1/snapshot is detected
    // by its 404 anyway).
    const std::string snapshot = host::config_value("snapshot");
    host::dispatch(cc::server_configured{server, actor.empty() ? std::string("me") : actor,
                                         snapshot != "0" && snapshot != "false"});
    // A token the page gave (mount option, window.ClientCardOptions) signs in at once; without
    // one the ui offers sign-in.
    if (std::string token = host::take_config_token(); !token.empty()) host::dispatch(cc::token_entered{std::move(token)});
    if (!cc_js_connectivity_attach()) host::dispatch(cc::connectivity_changed{false});
    host::effects_start();
    // The store is being read (IndexedDB answers in tens of ms): the fonts and shaders meanwhile.
    host::platform_prepare_drawing();
    host::startup_mark("drawing_ready");
    host::request_frame();
    return 0;
}
