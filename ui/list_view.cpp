// list_view.cpp — the client list: instant search, the "+ New client" row and the rows
// themselves (a clipper draws only the visible ones, so 100,000 clients cost what 30 do).
//
// Index of this file:
// [SECTION] Search box
// [SECTION] New client
// [SECTION] Rows
// [SECTION] draw_list

#include <cfloat>

#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include "core/phone.hpp"
#include "core/text.hpp"
#include "core/validate.hpp"
#include "ui/icons.hpp"
#include "ui/semantic.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace ui {

//-----------------------------------------------------------------------------
// [SECTION] Search box
//-----------------------------------------------------------------------------

namespace {
void search_box(view& v) {
    ui_state& s = v.s;
    // Follow a query set elsewhere (the host), but never undo what the user is typing: the
    // model lags one frame behind the box.
    if (v.m.query != s.seen_query) {
        if (v.m.query != s.sent_query) s.search_text = v.m.query;
        s.seen_query = v.m.query;
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(col::muted(), ICON_SEARCH);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-FLT_MIN);
    const std::string before = s.search_text;
    const bool enter = ImGui::InputTextWithHint("##search", v.t("search.hint"), &s.search_text,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    sem_item_raw("textbox", v.t("search.label"), s.search_text);
    if (s.search_text != before) {
        s.sent_query = s.search_text;
        v.send(cc::query_changed{s.search_text});
    } else if (enter && !v.m.results.empty() && v.m.results.front() < v.m.index.entries.size()) {
        // Enter opens the first match: search, Enter, and the card is there.
        const std::string& id = v.m.index.entries[v.m.results.front()].id;
        if (id != v.m.selected) v.send(cc::client_selected{id});
        s.show_list = false;
    }
}

//-----------------------------------------------------------------------------
// [SECTION] New client
//-----------------------------------------------------------------------------

void new_client(view& v) {
    ui_state& s = v.s;
    if (!s.creating_client) {
        if (button(v.t("list.new_client"), "new_client")) {
            s.creating_client = true;
            s.focus_key = "new_client";
            s.new_client_name.clear();
            s.tried.erase("new_client");
        }
        refusal_at(v, "new_client", v.t("list.new_client"));
        return;
    }
    bool create = false;
    if (s.focus_key == "new_client") {  // the caret goes into the box the moment the row opens
        ImGui::SetKeyboardFocusHere();
        s.focus_key.clear();
    }
    ImGui::SetNextItemWidth(-FLT_MIN);
    create |= ImGui::InputTextWithHint("##new_name", v.t("list.new_client_hint"), &s.new_client_name,
                                       ImGuiInputTextFlags_EnterReturnsTrue);
    sem_item_raw("textbox", v.t("list.new_client_name"), s.new_client_name);
    create |= button(v.t("action.create"), "create");
    ImGui::SameLine();
    if (button(v.t("action.cancel"), "cancel")) {
        s.creating_client = false;
        s.tried.erase("new_client");
        return;
    }
    auto problem = cc::check_name(cc::trim(s.new_client_name));
    if (create) {
        if (problem) {
            s.tried.insert("new_client");
            s.focus_key = "new_client";  // Enter deactivated the box: give it the keyboard back
        } else {
            v.send(cc::client_created{cc::trim(s.new_client_name), "new_client"});
            s.creating_client = false;
            s.new_client_name.clear();
            s.tried.erase("new_client");
            return;
        }
    }
    if (problem && s.tried.count("new_client")) alert(v.err(*problem), v.t("list.new_client_name"));
    refusal_at(v, "new_client", v.t("list.new_client_name"));
}

//-----------------------------------------------------------------------------
// [SECTION] Rows
//-----------------------------------------------------------------------------

// One row: a client as the store has it, or, while its shard is not decoded yet, as index.bin
// described it (core/storage.hpp index_row): the same name, star and line.
void row(view& v, const std::string& id, const cc::index_row& r, bool narrow, float row_h) {
    const bool selected = id == v.m.selected;
    ImGui::PushID(id.c_str());
    if (ImGui::Selectable("##row", selected, 0, ImVec2(0, row_h))) {
        if (!selected) v.send(cc::client_selected{id});
        if (narrow) v.s.show_list = false;
    }
    ImGui::PopID();
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    std::string title = r.name.empty() ? std::string(v.t("client.no_name")) : r.name;
    const std::string& detail = r.detail;
    sem_item_raw("listitem", title, detail, selected);

    // Drawn over the selectable: the avatar, the name, and a muted line under it.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float line = ImGui::GetTextLineHeight();
    const float d = row_h - 6.0f * style_scale();
    ImVec2 centre(a.x + d * 0.5f + 2.0f, (a.y + b.y) * 0.5f);
    dl->AddCircleFilled(centre, d * 0.5f, col::avatar(id), 24);
    std::string ini = cc::initials(r.name);
    if (ini.empty()) ini = "?";
    ImFont* font = ImGui::GetFont();
    float fs = ImGui::GetFontSize() * 0.85f;
    ImVec2 its = font->CalcTextSizeA(fs, FLT_MAX, 0.0f, ini.data(), ini.data() + ini.size());
    dl->AddText(font, fs, ImVec2(centre.x - its.x * 0.5f, centre.y - its.y * 0.5f), IM_COL32_WHITE, ini.data(),
                ini.data() + ini.size());

    const float x = a.x + d + 10.0f * style_scale();
    // One line (no phone, email or company) sits in the middle of the row.
    const float top = detail.empty() ? (a.y + b.y - line) * 0.5f : (a.y + b.y) * 0.5f - line;
    ImU32 name_col = ImGui::GetColorU32(r.name.empty() ? col::muted() : ImGui::GetStyleColorVec4(ImGuiCol_Text));
    float name_right = b.x;
    if (r.vip) {
        // A star after the row's name marks a VIP, as the chat lists of the source CRMs do.
        ImVec2 ss = ImGui::CalcTextSize(ICON_STAR);
        name_right -= ss.x + 4;
        dl->AddText(ImVec2(b.x - ss.x - 2, top), ImGui::GetColorU32(col::warn()), ICON_STAR);
    }
    draw_text_clipped(dl, ImVec2(x, top), ImVec2(name_right, top + line), title, name_col);
    draw_text_clipped(dl, ImVec2(x, top + line), ImVec2(b.x, top + 2 * line), detail,
                      ImGui::GetColorU32(col::muted()));
}
}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] draw_list
//-----------------------------------------------------------------------------

