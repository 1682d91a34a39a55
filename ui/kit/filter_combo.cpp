// filter_combo.cpp — a combo with a filter box (see filter_combo.hpp).
#include "ui/kit/filter_combo.hpp"

#include <cfloat>

#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include "core/text.hpp"
#include "core/validate.hpp"
#include "ui/semantic.hpp"

namespace ui {

bool filter_combo(view& v, const char* id, const std::string& label, const std::string& current,
                  const std::string& preview, const std::vector<option>& options, const validator& check,
                  std::string* out, bool allow_none, float width) {
    ui_state& s = v.s;
    ImGui::SetNextItemWidth(width > 0 ? width : -FLT_MIN);
    ImVec2 a = ImGui::GetCursorScreenPos();
    ImVec2 b(a.x + ImGui::CalcItemWidth(), a.y + ImGui::GetFrameHeight());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const std::string imgui_id = std::string("##") + id;
    bool open = ImGui::BeginCombo(imgui_id.c_str(), "", ImGuiComboFlags_HeightLarge);
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    draw_text_clipped(dl, ImVec2(a.x + pad.x, a.y + pad.y), ImVec2(b.x - ImGui::GetFrameHeight(), b.y),
                      preview.empty() ? std::string(v.t("combo.none")) : preview,
                      ImGui::GetColorU32(preview.empty() ? col::muted() : ImGui::GetStyleColorVec4(ImGuiCol_Text)));
    sem_item_rect("combobox", label, preview, a.x, a.y, b.x, b.y);
    if (!open) return false;

    bool picked = false;
    if (ImGui::IsWindowAppearing()) {
        s.combo_filter.clear();
        ImGui::SetKeyboardFocusHere();
    }
    ImGui::SetNextItemWidth(-FLT_MIN);
    bool enter = ImGui::InputTextWithHint("##filter", v.t("combo.filter_hint"), &s.combo_filter,
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    sem_item_raw("textbox", v.t("combo.filter"), s.combo_filter);
    const std::string typed = cc::trim(s.combo_filter);
    const std::string folded = cc::fold(typed);
    if (allow_none && selectable_text(v.t("combo.none"), current.empty(), "(none)")) {
        *out = "";
        picked = true;
    }
    const option* first = nullptr;
    bool exact = false;
    for (const option& o : options) {
        if (!folded.empty() && cc::fold(o.value + " " + o.shown).find(folded) == std::string::npos) continue;
        if (first == nullptr) first = &o;
        if (cc::fold(o.value) == folded) exact = true;
        if (selectable_text(o.shown, o.value == current, o.value)) {
            *out = o.value;
            picked = true;
        }
        if (o.value == current) ImGui::SetItemDefaultFocus();
    }
    std::optional<cc::error> bad;
    if (!typed.empty() && !exact) {
        bad = check ? check(typed) : std::nullopt;
        if (bad) alert(v.err(*bad), label);
        else if (selectable_text(tr_arg(v.m.lang, "combo.use", typed), false, "(typed)")) {
            *out = typed;
            picked = true;
        }
    }
    if (enter && !picked) {
        // Enter takes the first match, else the typed text when it is acceptable.
        if (first != nullptr) {
            *out = first->value;
            picked = true;
        } else if (!typed.empty() && !bad) {
            *out = typed;
            picked = true;
        }
    }
    if (picked) ImGui::CloseCurrentPopup();
    ImGui::EndCombo();
    return picked && *out != current;
}

const std::vector<std::string>& common_time_zones() {
    static const std::vector<std::string> zones = [] {
        const char* const all[] = {
            "Europe/Kaliningrad", "Europe/Moscow",    "Europe/Samara",       "Asia/Yekaterinburg", "Asia/Omsk",
            "Asia/Novosibirsk",   "Asia/Krasnoyarsk", "Asia/Irkutsk",        "Asia/Yakutsk",       "Asia/Vladivostok",
            "Asia/Magadan",       "Asia/Kamchatka",   "Europe/Minsk",        "Europe/Kyiv",        "Asia/Almaty",
            "Asia/Tashkent",      "Asia/Bishkek",     "Asia/Tbilisi",        "Asia/Yerevan",       "Asia/Baku",
            "Europe/London",      "Europe/Berlin",    "Europe/Paris",        "Europe/Madrid",      "Europe/Rome",
            "Europe/Warsaw",      "Europe/Istanbul",  "Asia/Dubai",          "Asia/Kolkata",       "Asia/Bangkok",
            "Asia/Shanghai",      "Asia/Singapore",   "Asia/Tokyo",          "Australia/Sydney",   "America/New_York",
            "America/Chicago",    "America/Denver",   "America/Los_Angeles", "America/Mexico_City",
            "America/Sao_Paulo",  "UTC"};
        std::vector<std::string> out;
        for (const char* z : all)
            if (!cc::check_time_zone(z)) out.emplace_back(z);  // offer only what the core accepts
        return out;
    }();
    return zones;
}

}  // namespace ui
