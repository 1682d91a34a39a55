// host.hpp — the seams between the parts of the browser host (DESIGN §1, §2):
//   main.cpp          the app: model + ui state, dispatch, one frame;
//   platform_web.cpp  ImGui on the page: GL context, fonts, input, frame scheduling;
//   effects_web.cpp   the effect interpreter: IDBFS storage, fetch, links, timers, token;
//   tabs_web.cpp      one writer per origin: the election, forwarding edits, following changes.
// JavaScript lives in wasm/js/*.js (one job per file); C entry points it calls are `cc_*`.
#pragma once
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "core/app.hpp"

namespace host {

// ---- main.cpp ---------------------------------------------------------------------------------
void dispatch(cc::action a);              // update the model, run its effects, schedule a frame
// sem tree + ui::draw_app between NewFrame and Render; true when this frame must be shown as it
// is (the first one with data, which npm run bench times)
bool draw_frame_contents();
const cc::model& current_model();
double wall_clock_ms();
// The start-up timeline for npm run bench: performance.now() (ms from navigation) the first time
// each named step is reached; window.clientcard.status().startup lists them.
void startup_mark(const char* step);

// ---- platform_web.cpp -------------------------------------------------------------------------
bool platform_init();                     // WebGL2 context on Module.canvas, ImGui, input
void platform_prepare_drawing();          // fonts, shaders, font texture (before the first frame)
void request_frame();                     // draw soon, plus a couple of frames to let ImGui settle
long long frames_drawn();
void draw_first_frame_now();              // the store was read: draw the first frame in this task
long long frames_unshown();               // frames not presented because they started a write
// Main-thread time of the frames so far: building the ui (ImGui and ours), issuing the GL calls.
struct frame_times { double ui_ms = 0, gl_ms = 0, max_ms = 0; };
frame_times frame_time_totals();
void display_info(float& css_w, float& css_h, float& dpr);  // what the last resize reported

// ---- effects_web.cpp --------------------------------------------------------------------------
void effects_start();                     // elect the writer, load, then dispatch storage_loaded
void storage_start();                     // mount IDBFS + syncfs(true) of the small mount; then tabs_loaded()
void storage_load_base();                 // syncfs(true) of the base mount; then shards_loaded
void run_effect(const cc::effect& e);
bool write_in_flight();
bool base_read_in_flight();               // the base mount is being read (after the first frame)
long long writes_started();               // syncfs(false) runs started so far
bool storage_loaded_yet();
// One syncfs(false) that called back without error: the ops up to upto_seq are saved from then
// on. at_ms is performance.now() of the callback; sync_ms the whole syncfs, base_ms its base
// mount part (-1: skipped). The last few, oldest first, for status() (npm run bench).
struct save_done {
    long long upto_seq = 0;
    double at_ms = 0, sync_ms = 0, base_ms = -1;
};
const std::deque<save_done>& recent_saves();
std::string config_value(const char* key); // page configuration (Module.ccConfig[key]) or ""
std::string take_config_token();          // the page's token, once; "" when none was given
void read_store(std::map<std::string, std::string>& files);  // every file under both mounts
bool base_loaded();                       // the base mount (shards) was read
bool read_store_file(const std::string& rel, std::string& out);
std::string new_uuid();

// ---- tabs_web.cpp -----------------------------------------------------------------------------
void tabs_start();                        // BroadcastChannel, tab id, try the writer lock
// The small mount was read (ok) or could not be: once the lock's first answer is in too, adds
// writer + tab_id, dispatches, follows, and loads the base mount.
void tabs_loaded(cc::storage_loaded loaded, bool ok);
bool tabs_writer();                       // this tab holds the writer lock
const std::string& tab_id();
// What one write_files changed. Journal entries travel inside the message to the followers:
// the writer may prune an entry milliseconds after writing it, before a follower reads
// IndexedDB, and a follower must still see it (its core recognises its forwarded edits there).
struct written_files {
    std::vector<std::string> paths, removed;
    std::map<std::string, std::string> inline_files;  // path -> contents, for travels_inline()
};
bool travels_inline(const std::string& path);
// The writer made files durable (ok) or failed to: followers hear of them once durable.
void tabs_files_written(written_files w, bool ok);
void tabs_forward(const cc::edit_forwarded& edit);     // follower -> writer
void tabs_answer(const cc::forward_answered& answer);  // writer -> the follower that asked

}  // namespace host
