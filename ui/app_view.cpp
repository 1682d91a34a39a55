// app_view.cpp — the whole card window: top bar, the sign-in and download bands under it, client
// list and card, in a wide layout (two panes) or a narrow one (a chat's side panel: list and
// card as two views with a back button).
//
// Index of this file:
// [SECTION] Per-frame bookkeeping
// [SECTION] draw_app

#include "ui/app_view.hpp"

#include <algorithm>

#include <imgui.h>

#include "ui/semantic.hpp"
#include "ui/view.hpp"

namespace ui {

//-----------------------------------------------------------------------------
// [SECTION] Per-frame bookkeeping
//-----------------------------------------------------------------------------

namespace {
void follow_model(const cc::model& m, ui_state& s) {
    // Drafts belong to one client: another selection drops them (and the half-open add rows,
    // the open forms, the open task or call).
    if (s.draft_client != m.selected) {
        s.drafts.clear();
        s.tried.clear();
        s.adding_custom = false;
        s.confirming_delete = false;
        s.combo_filter.clear();
        s.forms.clear();
        s.open_record.clear();
        s.comments_shown = 50;
        s.draft_client = m.selected;
    }
    // A newly selected client (by the user or by the host) opens the card in the narrow layout.
    if (s.seen_selected != m.selected) {
        if (!m.selected.empty()) s.show_list = false;
        s.seen_selected = m.selected;
    }
    s.refusal_shown = false;
}
}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] draw_app
//-----------------------------------------------------------------------------

std::vector<cc::action> draw_app(const cc::model& m, ui_state& s) {
    std::vector<cc::action> out;
    sem_begin_frame();
    follow_model(m, s);
    view v{m, s, out};

    ImGuiIO& io = ImGui::GetIO();
    const ImGuiStyle& st = ImGui::GetStyle();
    const bool narrow = io.DisplaySize.x < s.narrow_below * style_scale();

    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                   ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::Begin("ClientCard###app", nullptr, flags);

    // The body is drawn first and the top bar last, so the bar knows whether a widget in the
    // body already showed the refused edit. The bar's nodes are moved to the front of the tree.
    const float bar_h = ImGui::GetFrameHeight() + st.ItemSpacing.y;
    const std::size_t body_mark = sem_mark();
    ImGui::SetCursorPos(ImVec2(st.WindowPadding.x, st.WindowPadding.y + bar_h));
    // Bands across the whole window under the bar (each only when wanted); the panes start
    // below whatever they took.
    draw_signin(v);
    draw_reminders(v);
    draw_sale_notices(v);
    draw_download_progress(v);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    if (!narrow) {
        const float list_w = std::clamp(avail.x * 0.34f, 16.0f * em(), 26.0f * em());
        ImGui::BeginChild("list_pane", ImVec2(list_w, avail.y), true);
        draw_list(v, false);
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("card_pane", ImVec2(0, avail.y), true);
        draw_card(v, false);
        ImGui::EndChild();
    } else if (s.show_list || m.selected.empty()) {
        ImGui::BeginChild("list_pane", ImVec2(0, avail.y), true);
        draw_list(v, true);
        ImGui::EndChild();
    } else {
        ImGui::BeginChild("card_pane", ImVec2(0, avail.y), true);
        draw_card(v, true);
        ImGui::EndChild();
    }
    const std::size_t bar_mark = sem_mark();
    ImGui::SetCursorPos(ImVec2(st.WindowPadding.x, st.WindowPadding.y));
    draw_status_bar(v, narrow);
    sem_move_since(bar_mark, body_mark);

    ImGui::End();
    sem_end_frame();
    return out;
}

}  // namespace ui
