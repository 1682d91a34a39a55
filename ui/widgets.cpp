// widgets.cpp — widgets that draw and record themselves in the semantic tree (see widgets.hpp).
//
// Index of this file:
// [SECTION] Helpers
// [SECTION] Text
// [SECTION] Boxes
// [SECTION] Buttons, toggles, links
// [SECTION] Selectables and combos
// [SECTION] Draft text fields

#include "ui/widgets.hpp"

#include <algorithm>
#include <cfloat>
#include <cstring>

#include <imgui.h>
#include <imgui_internal.h>  // RenderTextEllipsis: draws user text whole, never cut at "##"
#include <misc/cpp/imgui_stdlib.h>

#include "core/validate.hpp"
#include "ui/icons.hpp"
#include "ui/semantic.hpp"

namespace ui {

//-----------------------------------------------------------------------------
// [SECTION] Helpers
//-----------------------------------------------------------------------------

namespace {
// "label###id": the label is shown, the id alone names the widget, so switching the language
// does not make ImGui forget a widget's state.
std::string imgui_label(std::string_view label, std::string_view id) {
    std::string s(label);
    if (!id.empty()) {
        s += "###";
        s += id;
    }
    return s;
}
}  // namespace

void same_line_if_fits(float width) {
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const float next = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width;
    if (next <= right) ImGui::SameLine();
}

void draw_text_clipped(ImDrawList* dl, ImVec2 min, ImVec2 max, std::string_view s, ImU32 colour) {
    if (s.empty() || max.x <= min.x) return;
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::RenderTextEllipsis(dl, min, max, max.x, max.x, s.data(), s.data() + s.size(), nullptr);
    ImGui::PopStyleColor();
}

//-----------------------------------------------------------------------------
// [SECTION] Text
//-----------------------------------------------------------------------------

void text(std::string_view s, const char* role) {
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    sem_item_raw(role, s);
}

void text_colored(const ImVec4& c, std::string_view s, const char* role) {
    ImGui::PushStyleColor(ImGuiCol_Text, c);
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    ImGui::PopStyleColor();
    sem_item_raw(role, s);
}

void text_wrapped(std::string_view s, const char* role) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    ImGui::PopTextWrapPos();
    sem_item_raw(role, s);
}

void heading(std::string_view s) {
    ImGui::Spacing();
    text_colored(col::accent(), s, "heading");
    ImGui::Separator();
}

void alert(std::string_view message, std::string_view about) {
    ImGui::PushStyleColor(ImGuiCol_Text, col::error());
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(message.data(), message.data() + message.size());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    sem_item_raw("alert", message, about);
}

//-----------------------------------------------------------------------------
// [SECTION] Boxes
//-----------------------------------------------------------------------------

namespace {
struct box_frame { ImVec2 start; float pad; };
ImVector<box_frame> g_boxes;  // nested boxes (none today, but begin/end must pair anyway)
}  // namespace

void box_begin(std::string_view id) {
    ImGui::PushID(id.data(), id.data() + id.size());
    const float pad = 0.5f * em();
    const ImVec2 start = ImGui::GetCursorScreenPos();
    g_boxes.push_back({start, pad});
    // The content goes on the front channel, the background (sized once the content is known)
    // behind it.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    ImGui::SetCursorScreenPos(ImVec2(start.x + pad, start.y + pad));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetContentRegionMax().x - pad);
}

void box_end(const ImVec4& tint) {
    IM_ASSERT(!g_boxes.empty());
    const box_frame f = g_boxes.back();
    g_boxes.pop_back();
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    const ImVec2 content_max = ImGui::GetItemRectMax();
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const ImVec2 a = f.start, b(std::max(right, content_max.x + f.pad), content_max.y + f.pad);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSetCurrent(0);
    const float r = ImGui::GetStyle().FrameRounding;
    dl->AddRectFilled(a, b, ImGui::GetColorU32(ImVec4(tint.x, tint.y, tint.z, 0.10f)), r);
    dl->AddRect(a, b, ImGui::GetColorU32(ImVec4(tint.x, tint.y, tint.z, 0.45f)), r);
    dl->ChannelsMerge();
    // Claim the box's whole height for the layout, then leave a gap after it.
    ImGui::SetCursorScreenPos(ImVec2(a.x, b.y));
    ImGui::Dummy(ImVec2(0, 0));
    ImGui::Spacing();
    ImGui::PopID();
}

//-----------------------------------------------------------------------------
// [SECTION] Buttons, toggles, links
//-----------------------------------------------------------------------------

bool button(std::string_view label, std::string_view id, const char* icon, const ImVec2& size) {
    std::string shown = icon ? std::string(icon) + " " + std::string(label) : std::string(label);
    bool pressed = ImGui::Button(imgui_label(shown, id.empty() ? label : id).c_str(), size);
    sem_item("button", label);
    return pressed;
}

