// status_bar.cpp — the top bar: the app's name, what the card is doing (loading, saving, saved,
// changes waiting for the server, sync), storage errors, a refused edit no widget showed, and
// the EN/RU switch.
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

// An icon (kept out of the semantic label) and a status text after it.
void status(const char* icon, const ImVec4& colour, std::string_view s) {
    ImGui::SameLine(0, 12.0f * style_scale());
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

void sync_items(view& v) {
    const cc::model& m = v.m;
    const ImVec4 muted = col::muted();
    switch (m.sync) {
        case cc::sync_state::pulling: {
            std::string s = v.t("status.syncing");
            if (m.pull_total > 0) {
                char buf[64];
                std::snprintf(buf, sizeof buf, " %" PRId64 "/%" PRId64, m.pull_received, m.pull_total);
                s += buf;
            }
            status(ICON_REFRESH, muted, s);
            break;
        }
        case cc::sync_state::offline: status(ICON_CLOUD, col::warn(), v.t("status.offline")); break;
        case cc::sync_state::failed: status(ICON_EXCLAMATION, col::error(), v.t("status.sync_failed")); break;
        case cc::sync_state::idle: break;
    }
    if (!m.sync_message.empty()) status(nullptr, m.sync == cc::sync_state::failed ? col::error() : muted,
                                        message_text(v, m.sync_message));
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] draw_status_bar
//-----------------------------------------------------------------------------

void draw_status_bar(view& v, bool narrow) {
    const cc::model& m = v.m;
    ImGui::AlignTextToFramePadding();
    if (!narrow) {
        text_colored(col::accent(), v.t("app.title"), "heading");
    } else {
        ImGui::Dummy(ImVec2(0, 0));  // keeps the SameLine() of the first status item valid
    }

    if (m.loading == cc::load_state::loading) status(ICON_CLOCK, col::muted(), v.t("status.loading"));
    else if (m.loading == cc::load_state::failed) status(ICON_EXCLAMATION, col::error(), v.t("status.load_failed"));
    if (m.storage_error) status(ICON_EXCLAMATION, col::error(), v.err(*m.storage_error));

    if (!m.selected.empty()) {
        switch (cc::client_save_status(m, m.selected)) {
            case cc::save_status::saving: status(ICON_CLOCK, col::muted(), v.t("status.saving")); break;
            case cc::save_status::saved: status(ICON_CHECK, col::ok(), v.t("status.saved")); break;
            case cc::save_status::none: break;
        }
    }
    const std::size_t pending = cc::pending_count(m);
    if (pending > 0) status(nullptr, col::muted(), tr_count(m.lang, "status.pending", static_cast<std::int64_t>(pending)));
    sync_items(v);

    // A refusal whose widget is not on screen (another tab, the list in the narrow layout).
    if (m.refused && !v.s.refusal_shown) {
        ImGui::SameLine(0, 12.0f * style_scale());
        refusal_at(v, m.refused->source, v.t("app.title"));
    }

    // EN / RU at the right edge.
    const ImGuiStyle& st = ImGui::GetStyle();
    float w = ImGui::CalcTextSize("EN").x + ImGui::CalcTextSize("RU").x + st.FramePadding.x * 4 + st.ItemSpacing.x;
    float x = ImGui::GetWindowContentRegionMax().x - w;
    float used = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + st.ItemSpacing.x;
    ImGui::SameLine(x > used ? x : 0.0f);
    if (choice("EN", m.lang == cc::locale::en, "lang_en") && m.lang != cc::locale::en)
        v.send(cc::locale_changed{cc::locale::en});
    ImGui::SameLine();
    if (choice("RU", m.lang == cc::locale::ru, "lang_ru") && m.lang != cc::locale::ru)
        v.send(cc::locale_changed{cc::locale::ru});
}

}  // namespace ui