void draw_list(view& v, bool narrow) {
    search_box(v);
    new_client(v);

    const auto& results = v.m.results;
    if (v.m.loading == cc::load_state::loading) {
        text_colored(col::muted(), v.t("status.loading"), "status");
        return;
    }
    if (results.empty()) {
        text_colored(col::muted(), v.t(v.m.query.empty() ? "list.empty" : "list.nothing_found"), "status");
        return;
    }
    text_colored(col::muted(), tr_count(v.m.lang, "list.count", static_cast<std::int64_t>(results.size())),
                 "status");

    ImGui::BeginChild("rows", ImVec2(0, 0), false);
    const float row_h = ImGui::GetTextLineHeight() * 2 + 8.0f * style_scale();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(results.size()), row_h + ImGui::GetStyle().ItemSpacing.y);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            std::uint32_t ix = results[static_cast<std::size_t>(i)];
            const std::string* id = ix < v.m.index.entries.size() ? &v.m.index.entries[ix].id : nullptr;
            const cc::client* c = id ? v.m.store.find(*id) : nullptr;
            if (c != nullptr) {
                row(v, c->id, cc::row_of(*c), narrow, row_h);
            } else if (auto it = id ? v.m.rows.find(*id) : v.m.rows.end(); it != v.m.rows.end()) {
                row(v, *id, it->second, narrow, row_h);
            } else {
                ImGui::Dummy(ImVec2(0, row_h));  // keep the clipper's arithmetic right
            }
        }
    }
    ImGui::EndChild();
}

}  // namespace ui