bool small_button(std::string_view label, std::string_view id) {
    bool pressed = ImGui::SmallButton(imgui_label(label, id).c_str());
    sem_item("button", label);
    return pressed;
}

bool icon_button(const char* icon, std::string_view name, std::string_view id) {
    // Icon buttons are bare until hovered: a row of framed icons reads as clutter.
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
    ImGui::PushStyleColor(ImGuiCol_Text, col::muted());
    bool pressed = ImGui::SmallButton(imgui_label(icon, id.empty() ? name : id).c_str());
    ImGui::PopStyleColor(2);
    ImGui::PopStyleVar();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%.*s", static_cast<int>(name.size()), name.data());
    sem_item_raw("button", name);
    return pressed;
}

bool checkbox(std::string_view label, bool value, std::string_view id) {
    bool v = value;
    bool toggled = ImGui::Checkbox(imgui_label(label, id).c_str(), &v);
    sem_item("checkbox", label, value ? "true" : "false");
    return toggled;
}

bool choice(std::string_view label, bool selected, std::string_view id, std::string_view sem_label) {
    if (selected) {
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    }
    bool pressed = ImGui::SmallButton(imgui_label(label, id).c_str());
    if (selected) ImGui::PopStyleColor(2);
    std::string_view shown = sem_label.empty() ? label : sem_label;
    if (!sem_label.empty() && ImGui::IsItemHovered())
        ImGui::SetTooltip("%.*s", static_cast<int>(sem_label.size()), sem_label.data());
    sem_item_raw("radio", shown, selected ? "true" : "false", selected);
    return pressed;
}

bool link(std::string_view txt, const std::string& url, std::string_view id) {
    if (!cc::link_allowed(url) || txt.empty()) {
        text(txt);
        return false;
    }
    ImVec2 size = ImGui::CalcTextSize(txt.data(), txt.data() + txt.size());
    ImVec2 pos = ImGui::GetCursorScreenPos();
    ImGui::PushID(id.data(), id.data() + id.size());
    bool clicked = ImGui::InvisibleButton("##link", ImVec2(size.x > 1 ? size.x : 1, size.y > 1 ? size.y : 1));
    ImGui::PopID();
    bool hovered = ImGui::IsItemHovered();
    ImU32 c = ImGui::GetColorU32(col::accent());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddText(pos, c, txt.data(), txt.data() + txt.size());
    if (hovered) {
        dl->AddLine(ImVec2(pos.x, pos.y + size.y), ImVec2(pos.x + size.x, pos.y + size.y), c);
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    }
    sem_item_raw("link", txt, url);
    return clicked;
}

//-----------------------------------------------------------------------------
// [SECTION] Selectables and combos
//-----------------------------------------------------------------------------

bool selectable_text(std::string_view txt, bool selected, std::string_view id, const char* role, float width) {
    ImGui::PushID(id.data(), id.data() + id.size());
    bool clicked = ImGui::Selectable("##sel", selected, 0, ImVec2(width, 0));
    ImGui::PopID();
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    draw_text_clipped(ImGui::GetWindowDrawList(), a, b, txt, ImGui::GetColorU32(ImGuiCol_Text));
    sem_item_raw(role, txt, selected ? "true" : "false", selected);
    return clicked;
}

