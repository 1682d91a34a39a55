// conflicts_view.cpp — conflicts on the selected client's card, above the quick card (DESIGN §5):
// someone else changed a field that a change of ours, not yet on the server, changes too. One
// box per conflict: who changed what while we were offline, both values, which one is in effect
// now, and "Keep mine" / "Take theirs". The core decides what either choice does
// (cc::conflict_resolved); the box only says what happened and asks.
//
// Index of this file:
// [SECTION] Wording
// [SECTION] One conflict
// [SECTION] draw_conflicts

#include <imgui.h>

#include "core/app.hpp"
#include "ui/icons.hpp"
#include "ui/semantic.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Wording
//-----------------------------------------------------------------------------

// A side's value as the log would show it; an empty one is said to be empty, not left blank.
std::string side_value(view& v, const cc::conflict& k, const std::string& value) {
    std::string s = value_text(v, k.field, value);
    return s.empty() ? std::string(v.t("conflict.empty")) : s;
}

//-----------------------------------------------------------------------------
// [SECTION] One conflict
//-----------------------------------------------------------------------------

void conflict_box(view& v, const cc::conflict& k) {
    const std::string field = field_label(v, k.field);
    const std::string who = k.their_actor.empty() ? std::string(v.t("conflict.someone")) : k.their_actor;
    const std::string headline = tr_fill(v.m.lang, "conflict.changed", {{"{actor}", who}, {"{field}", field}});

    // The conflict id holds user data (a custom field's key): PushID hashes it whole.
    box_begin(k.id);
    ImGui::TextColored(col::warn(), "%s", ICON_EXCLAMATION);
    ImGui::SameLine(0, 0.4f * em());
    text_colored(col::warn(), headline, "alert");
    if (k.their_at > 0) {
        // When they changed it, small, after the headline when it fits.
        const std::string when = format_time_utc(k.their_at);
        same_line_if_fits(ImGui::CalcTextSize(when.c_str()).x);
        text_colored(col::muted(), when);
    }
    text(tr_arg(v.m.lang, "conflict.theirs", side_value(v, k, k.their_value)));
    text(tr_arg(v.m.lang, "conflict.yours", side_value(v, k, k.my_value)));
    text_colored(col::muted(), v.t(k.mine_won ? "conflict.mine_in_effect" : "conflict.theirs_in_effect"), "status");
    if (button(v.t("conflict.keep_mine"), "keep_mine")) v.send(cc::conflict_resolved{k.id, true});
    ImGui::SameLine();
    if (button(v.t("conflict.take_theirs"), "take_theirs")) v.send(cc::conflict_resolved{k.id, false});
    box_end(col::warn());
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] draw_conflicts
//-----------------------------------------------------------------------------

void draw_conflicts(view& v, const std::string& client_id) {
    for (const cc::conflict* k : cc::conflicts_of(v.m, client_id))
        if (k) conflict_box(v, *k);
}

}  // namespace ui
