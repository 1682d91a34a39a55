// calls.cpp — the "Calls" section (Leeloo.ai's Phone Calls tab; GetCourse "Звонки"): the
// client's calls, newest first — direction, phone (a tel: link), manager, start in the viewer's
// zone, duration, whether it took place or why not, the note, the integration that logged it,
// and its recording when one is attached (the open call plays it and
// takes a new one: calls/form.cpp, ui/kit/files.cpp). "Log
// call" records one by hand; a call that did not take place offers a call-back task. Its parts:
// calls/form.cpp.
//
// Index of this file:
// [SECTION] One call
// [SECTION] The tab
// [SECTION] Strings
// [SECTION] Registration

#include <algorithm>

#include <imgui.h>

#include "core/phone.hpp"
#include "core/validate.hpp"
#include "ui/kit/record_list.hpp"
#include "ui/icons.hpp"
#include "ui/kit/fields.hpp"
#include "ui/kit/time.hpp"
#include "ui/section.hpp"
#include "ui/sections/calls/calls.hpp"
#include "ui/semantic.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] One call
//-----------------------------------------------------------------------------

bool took_place(const cc::record& r) { return !r.get("took_place").is_boolean() || r.flag("took_place"); }

// "Took place", or why not in words ("No answer"; "other" as the manager wrote it).
std::string outcome(const view& v, const cc::record& r) {
    if (took_place(r)) return v.t("call.took_place_yes");
    const std::string reason = r.text("reason");
    if (reason == "other" && !r.text("reason_text").empty()) return r.text("reason_text");
    return reason.empty() ? std::string(v.t("call.not_took_place")) : enum_word(v, "call", "reason", reason);
}

// The second line: manager · source · note · recording, and "not synced yet".
std::string details_line(const view& v, const cc::record& r) {
    std::string s;
    auto add = [&s](const std::string& part) {
        if (!part.empty()) s += (s.empty() ? "" : " · ") + part;
    };
    add(r.text("manager"));
    if (!r.text("source").empty()) add(tr_fill(v.m.lang, "call.via", {{"{source}", r.text("source")}}));
    std::string note = r.text("note");
    std::replace(note.begin(), note.end(), '\n', ' ');
    add(note);
    const cc::json& rec = r.get("recording");
    if (rec.is_object())
        add(tr_fill(v.m.lang, "call.recording_line", {{"{name}", rec.value("name", "")},
                                                 {"{size}", size_words(v, rec.value("size", std::int64_t{0}))}}));
    if (cc::record_pending(v.m, r.id)) add(v.t("form.pending"));
    return s;
}

// Two lines, the same height for every call (the clipper needs that): the row is a selectable
// that opens the call; the phone link and the call-back button sit on top of it.
void call_row(view& v, const cc::client& c, const cc::record& r, float row_h) {
    ImGui::PushID(r.id.c_str());
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const bool selected = v.s.open_record == r.id;
    const bool incoming = r.text("direction") == "incoming";
    const std::string when = r.get("started_at").is_number_integer() ? when_words(v, r.number("started_at")) : "";
    const std::string phone = r.text("phone");
    const auto normal = cc::normalize_phone(phone);
    const std::string e164 = normal ? normal->e164 : std::string();
    const std::string shown_phone = e164.empty() ? phone : cc::format_phone(e164);
    const std::string direction = v.t(incoming ? "call.incoming" : "call.outgoing");
    if (ImGui::Selectable("##row", selected, ImGuiSelectableFlags_AllowItemOverlap, ImVec2(0, row_h)))
        v.s.open_record = selected ? std::string() : r.id;
    sem_item_raw("listitem", direction + " " + shown_phone + " " + when,
                 duration_text(r.number("duration_s")) + " · " + outcome(v, r) + " · " + details_line(v, r), selected);
    ImGui::SetCursorScreenPos(start);
    // Line 1: direction, phone, start, duration, outcome.
    ImGui::TextColored(took_place(r) ? col::ok() : col::error(), "%s %s", ICON_PHONE, incoming ? ICON_ARROW_LEFT : ICON_ARROW_RIGHT);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", direction.c_str());
    ImGui::SameLine();
    if (!e164.empty() && link(shown_phone, "tel:" + e164, "tel")) v.send(cc::link_requested{"tel:" + e164});
    else if (e164.empty()) text(shown_phone);
    ImGui::SameLine();
    text_colored(col::muted(), when + "  " + duration_text(r.number("duration_s")));
    ImGui::SameLine();
    text_colored(took_place(r) ? col::ok() : col::error(), outcome(v, r), "status");
    if (!took_place(r) && v.can(cc::verb::create, "task")) {
        ImGui::SameLine();
        if (small_button(v.t("call.call_back"), "call_back")) calls::call_back(v, c);
    }
    // Line 2: who, through what, the note, the recording.
    const std::string line2 = details_line(v, r);
    const ImVec2 p2(start.x, start.y + ImGui::GetTextLineHeightWithSpacing());
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    draw_text_clipped(ImGui::GetWindowDrawList(), ImVec2(p2.x + 1.6f * em(), p2.y),
                      ImVec2(right, p2.y + ImGui::GetTextLineHeight()), line2, ImGui::GetColorU32(col::muted()));
    ImGui::SetCursorScreenPos(ImVec2(start.x, start.y + row_h));
    ImGui::Dummy(ImVec2(0, 0));
    ImGui::PopID();
}

