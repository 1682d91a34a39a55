// status_bar.cpp — the top bar: the app's name, what the card is doing (loading, saving, saved,
// sync, changes waiting for the server), storage errors, a refused edit no widget showed, and
// the EN/RU switch at the right edge. In a narrow pane the items that do not fit fold into "…".
//
// Index of this file:
// [SECTION] Status items
// [SECTION] draw_status_bar

#include <cinttypes>
#include <cstdio>

#include <imgui.h>

#include "ui/icons.hpp"
#include "ui/semantic.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Status items
//-----------------------------------------------------------------------------

struct bar {
    float limit = 0;                   // window x where the EN/RU switch starts
    std::vector<std::string> hidden;   // items that did not fit, in order
    float gap() const { return 12.0f * style_scale(); }
    // Window x after the last item plus a gap.
    float next_x() const { return ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + gap(); }
};

// An icon (kept out of the semantic label) and a status text after it, if it fits.
void status(bar& b, const char* icon, const ImVec4& colour, std::string_view s) {
    const float icon_w = icon ? ImGui::CalcTextSize(icon).x + 4.0f * style_scale() : 0.0f;
    const float w = icon_w + ImGui::CalcTextSize(s.data(), s.data() + s.size()).x;
    if (!b.hidden.empty() || b.next_x() + w > b.limit) {
        b.hidden.emplace_back(s);
        return;
    }
    ImGui::SameLine(0, b.gap());
    if (icon) {
        ImGui::TextColored(colour, "%s", icon);
        ImGui::SameLine(0, 4.0f * style_scale());
    }
    text_colored(colour, s, "status");
}

// Sync messages are error codes (translated) or text from the server (shown as is).
std::string message_text(view& v, const std::string& msg) {
    if (msg.rfind("err.", 0) == 0) return v.err(cc::error{msg, "", ""});
    return msg;
}

void sync_items(view& v, bar& b) {
    const cc::model& m = v.m;
    switch (m.sync) {
        case cc::sync_state::pulling: {
            std::string s = v.t("status.syncing");
            if (m.pull_total > 0) {
                char buf[64];
                std::snprintf(buf, sizeof buf, " %" PRId64 "/%" PRId64, m.pull_received, m.pull_total);
                s += buf;
            }
            status(b, ICON_REFRESH, col::muted(), s);
            break;
        }
        case cc::sync_state::offline: status(b, ICON_CLOUD, col::warn(), v.t("status.offline")); break;
        case cc::sync_state::failed: status(b, ICON_EXCLAMATION, col::error(), v.t("status.sync_failed")); break;
        case cc::sync_state::idle: break;
    }
    if (!m.sync_message.empty())
        status(b, nullptr, m.sync == cc::sync_state::failed ? col::error() : col::muted(),
               message_text(v, m.sync_message));
}

// A refusal whose widget is not on screen (another tab, the list in the narrow layout): one
// line, cut to the room left, the whole sentence in a tooltip.
void bar_refusal(view& v, bar& b) {
    ImGui::SameLine(0, b.gap());
    if (icon_button(ICON_TIMES, v.t("action.dismiss"), "dismiss_refusal")) v.send(cc::error_dismissed{});
    ImGui::SameLine(0, 4.0f * style_scale());
    const std::string msg = v.err(v.m.refused->why);
    ImVec2 p = ImGui::GetCursorScreenPos();
    float room = ImGui::GetWindowPos().x + b.limit - p.x - b.gap();
    float w = ImGui::CalcTextSize(msg.c_str()).x;
    if (w > room) w = room > 0 ? room : 1.0f;
    ImGui::Dummy(ImVec2(w, ImGui::GetTextLineHeight()));
    draw_text_clipped(ImGui::GetWindowDrawList(), p, ImVec2(p.x + w, p.y + ImGui::GetTextLineHeight()), msg,
                      ImGui::GetColorU32(col::error()));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", msg.c_str());
    sem_item_raw("alert", msg, v.m.refused->source);
    v.s.refusal_shown = true;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] draw_status_bar
//-----------------------------------------------------------------------------

void draw_status_bar(view& v, bool narrow) {
    const cc::model& m = v.m;
    const ImGuiStyle& st = ImGui::GetStyle();
    bar b;
    const float switch_w =
        ImGui::CalcTextSize("EN").x + ImGui::CalcTextSize("RU").x + st.FramePadding.x * 4 + st.ItemSpacing.x;
    b.limit = ImGui::GetWindowContentRegionMax().x - switch_w - b.gap();

    ImGui::AlignTextToFramePadding();
    if (!narrow) text_colored(col::accent(), v.t("app.title"), "heading");
    else ImGui::Dummy(ImVec2(0, ImGui::GetFrameHeight()));  // a start for the first SameLine()

    // Most important first: what goes wrong, then whether the edit is safe, then the network.
    if (m.loading == cc::load_state::loading) status(b, ICON_CLOCK, col::muted(), v.t("status.loading"));
    else if (m.loading == cc::load_state::failed) status(b, ICON_EXCLAMATION, col::error(), v.t("status.load_failed"));
    if (m.storage_error) status(b, ICON_EXCLAMATION, col::error(), v.err(*m.storage_error));
    if (!m.selected.empty()) {
        switch (cc::client_save_status(m, m.selected)) {
            case cc::save_status::saving: status(b, ICON_CLOCK, col::muted(), v.t("status.saving")); break;
            case cc::save_status::saved: status(b, ICON_CHECK, col::ok(), v.t("status.saved")); break;
            case cc::save_status::none: break;
        }
    }
    sync_items(v, b);
    const std::size_t pending = cc::pending_count(m);
    if (pending > 0) status(b, nullptr, col::muted(), tr_count(m.lang, "status.pending", static_cast<std::int64_t>(pending)));

    if (!b.hidden.empty()) {
        // Folded items: "…" with all of them in a tooltip (and in the tree, for the mirror).
        std::string all;
        for (const auto& h : b.hidden) all += (all.empty() ? "" : "\n") + h;
        ImGui::SameLine(0, b.gap());
        ImGui::TextColored(col::muted(), "…");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", all.c_str());
        sem_item_raw("status", all);
    }
    if (m.refused && !v.s.refusal_shown) bar_refusal(v, b);

    ImGui::SameLine(b.limit + b.gap());
    if (choice("EN", m.lang == cc::locale::en, "lang_en") && m.lang != cc::locale::en)
        v.send(cc::locale_changed{cc::locale::en});
    ImGui::SameLine();
    if (choice("RU", m.lang == cc::locale::ru, "lang_ru") && m.lang != cc::locale::ru)
        v.send(cc::locale_changed{cc::locale::ru});
}

}  // namespace ui
