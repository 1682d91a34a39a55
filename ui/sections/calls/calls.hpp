// calls.hpp — the Calls section's parts (sections/calls.cpp): the "Log call" form and the open
// call's panel (calls/form.cpp).
#pragma once
#include "core/record.hpp"
#include "ui/view.hpp"

namespace ui::calls {

inline const char* new_form = "call/new";

// "Log call": direction, phone (the client's main one), start (now), duration, took place or
// why not, note.
void open_form(view& v, const cc::client& c);
void draw_new_form(view& v, const cc::client& c);
// The open call: took place / why not and the note can be corrected (call.set).
void draw_call_panel(view& v, const cc::client& c, const cc::record& call);
// Offers the task form for calling back (type Call, "Call back", due the next full hour).
void call_back(view& v, const cc::client& c);

}  // namespace ui::calls