//-----------------------------------------------------------------------------
// [SECTION] The tab
//-----------------------------------------------------------------------------

void draw_calls(view& v, const cc::client& c) {
    if (v.can(cc::verb::create, "call") && !v.s.forms.count(calls::new_form)) {
        if (button(v.t("call.log"), "log_call", ICON_PLUS)) calls::open_form(v, c);
    }
    calls::draw_new_form(v, c);
    if (const cc::record* r = v.m.store.find_record(v.s.open_record);
        r && r->kind == "call" && r->client_id == c.id && !r->deleted)
        calls::draw_call_panel(v, c, *r);

    std::vector<const cc::record*> list;
    for (const cc::record* r : v.m.store.records_of(c.id, "call"))
        if (!r->deleted) list.push_back(r);
    newest_first(list, "started_at");
    heading(tr_num(v.m.lang, "call.list", list.size()));
    if (list.empty()) {
        text_colored(col::muted(), v.t("call.none"), "status");
        return;
    }
    const float row_h = ImGui::GetTextLineHeightWithSpacing() + ImGui::GetFrameHeight();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(list.size()), row_h + ImGui::GetStyle().ItemSpacing.y);
    while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) call_row(v, c, *list[static_cast<std::size_t>(i)], row_h);
}

bool shows(const view& v, const cc::client&) { return v.can(cc::verb::read, "call"); }

//-----------------------------------------------------------------------------
// [SECTION] Strings
//-----------------------------------------------------------------------------

// clang-format off
const string_row strings[] = {
    {"tab.calls",              "Calls",                          "Звонки"},
    {"call.log",               "Log call",                       "Добавить звонок"},
    {"call.new",               "New call",                       "Новый звонок"},
    {"call.list",              "Calls ({n})",                    "Звонки ({n})"},
    {"call.none",              "No calls yet",                   "Звонков пока нет"},
    {"call.panel",             "Call, {when}",                   "Звонок, {when}"},
    {"call.incoming",          "Incoming",                       "Входящий"},
    {"call.outgoing",          "Outgoing",                       "Исходящий"},
    {"call.took_place_yes",    "Took place",                     "Состоялся"},
    {"call.not_took_place",    "Did not take place",             "Не состоялся"},
    {"call.via",               "via {source}",                   "через {source}"},
    {"call.recording_line",    "Recording: {name} ({size})",     "Запись: {name} ({size})"},
    {"call.duration_ms",       "Duration (m:ss)",                "Длительность (м:сс)"},
    {"call.call_back",         "Create call-back task",          "Создать задачу перезвонить"},
    {"call.call_back_title",   "Call back",                      "Перезвонить"},
    // the schema's labels and words
    {"call.direction",         "Direction",                      "Направление"},
    {"call.direction.outgoing", "Outgoing",                      "Исходящий"},
    {"call.direction.incoming", "Incoming",                      "Входящий"},
    {"call.phone",             "Phone",                          "Телефон"},
    {"call.manager",           "Manager",                        "Менеджер"},
    {"call.started_at",        "Start",                          "Начало"},
    {"call.duration_s",        "Duration",                       "Длительность"},
    {"call.took_place",        "Took place",                     "Состоялся"},
    {"call.reason",            "Why not",                        "Причина"},
    {"call.reason.no_answer",  "No answer",                      "Не отвечает"},
    {"call.reason.busy",       "Busy",                           "Занято"},
    {"call.reason.unreachable", "Unreachable",                   "Недоступен"},
    {"call.reason.wrong_number", "Wrong number",                 "Неверный номер"},
    {"call.reason.voicemail",  "Voicemail",                      "Автоответчик"},
    {"call.reason.call_back_later", "Asked to call back later",  "Просил перезвонить позже"},
    {"call.reason.other",      "Other",                          "Другое"},
    {"call.reason_text",       "Reason in words",                "Причина словами"},
    {"call.note",              "Note",                           "Заметка"},
    {"call.recording",         "Recording",                      "Запись"},
    {"call.external_id",       "ID in the telephony",            "ID в телефонии"},
    {"call.source",            "Source",                         "Источник"},
};
// clang-format on

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Registration
//-----------------------------------------------------------------------------

const section_def& section_calls() {
    static const section_def def = [] {
        section_def s;
        s.id = "calls";
        s.order = 30;
        s.label_key = "tab.calls";
        s.draw = draw_calls;
        s.shows = shows;
        own_strings(s, strings);
        return s;
    }();
    return def;
}

}  // namespace ui
