// rows.cpp — the label | value rows (see rows.hpp).
#include "ui/kit/rows.hpp"

#include <imgui.h>

#include "ui/view.hpp"

namespace ui {

namespace {
bool g_stacked = false;
}

bool rows_begin(const char* id) {
    g_stacked = ImGui::GetContentRegionAvail().x < 30.0f * em();
    if (!ImGui::BeginTable(id, g_stacked ? 1 : 2, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_PadOuterX))
        return false;
    if (!g_stacked) ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, 8.5f * em());
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    return true;
}

void rows_end() { ImGui::EndTable(); }

bool rows_stacked() { return g_stacked; }

void muted(std::string_view s) {
    ImGui::PushStyleColor(ImGuiCol_Text, col::muted());
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    ImGui::PopStyleColor();
}

void row(std::string_view label) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    if (g_stacked) {
        if (!label.empty()) muted(label);
        return;
    }
    ImGui::AlignTextToFramePadding();
    muted(label);
    ImGui::TableSetColumnIndex(1);
}

float room(float right) {
    float w = ImGui::GetContentRegionAvail().x - right;
    return w > 4.0f * em() ? w : 4.0f * em();
}
float icon_w(const char* icon) {
    const ImGuiStyle& st = ImGui::GetStyle();
    return ImGui::CalcTextSize(icon).x + st.FramePadding.x * 2 + st.ItemSpacing.x;
}
float button_w(const char* label) {
    const ImGuiStyle& st = ImGui::GetStyle();
    return ImGui::CalcTextSize(label).x + st.FramePadding.x * 2 + st.ItemSpacing.x;
}

}  // namespace ui

namespace ui {

void panel_begin(const char* id) {
    ImGui::PushID(id);
    ImGui::Indent(0.8f * em());
    ImGui::BeginGroup();
}

void panel_end() {
    ImGui::EndGroup();
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    const float x = a.x - 0.5f * em();
    ImGui::GetWindowDrawList()->AddLine(ImVec2(x, a.y), ImVec2(x, b.y), ImGui::GetColorU32(col::accent()), 2.0f);
    ImGui::Unindent(0.8f * em());
    ImGui::Spacing();
    ImGui::PopID();
}

}  // namespace ui
