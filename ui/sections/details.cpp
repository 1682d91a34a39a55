// details.cpp — the "Details" section: every field of the client, viewable and editable.
// Text fields edit a draft and commit one op with only the changed field (Enter or leaving the
// field); list fields change element by element (item.add / item.update / item.remove), so
// edits of two devices to one list both survive (DESIGN §3). Its parts: details/contacts.cpp,
// details/other.cpp, details/details.hpp (what they share).
//
// Index of this file:
// [SECTION] Rows of the client's own fields
// [SECTION] Main fields
// [SECTION] Location
// [SECTION] Delete
// [SECTION] draw_details
// [SECTION] Strings
// [SECTION] Registration

#include <cfloat>
#include <cstdio>
#include <initializer_list>

#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include "core/codec.hpp"
#include "core/phone.hpp"
#include "core/text.hpp"
#include "core/validate.hpp"
#include "ui/icons.hpp"
#include "ui/kit/filter_combo.hpp"
#include "ui/section.hpp"
#include "ui/sections/details/details.hpp"
#include "ui/semantic.hpp"

namespace ui {

namespace details {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Rows of the client's own fields
//-----------------------------------------------------------------------------

// A text field of the client itself (client.set with only this field), checked as a text field
// of its name unless `check` is given.
void text_row(view& v, const cc::client& c, const char* field, const std::string& current, validator check = {}) {
    std::string label = label_of(v, field);
    row(label.c_str());
    const auto by_name = text_check(field);
    field_opts o;
    o.check = check ? check : validator(by_name);
    std::string value;
    if (draft_field(v, field, label, current, &value, o)) v.set_field(c, field, value, field);
}

const char* const languages[] = {"ru", "en", "uk", "be", "kk", "uz", "ky", "tg", "hy", "ka", "az", "tt",
                                 "de", "fr", "es", "it", "pt", "pl", "cs", "nl", "sv", "fi", "tr", "ar",
                                 "he", "fa", "hi", "zh", "ja", "ko"};

void time_zone_row(view& v, const cc::client& c) {
    std::string label = label_of(v, "time_zone");
    row(label.c_str());
    std::vector<option> opts;
    for (const std::string& z : common_time_zones()) opts.push_back({z, z});
    std::string picked;
    if (filter_combo(v, "time_zone", label, c.time_zone, c.time_zone, opts,
                     [](std::string_view s) { return cc::check_time_zone(s); }, &picked))
        v.set_field(c, "time_zone", picked, "time_zone");
    refusal_at(v, "time_zone", label);
}

std::string language_name(view& v, const std::string& code) {
    std::string key = "lang." + code;
    return tr_has(key) ? std::string(v.t(key)) : code;
}

void language_row(view& v, const cc::client& c) {
    std::string label = label_of(v, "language");
    row(label.c_str());
    std::vector<option> opts;
    for (const char* code : languages) opts.push_back({code, std::string(code) + " — " + language_name(v, code)});
    std::string preview = c.language.empty() ? "" : c.language + " — " + language_name(v, c.language);
    std::string picked;
    if (filter_combo(v, "language", label, c.language, preview, opts,
                     [](std::string_view s) { return cc::check_language(s); }, &picked))
        v.set_field(c, "language", picked, "language");
    refusal_at(v, "language", label);
}

//-----------------------------------------------------------------------------
// [SECTION] Main fields
//-----------------------------------------------------------------------------

void gender_row(view& v, const cc::client& c) {
    std::string label = label_of(v, "gender");
    row(label.c_str());
    std::vector<std::string> shown = {v.t("gender.unknown"), v.t("gender.male"), v.t("gender.female")};
    const cc::gender values[] = {cc::gender::unknown, cc::gender::male, cc::gender::female};
    int current = c.gender == cc::gender::male ? 1 : c.gender == cc::gender::female ? 2 : 0;
    int picked = combo(label, "gender", shown, current, 10.0f * em());
    if (picked >= 0 && picked != current) v.set_field(c, "gender", cc::to_string(values[picked]), "gender");
    if (c.gender != cc::gender::unknown) {
        const char* how = v.t(c.gender_set_by_hand ? "gender.by_hand" : "gender.detected");
        same_line_if_fits(ImGui::CalcTextSize(how).x);
        ImGui::AlignTextToFramePadding();
        text_colored(col::muted(), how);
    }
    refusal_at(v, "gender", label);
}

void avatar_row(view& v, const cc::client& c) {
    std::string label = label_of(v, "avatar_url");
    row(label.c_str());
    const bool can_open = cc::link_allowed(c.avatar_url) && !c.avatar_url.empty();
    field_opts o;
    const auto check = url_check("avatar_url");
    o.check = check;
    o.width = room(can_open ? icon_w(ICON_EXTERNAL_LINK) : 0);
    const auto trailing = [&] {
        if (!can_open) return;
        ImGui::SameLine();
        if (icon_button(ICON_EXTERNAL_LINK, v.t("action.open"), "open_avatar"))
            v.send(cc::link_requested{c.avatar_url});
    };
    o.same_line = trailing;
    std::string value;
    if (draft_field(v, "avatar_url", label, c.avatar_url, &value, o)) v.set_field(c, "avatar_url", value, "avatar_url");
}

void note_row(view& v, const cc::client& c) {
    std::string label = label_of(v, "note");
    const std::string& shown = draft_or(v, "note", c.note);
    std::size_t used = cc::utf8_length(shown), limit = cc::max_length("note");
    char count[48];
    std::snprintf(count, sizeof count, "%zu/%zu", used, limit);
    const ImVec4 count_col = used > limit ? col::error() : col::muted();
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    if (rows_stacked()) {
        // "Note ........ 123/1000" on one line above the box.
        muted(label);
        ImGui::SameLine(ImGui::GetContentRegionMax().x - ImGui::CalcTextSize(count).x);
        text_colored(count_col, count, "status");
    } else {
        // The counter goes under the label, where the left column has room.
        ImGui::AlignTextToFramePadding();
        muted(label);
        text_colored(count_col, count, "status");
        ImGui::TableSetColumnIndex(1);
    }
    field_opts o;
    o.multiline = true;
    const auto check = text_check("note");
    o.check = check;
    std::string value;
    if (draft_field(v, "note", label, c.note, &value, o)) v.set_field(c, "note", value, "note");
}

void flag_row(view& v, const cc::client& c, const char* field, bool value) {
    row("");
    std::string label = label_of(v, field);
    if (checkbox(label, value, field)) v.set_field(c, field, !value, field);
    refusal_at(v, field, label);
}

void main_fields(view& v, const cc::client& c) {
    if (!begin_section(v, "section.main", "main")) return;
    text_row(v, c, "name", c.name, [](std::string_view s) { return cc::check_name(s); });
    text_row(v, c, "nickname", c.nickname);
    avatar_row(v, c);
    gender_row(v, c);
    text_row(v, c, "company", c.company);
    text_row(v, c, "position", c.position);
    note_row(v, c);
    flag_row(v, c, "spammer", c.spammer);
    flag_row(v, c, "vip", c.vip);
    rows_end();
}

//-----------------------------------------------------------------------------
// [SECTION] Location
//-----------------------------------------------------------------------------

void location(view& v, const cc::client& c) {
    if (!begin_section(v, "section.location", "location")) return;
    text_row(v, c, "country", c.country);
    text_row(v, c, "city", c.city);
    time_zone_row(v, c);
    language_row(v, c);
    rows_end();
}

//-----------------------------------------------------------------------------
// [SECTION] Delete
//-----------------------------------------------------------------------------

// Usedesk lets a client card be removed; it asks first, as removal hides the client everywhere.
void delete_client(view& v, const cc::client& c) {
    if (c.deleted) return;
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    // The server refuses deletion to managers (err.forbidden); the card mirrors the policy rather
    // than offer a button that can only fail later. (Signed out, the card works on its own copy
    // and sends nothing: deleting stays possible there, as before.)
    if (!v.m.user_role.empty() && !v.can(cc::verb::remove, "client")) {
        text_colored(col::muted(), v.t("delete.admin_only"));
        return;
    }
    if (!v.s.confirming_delete) {
        ImGui::PushStyleColor(ImGuiCol_Text, col::error());
        if (button(v.t("action.delete_client"), "delete_client", ICON_TRASH)) v.s.confirming_delete = true;
        ImGui::PopStyleColor();
    } else {
        ImGui::AlignTextToFramePadding();
        text_colored(col::error(), v.t("delete.confirm"));
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Button, col::error());
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
        if (button(v.t("action.delete"), "delete_yes")) {
            v.edit(c, "client.delete", cc::json::object(), "delete");
            v.s.confirming_delete = false;
        }
        ImGui::PopStyleColor(2);
        ImGui::SameLine();
        if (button(v.t("action.cancel"), "delete_no")) v.s.confirming_delete = false;
    }
    refusal_at(v, "delete", v.t("action.delete_client"));
}

}  // namespace

