// style.cpp — the card's look: a light theme for a CRM panel (rounded frames, calm colours,
// room between fields), scaled for the screen.
//
// Index of this file:
// [SECTION] Palette
// [SECTION] apply_style

#include <cmath>

#include <imgui.h>

#include "ui/app_view.hpp"
#include "ui/view.hpp"

namespace ui {

namespace {
float g_scale = 1.0f;
}

float style_scale() { return g_scale; }
float em() { return ImGui::GetFontSize(); }

//-----------------------------------------------------------------------------
// [SECTION] Palette
//-----------------------------------------------------------------------------

namespace col {
ImVec4 muted() { return ImVec4(0.42f, 0.46f, 0.52f, 1.0f); }
ImVec4 error() { return ImVec4(0.80f, 0.16f, 0.16f, 1.0f); }
ImVec4 accent() { return ImVec4(0.15f, 0.42f, 0.82f, 1.0f); }
ImVec4 ok() { return ImVec4(0.16f, 0.55f, 0.30f, 1.0f); }
ImVec4 warn() { return ImVec4(0.78f, 0.50f, 0.05f, 1.0f); }

ImU32 avatar(std::string_view seed) {
    // Soft, readable-under-white-text colours; the same client always gets the same one.
    static const ImU32 palette[] = {
        IM_COL32(0x4C, 0x7E, 0xD9, 255), IM_COL32(0x3F, 0xA7, 0x7A, 255), IM_COL32(0xD9, 0x7A, 0x3F, 255),
        IM_COL32(0x9B, 0x5D, 0xC9, 255), IM_COL32(0xD0, 0x55, 0x6E, 255), IM_COL32(0x2E, 0x9C, 0xB0, 255),
        IM_COL32(0x7A, 0x8B, 0x3A, 255), IM_COL32(0x6B, 0x6F, 0xD6, 255)};
    unsigned h = 2166136261u;  // FNV-1a
    for (unsigned char c : seed) h = (h ^ c) * 16777619u;
    return palette[h % (sizeof palette / sizeof palette[0])];
}
}  // namespace col

//-----------------------------------------------------------------------------
// [SECTION] apply_style
//-----------------------------------------------------------------------------

void apply_style(float scale) {
    if (!(scale > 0.0f) || !std::isfinite(scale)) scale = 1.0f;
    g_scale = scale;
    ImGuiStyle& st = ImGui::GetStyle();
    st = ImGuiStyle();  // start over: apply_style may run again when the pixel ratio changes
    ImGui::StyleColorsLight(&st);

    st.WindowPadding = ImVec2(12, 10);
    st.FramePadding = ImVec2(8, 5);
    st.CellPadding = ImVec2(6, 4);
    st.ItemSpacing = ImVec2(8, 7);
    st.ItemInnerSpacing = ImVec2(6, 4);
    st.IndentSpacing = 16;
    st.ScrollbarSize = 12;
    st.GrabMinSize = 10;
    st.WindowBorderSize = 0;
    st.ChildBorderSize = 1;
    st.PopupBorderSize = 1;
    st.FrameBorderSize = 1;
    st.TabBorderSize = 0;
    st.WindowRounding = 0;
    st.ChildRounding = 8;
    st.FrameRounding = 6;
    st.PopupRounding = 6;
    st.ScrollbarRounding = 6;
    st.GrabRounding = 6;
    st.TabRounding = 6;
    st.SelectableTextAlign = ImVec2(0.0f, 0.5f);

    ImVec4* c = st.Colors;
    const ImVec4 text(0.13f, 0.15f, 0.19f, 1.0f);
    const ImVec4 accent = col::accent();
    auto tint = [&](float a) { return ImVec4(accent.x, accent.y, accent.z, a); };
    c[ImGuiCol_Text] = text;
    c[ImGuiCol_TextDisabled] = col::muted();
    c[ImGuiCol_WindowBg] = ImVec4(0.965f, 0.970f, 0.980f, 1.0f);
    c[ImGuiCol_ChildBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
    c[ImGuiCol_PopupBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
    c[ImGuiCol_Border] = ImVec4(0.84f, 0.86f, 0.90f, 1.0f);
    c[ImGuiCol_BorderShadow] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_FrameBg] = ImVec4(0.975f, 0.980f, 0.990f, 1.0f);
    c[ImGuiCol_FrameBgHovered] = ImVec4(0.93f, 0.95f, 0.99f, 1.0f);
    c[ImGuiCol_FrameBgActive] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
    c[ImGuiCol_TitleBg] = c[ImGuiCol_TitleBgActive] = c[ImGuiCol_MenuBarBg] = ImVec4(1, 1, 1, 1);
    c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_ScrollbarGrab] = ImVec4(0.78f, 0.80f, 0.84f, 1.0f);
    c[ImGuiCol_ScrollbarGrabHovered] = ImVec4(0.66f, 0.69f, 0.74f, 1.0f);
    c[ImGuiCol_ScrollbarGrabActive] = ImVec4(0.56f, 0.60f, 0.66f, 1.0f);
    c[ImGuiCol_CheckMark] = accent;
    c[ImGuiCol_SliderGrab] = accent;
    c[ImGuiCol_SliderGrabActive] = accent;
    c[ImGuiCol_Button] = ImVec4(0.92f, 0.94f, 0.97f, 1.0f);
    c[ImGuiCol_ButtonHovered] = tint(0.18f);
    c[ImGuiCol_ButtonActive] = accent;
    c[ImGuiCol_Header] = tint(0.14f);          // the selected list row
    c[ImGuiCol_HeaderHovered] = tint(0.08f);
    c[ImGuiCol_HeaderActive] = tint(0.22f);
    c[ImGuiCol_Separator] = c[ImGuiCol_Border];
    c[ImGuiCol_Tab] = ImVec4(0.92f, 0.94f, 0.97f, 1.0f);
    c[ImGuiCol_TabHovered] = tint(0.20f);
    c[ImGuiCol_TabActive] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
    c[ImGuiCol_TabUnfocused] = c[ImGuiCol_Tab];
    c[ImGuiCol_TabUnfocusedActive] = c[ImGuiCol_TabActive];
    c[ImGuiCol_TableHeaderBg] = ImVec4(0.95f, 0.96f, 0.98f, 1.0f);
    c[ImGuiCol_TableBorderLight] = ImVec4(0.90f, 0.91f, 0.94f, 1.0f);
    c[ImGuiCol_TableRowBgAlt] = ImVec4(0.975f, 0.98f, 0.99f, 1.0f);
    c[ImGuiCol_TextSelectedBg] = tint(0.25f);
    c[ImGuiCol_NavHighlight] = accent;
    c[ImGuiCol_ModalWindowDimBg] = ImVec4(0.1f, 0.12f, 0.16f, 0.3f);

    st.ScaleAllSizes(scale);
}

}  // namespace ui