int combo(std::string_view label, std::string_view id, const std::vector<std::string>& items, int current,
          float width) {
    // The preview is drawn by hand: ImGui would cut user text at "##".
    ImGui::SetNextItemWidth(width > 0 ? width : -FLT_MIN);
    ImVec2 a = ImGui::GetCursorScreenPos();
    float w = ImGui::CalcItemWidth();
    ImVec2 b(a.x + w, a.y + ImGui::GetFrameHeight());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    std::string_view preview =
        current >= 0 && current < static_cast<int>(items.size()) ? std::string_view(items[current]) : "";
    // No PushID around it: an open combo makes its popup the current window (own id stack).
    const std::string imgui_id = "##" + std::string(id);
    bool open = ImGui::BeginCombo(imgui_id.c_str(), "", ImGuiComboFlags_HeightLarge);
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    draw_text_clipped(dl, ImVec2(a.x + pad.x, a.y + pad.y), ImVec2(b.x - ImGui::GetFrameHeight(), b.y), preview,
                      ImGui::GetColorU32(ImGuiCol_Text));
    sem_item_rect("combobox", label, preview, a.x, a.y, b.x, b.y);
    int picked = -1;
    if (open) {
        for (int i = 0; i < static_cast<int>(items.size()); ++i) {
            if (selectable_text(items[i], i == current, std::to_string(i))) picked = i;
            if (i == current) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }
    return picked;
}

//-----------------------------------------------------------------------------
// [SECTION] Draft text fields
//-----------------------------------------------------------------------------

bool enter_pressed() {
    return ImGui::IsKeyPressedMap(ImGuiKey_Enter, false) || ImGui::IsKeyPressedMap(ImGuiKey_KeyPadEnter, false);
}

const std::string& draft_or(const view& v, const std::string& key, const std::string& current) {
    auto it = v.s.drafts.find(key);
    return it != v.s.drafts.end() ? it->second : current;
}

bool commit_draft(view& v, const std::string& key, const std::string& current, const validator& check,
                  std::string* out) {
    auto it = v.s.drafts.find(key);
    if (it == v.s.drafts.end()) return false;
    if (check && it->second != current && check(it->second)) {
        v.s.tried.insert(key);  // keep the text and show why
        return false;
    }
    std::string value = std::move(it->second);
    v.s.drafts.erase(it);
    v.s.tried.erase(key);
    if (value == current) return false;
    *out = std::move(value);
    return true;
}

bool draft_field(view& v, const std::string& key, std::string_view label, const std::string& current,
                 std::string* out, const field_opts& o) {
    std::string buf = draft_or(v, key, current);
    const std::string before = buf;
    const bool form = o.enter != nullptr;
    ImGuiInputTextFlags flags = o.commit_on_blur && !form ? 0 : ImGuiInputTextFlags_EnterReturnsTrue;
    // The key may hold user data (a custom field's name): PushID hashes it whole.
    ImGui::PushID(key.data(), key.data() + key.size());
    ImGui::SetNextItemWidth(o.width > 0 ? o.width : -FLT_MIN);
    if (v.s.focus_key == key) {
        ImGui::SetKeyboardFocusHere();
        v.s.focus_key.clear();
    }
    bool returned;
    if (o.multiline) {
        float h = o.height > 0 ? o.height : ImGui::GetTextLineHeight() * 4 + ImGui::GetStyle().FramePadding.y * 2;
        returned = ImGui::InputTextMultiline("##f", &buf, ImVec2(o.width > 0 ? o.width : -FLT_MIN, h), flags);
    } else if (o.hint) {
        returned = ImGui::InputTextWithHint("##f", o.hint, &buf, flags);
    } else {
        returned = ImGui::InputText("##f", &buf, flags);
    }
    ImGui::PopID();
    const bool active = ImGui::IsItemActive();
    sem_item_raw("textbox", label, buf);
    if (buf != before) v.s.drafts[key] = buf;
    bool commit = form ? false : o.commit_on_blur ? ImGui::IsItemDeactivatedAfterEdit() : returned;
    if (form && returned) *o.enter = true;
    if (o.same_line) o.same_line();

    bool done = commit && commit_draft(v, key, current, o.check, out);
    // Enter on an invalid value: the box takes the keyboard back (text selected) to be fixed.
    if (commit && !done && v.s.tried.count(key) != 0 && (returned || enter_pressed())) v.s.focus_key = key;

    // The message shows once the user left the field or tried to commit it, not while the
    // first characters of a valid value are being typed.
    auto it = v.s.drafts.find(key);
    const bool has = it != v.s.drafts.end();
    const bool tried = v.s.tried.count(key) != 0;
    if (o.check && (tried || (has && it->second != current && !active))) {
        if (auto e = o.check(has ? it->second : current)) alert(v.err(*e), label);
    }
    refusal_at(v, key, label);
    return done;
}

void forget_text_box() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    ImGuiInputTextState& st = g.InputTextState;
    if (g.ActiveId != 0 && g.ActiveId == st.ID) ImGui::ClearActiveID();
    if (!st.TextW.empty()) std::memset(st.TextW.Data, 0, sizeof(ImWchar) * static_cast<std::size_t>(st.TextW.Size));
    if (!st.TextA.empty()) std::memset(st.TextA.Data, 0, static_cast<std::size_t>(st.TextA.Size));
    if (!st.InitialTextA.empty()) std::memset(st.InitialTextA.Data, 0, static_cast<std::size_t>(st.InitialTextA.Size));
    st.ClearFreeMemory();
    std::memset(&st.Stb, 0, sizeof st.Stb);  // its undo records hold typed characters too
    st.CurLenW = st.CurLenA = 0;
    st.ID = 0;
}

void refusal_at(view& v, std::string_view source, std::string_view about, std::string_view detail) {
    if (!v.m.refused || v.m.refused->source != source) return;
    v.s.refusal_shown = true;
    ImGui::PushID("refusal");
    if (icon_button(ICON_TIMES, v.t("action.dismiss"), "dismiss")) v.send(cc::error_dismissed{});
    ImGui::PopID();
    ImGui::SameLine();
    cc::error why = v.m.refused->why;
    if (!detail.empty()) why.detail = std::string(detail);
    alert(v.err(why), about);
}

}  // namespace ui