void item_add(view& v, const cc::client& c, const char* list, cc::json item, std::string source) {
    v.edit(c, "item.add", payload({{"list", list}, {"item", std::move(item)}}), std::move(source));
}
void item_set(view& v, const cc::client& c, const char* list, const std::string& id, const char* field,
              cc::json value) {
    v.edit(c, "item.update", payload({{"list", list}, {"id", id}, {"item", payload({{field, std::move(value)}})}}),
           item_key(list, id, field));
}
void item_remove(view& v, const cc::client& c, const char* list, const std::string& id) {
    v.edit(c, "item.remove", payload({{"list", list}, {"id", id}}), std::string(list) + "/" + id);
}
std::string item_key(const char* list, const std::string& id, const char* part) {
    return std::string(list) + "/" + id + "/" + part;
}

}  // namespace details

//-----------------------------------------------------------------------------
// [SECTION] draw_details
//-----------------------------------------------------------------------------

namespace {
void draw_details(view& v, const cc::client& c) {
    using namespace details;
    main_fields(v, c);
    location(v, c);
    contacts(v, c);
    other(v, c);
    delete_client(v, c);
}
}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Strings
//-----------------------------------------------------------------------------

namespace {
// clang-format off
const string_row strings[] = {
    {"tab.details",            "Details",                        "Подробно"},
    {"section.main",           "Main",                           "Основное"},
    {"section.location",       "Location",                       "Местоположение"},
    {"section.contacts",       "Contacts",                       "Контакты"},
    {"section.other",          "Other",                          "Другое"},
    {"phones.add_hint",        "+ Add phone",                    "+ Добавить телефон"},
    {"phones.remove",          "Remove phone",                   "Удалить телефон"},
    {"emails.add_hint",        "+ Add email",                    "+ Добавить почту"},
    {"emails.remove",          "Remove email",                   "Удалить почту"},
    {"sites.add_hint",         "+ Add site",                     "+ Добавить сайт"},
    {"sites.remove",           "Remove site",                    "Удалить сайт"},
    {"socials.add_hint",       "+ Add profile link",             "+ Добавить ссылку на профиль"},
    {"socials.remove",         "Remove profile",                 "Удалить профиль"},
    {"channels.add_hint",      "+ Add channel (ID in the messenger)", "+ Добавить канал (ID в мессенджере)"},
    {"channels.remove",        "Remove channel",                 "Удалить канал"},
    {"channel.id_hint",        "ID in the messenger",            "ID в мессенджере"},
    {"channel.archived",       "Archived",                       "В архиве"},
    {"addresses.add_hint",     "+ Add address",                  "+ Добавить адрес"},
    {"addresses.remove",       "Remove address",                 "Удалить адрес"},
    {"external_ids.system_hint", "System",                       "Система"},
    {"external_ids.value_hint", "ID in that system",             "ID в этой системе"},
    {"external_ids.remove",    "Remove ID",                      "Удалить ID"},
    {"delete.confirm",         "Delete this client?",            "Удалить этого клиента?"},
    {"delete.admin_only",      "Only an administrator can delete clients", "Удалять клиентов может только администратор"},
    {"lang.ru", "Russian", "русский"},     {"lang.en", "English", "английский"},
    {"lang.uk", "Ukrainian", "украинский"}, {"lang.be", "Belarusian", "белорусский"},
    {"lang.kk", "Kazakh", "казахский"},    {"lang.uz", "Uzbek", "узбекский"},
    {"lang.ky", "Kyrgyz", "киргизский"},   {"lang.tg", "Tajik", "таджикский"},
    {"lang.hy", "Armenian", "армянский"},  {"lang.ka", "Georgian", "грузинский"},
    {"lang.az", "Azerbaijani", "азербайджанский"}, {"lang.tt", "Tatar", "татарский"},
    {"lang.de", "German", "немецкий"},     {"lang.fr", "French", "французский"},
    {"lang.es", "Spanish", "испанский"},   {"lang.it", "Italian", "итальянский"},
    {"lang.pt", "Portuguese", "португальский"}, {"lang.pl", "Polish", "польский"},
    {"lang.cs", "Czech", "чешский"},       {"lang.nl", "Dutch", "нидерландский"},
    {"lang.sv", "Swedish", "шведский"},    {"lang.fi", "Finnish", "финский"},
    {"lang.tr", "Turkish", "турецкий"},    {"lang.ar", "Arabic", "арабский"},
    {"lang.he", "Hebrew", "иврит"},        {"lang.fa", "Persian", "персидский"},
    {"lang.hi", "Hindi", "хинди"},         {"lang.zh", "Chinese", "китайский"},
    {"lang.ja", "Japanese", "японский"},   {"lang.ko", "Korean", "корейский"},
};
// clang-format on
}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Registration
//-----------------------------------------------------------------------------

const section_def& section_details() {
    static const section_def def = [] {
        section_def s;
        s.id = "details";
        s.order = 10;
        s.label_key = "tab.details";
        s.draw = draw_details;
        own_strings(s, strings);
        return s;
    }();
    return def;
}

}  // namespace ui
