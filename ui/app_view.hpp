// app_view.hpp — the whole card window as one view: reads a const model plus the ui's own
// transient state, returns the actions the user asked for this frame (DESIGN §2, §6).
#pragma once
#include <vector>

#include "core/app.hpp"
#include "ui/ui_state.hpp"

namespace ui {

// Draws the app into the current ImGui frame, filling io.DisplaySize. Call between
// ImGui::NewFrame() and ImGui::Render().
std::vector<cc::action> draw_app(const cc::model& m, ui_state& s);

// Colours, spacing and rounding of the card; `scale` is the UI scale (1 on a normal screen).
void apply_style(float scale);

}  // namespace ui
