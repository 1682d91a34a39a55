// host.hpp — the seams between the three parts of the browser host (DESIGN §1, §2):
//   main.cpp          the app: model + ui state, dispatch, one frame;
//   platform_web.cpp  ImGui on the page: GL context, fonts, input, frame scheduling;
//   effects_web.cpp   the effect interpreter: IDBFS storage, fetch, links, timers.
// JavaScript lives in wasm/js/*.js (one job per file); C entry points it calls are `cc_*`.
#pragma once
#include <string>

#include "core/app.hpp"

namespace host {

// ---- main.cpp ---------------------------------------------------------------------------------
void dispatch(cc::action a);              // update the model, run its effects, schedule a frame
void draw_frame_contents();               // sem tree + ui::draw_app between NewFrame and Render
const cc::model& current_model();
double wall_clock_ms();

// ---- platform_web.cpp -------------------------------------------------------------------------
bool platform_init();                     // WebGL2 context on Module.canvas, ImGui, fonts, input
void request_frame();                     // draw soon, plus a couple of frames to let ImGui settle
long long frames_drawn();
void display_info(float& css_w, float& css_h, float& dpr);  // what the last resize reported

// ---- effects_web.cpp --------------------------------------------------------------------------
void effects_start();                     // mount IDBFS, load, then dispatch storage_loaded
void run_effect(const cc::effect& e);
bool write_in_flight();
bool storage_loaded_yet();
std::string config_value(const char* key); // page configuration (Module.ccConfig[key]) or ""

}  // namespace host
