// log_view.cpp — the "Log" section: the client's activity, newest first (derived from ops, not
// a second bookkeeping; DESIGN §3): when (UTC), who, what, and old -> new for every field an
// entry changed. Entries only in this browser's journal are marked as not synced yet (or as
// rejected). Other users' edits come from the server with their name as the actor. The wording
// of a change is shared with the conflict and rejected-op boxes on the card.
//
// Index of this file:
// [SECTION] Wording
// [SECTION] draw_log

#include <set>
#include <utility>

#include <imgui.h>

#include "core/store.hpp"
#include "ui/icons.hpp"
#include "ui/semantic.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Wording
//-----------------------------------------------------------------------------

// One line: a log value may hold a whole note.
std::string one_line(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    return out;
}

// "phones:<id>:type" -> {"phones", "type"}; "name" -> {"name", ""}.
std::pair<std::string, std::string> list_and_part(const std::string& field) {
    const auto a = field.find(':');
    if (a == std::string::npos) return {field, ""};
    const auto b = field.rfind(':');
    return {field.substr(0, a), b > a ? field.substr(b + 1) : ""};
}

}  // namespace

std::string kind_text(view& v, const std::string& kind) {
    std::string key = "log.kind." + kind;
    return tr_has(key) ? std::string(v.t(key)) : kind;
}

std::string field_label(view& v, const std::string& field) {
    // Changes name a field ("name"), a list ("phones", "tags"), a list element's field
    // ("phones:<id>:raw", named by its list: element ids mean nothing to a user) or a custom
    // field ("custom:Source", named by its key, which may itself hold ':').
    if (field.rfind("custom:", 0) == 0) return field.substr(7);
    std::string key = "field." + field;
    if (tr_has(key)) return v.t(key);
    const std::string list = list_and_part(field).first;
    if (list != field && tr_has("field." + list)) return v.t("field." + list);
    return field;
}

std::string value_text(view& v, const std::string& field, const std::string& value) {
    const auto [list, part] = list_and_part(field);
    const std::string& f = part.empty() ? list : part;
    if (f == "gender" && tr_has("gender." + value)) return v.t("gender." + value);
    if (f == "type" && list == "phones" && tr_has("phone_type." + value)) return v.t("phone_type." + value);
    if (f == "type" && list == "addresses" && tr_has("address_type." + value)) return v.t("address_type." + value);
    if (f == "kind" && list == "channels" && tr_has("kind." + value)) return v.t("kind." + value);
    if (value == "true" || value == "false") {
        if (f == "spammer" || f == "vip" || f == "deleted" || f == "archived" || f == "gender_set_by_hand")
            return v.t(value == "true" ? "log.yes" : "log.no");
    }
    return one_line(value);
}

// Noto Sans has no arrow, so the drawn text uses the icon font's arrow and the spoken one a
// real "→".
change_line change_text(view& v, const cc::field_change& ch) {
    std::string old_v = value_text(v, ch.field, ch.old_value), new_v = value_text(v, ch.field, ch.new_value);
    std::string head = field_label(v, ch.field) + ": ";
    if (old_v.empty()) return {head + new_v, head + new_v};
    if (new_v.empty()) new_v = v.t("log.removed");
    return {head + old_v + " " ICON_ARROW_RIGHT " " + new_v, head + old_v + " → " + new_v};
}

namespace {

void cell(std::string_view s, const ImVec4* colour = nullptr, std::string_view spoken = {}) {
    if (colour) ImGui::PushStyleColor(ImGuiCol_Text, *colour);
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    if (colour) ImGui::PopStyleColor();
    sem_item_raw("text", spoken.empty() ? s : spoken);
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] draw_log
//-----------------------------------------------------------------------------

void draw_log(view& v, const cc::client& c) {
    const std::vector<cc::activity_entry> entries = v.m.store.history(c.id);
    if (entries.empty()) {
        text_colored(col::muted(), v.t("log.empty"), "status");
        return;
    }
    // One table row per changed field (an entry without field changes gets one row), so every
    // row is one line high and the clipper can skip what is out of sight.
    struct line { std::size_t entry; int change; };
    std::vector<line> lines;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& e = entries[i];
        if (e.changes.empty()) lines.push_back({i, -1});
        for (std::size_t k = 0; k < e.changes.size(); ++k) lines.push_back({i, static_cast<int>(k)});
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable("log", 4, flags)) return;
    ImGui::TableSetupColumn(v.t("log.when"), ImGuiTableColumnFlags_WidthFixed, 10.5f * em());
    ImGui::TableSetupColumn(v.t("log.who"), ImGuiTableColumnFlags_WidthFixed, 6.0f * em());
    ImGui::TableSetupColumn(v.t("log.what"), ImGuiTableColumnFlags_WidthFixed, 7.0f * em());
    ImGui::TableSetupColumn(v.t("log.change"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    const ImVec4 muted = col::muted(), warn = col::warn(), err = col::error();
    std::set<std::string> rejected;
    for (const cc::journal_entry* j : cc::rejected_of(v.m, c.id)) rejected.insert(j->op.id);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(lines.size()));
    while (clipper.Step()) {
        for (int li = clipper.DisplayStart; li < clipper.DisplayEnd; ++li) {
            const line& l = lines[static_cast<std::size_t>(li)];
            const cc::activity_entry& e = entries[l.entry];
            const bool first = l.change <= 0;  // when/who/what only on an entry's first line
            ImGui::TableNextRow();
            ImGui::PushID(li);
            ImGui::TableSetColumnIndex(0);
            if (first) {
                // Not applied by the server yet (version 0): a clock, or a warning sign when
                // the server refused it (the card's top says why and what to do).
                const bool waiting = e.pending && e.version == 0;
                if (waiting) {
                    const bool refused = rejected.count(e.op_id) != 0;
                    const char* why = v.t(refused ? "log.rejected" : "log.pending");
                    ImGui::TextColored(refused ? err : warn, "%s", refused ? ICON_EXCLAMATION : ICON_CLOCK);
                    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", why);
                    sem_item_raw("status", why);
                    ImGui::SameLine(0, 4);
                }
                cell(format_time_utc(e.at), waiting ? &warn : nullptr);
            }
            ImGui::TableSetColumnIndex(1);
            if (first) cell(e.actor);
            ImGui::TableSetColumnIndex(2);
            if (first) cell(kind_text(v, e.kind));
            ImGui::TableSetColumnIndex(3);
            if (l.change >= 0) {
                change_line t = change_text(v, e.changes[static_cast<std::size_t>(l.change)]);
                cell(t.shown, nullptr, t.spoken);
            }
            else cell("—", &muted);
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

}  // namespace ui
