// details_view.cpp — the "Details" section: every field of the client, viewable and editable.
// Text fields edit a draft and commit one op with only the changed field (Enter or leaving the
// field); list fields change element by element (item.add / item.update / item.remove), so
// edits of two devices to one list both survive (DESIGN §3).
//
// Index of this file:
// [SECTION] Helpers (rows, choices, list ops)
// [SECTION] Combos with a filter (time zone, language)
// [SECTION] Main fields
// [SECTION] Location
// [SECTION] Contacts (phones, emails, sites, social profiles, channels, addresses)
// [SECTION] Other (external ids, tags, custom fields, times)
// [SECTION] Delete
// [SECTION] draw_details

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
#include "ui/semantic.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Helpers (rows, choices, list ops)
//-----------------------------------------------------------------------------

// In a narrow pane (a chat's side panel) the label goes above its field instead of beside it.
bool g_stacked = false;

bool begin_section(view& v, const char* title_key, const char* id) {
    heading(v.t(title_key));
    if (!ImGui::BeginTable(id, g_stacked ? 1 : 2, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_PadOuterX))
        return false;
    if (!g_stacked) ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, 8.5f * em());
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    return true;
}

void muted_label(const char* label) {
    ImGui::PushStyleColor(ImGuiCol_Text, col::muted());
    ImGui::TextUnformatted(label);
    ImGui::PopStyleColor();
}

// Starts a row: the label in the left column (or above), the cursor where the field goes.
void row(const char* label) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    if (g_stacked) {
        if (*label) muted_label(label);
        return;
    }
    ImGui::AlignTextToFramePadding();
    muted_label(label);
    ImGui::TableSetColumnIndex(1);
}

std::string label_of(view& v, std::string_view field) { return v.t("field." + std::string(field)); }

// Room left on the line after reserving `right` for the buttons that follow the field.
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

// A set of known values (stored as words) with their translated names; a value the table does
// not know (from another system) is kept and shown as it is.
struct choices {
    std::vector<std::string> values, shown;
    int index(const std::string& v) const {
        for (std::size_t i = 0; i < values.size(); ++i)
            if (values[i] == v) return static_cast<int>(i);
        return -1;
    }
};
choices make_choices(view& v, const char* prefix, std::initializer_list<const char*> known, const std::string& current) {
    choices ch;
    for (const char* k : known) {
        ch.values.emplace_back(k);
        ch.shown.emplace_back(v.t(std::string(prefix) + k));
    }
    if (!current.empty() && ch.index(current) < 0) {
        ch.values.push_back(current);
        ch.shown.push_back(current);
    }
    return ch;
}

const std::initializer_list<const char*> phone_types = {"mobile", "home", "work", "landline", "fax", "other"};
const std::initializer_list<const char*> address_types = {"home", "work", "postal", "other"};
const std::initializer_list<const char*> networks = {"vk",      "facebook", "instagram", "telegram", "ok",
                                                     "twitter", "youtube",  "tiktok",    "linkedin", "other"};
const std::initializer_list<const char*> channel_kinds = {"telegram", "whatsapp", "viber", "vk",     "instagram",
                                                          "facebook", "email",    "sms",   "widget", "avito",
                                                          "other"};

void item_add(view& v, const cc::client& c, const char* list, cc::json item, std::string source) {
    v.edit(c, "item.add", cc::json{{"list", list}, {"item", std::move(item)}}, std::move(source));
}
void item_update(view& v, const cc::client& c, const char* list, const std::string& id, cc::json item,
                 std::string source) {
    v.edit(c, "item.update", cc::json{{"list", list}, {"id", id}, {"item", std::move(item)}}, std::move(source));
}
void item_remove(view& v, const cc::client& c, const char* list, const std::string& id) {
    v.edit(c, "item.remove", cc::json{{"list", list}, {"id", id}}, std::string(list) + "/" + id);
}

std::string item_key(const char* list, const std::string& id, const char* part) {
    return std::string(list) + "/" + id + "/" + part;
}

// A text field of the client itself (client.set with only this field).
void text_row(view& v, const cc::client& c, const char* field, const std::string& current, validator check,
              bool multiline = false) {
    std::string label = label_of(v, field);
    row(label.c_str());
    field_opts o;
    o.check = std::move(check);
    o.multiline = multiline;
    std::string value;
    if (draft_field(v, field, label, current, &value, o)) v.set_field(c, field, value, field);
}

validator text_check(const char* field) {
    return [field](std::string_view s) { return cc::check_text(field, s); };
}
validator url_check(const char* field) {
    // An empty box clears the field; anything else must be an http(s) address.
    return [field](std::string_view s) -> std::optional<cc::error> {
        if (cc::trim(s).empty()) return std::nullopt;
        return cc::check_url(field, s);
    };
}

//-----------------------------------------------------------------------------
// [SECTION] Combos with a filter (time zone, language)
//-----------------------------------------------------------------------------

struct option { std::string value, shown; };

// A combo whose popup starts with a filter box; text that matches no option can be used as it
// is when `check` accepts it. Returns true when the user picked a value other than `current`.
bool filter_combo(view& v, const char* id, const std::string& label, const std::string& current,
                  const std::string& preview, const std::vector<option>& options, const validator& check,
                  std::string* out) {
    ui_state& s = v.s;
    ImGui::SetNextItemWidth(-FLT_MIN);
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
    if (selectable_text(v.t("combo.none"), current.empty(), "(none)")) { *out = ""; picked = true; }
    const option* first = nullptr;
    bool exact = false;
    for (const option& o : options) {
        if (!folded.empty() && cc::fold(o.value + " " + o.shown).find(folded) == std::string::npos) continue;
        if (first == nullptr) first = &o;
        if (cc::fold(o.value) == folded) exact = true;
        if (selectable_text(o.shown, o.value == current, o.value)) { *out = o.value; picked = true; }
        if (o.value == current) ImGui::SetItemDefaultFocus();
    }
    std::optional<cc::error> bad;
    if (!typed.empty() && !exact) {
        bad = check(typed);
        if (bad) alert(v.err(*bad), label);
        else if (selectable_text(tr_arg(v.m.lang, "combo.use", typed), false, "(typed)")) { *out = typed; picked = true; }
    }
    if (enter && !picked) {
        // Enter takes the first match, else the typed text when it is acceptable.
        if (first != nullptr) { *out = first->value; picked = true; }
        else if (!typed.empty() && !bad) { *out = typed; picked = true; }
    }
    if (picked) ImGui::CloseCurrentPopup();
    ImGui::EndCombo();
    return picked && *out != current;
}

const char* const time_zones[] = {
    "Europe/Kaliningrad", "Europe/Moscow",     "Europe/Samara",     "Asia/Yekaterinburg", "Asia/Omsk",
    "Asia/Novosibirsk",   "Asia/Krasnoyarsk",  "Asia/Irkutsk",      "Asia/Yakutsk",       "Asia/Vladivostok",
    "Asia/Magadan",       "Asia/Kamchatka",    "Europe/Minsk",      "Europe/Kyiv",        "Asia/Almaty",
    "Asia/Tashkent",      "Asia/Bishkek",      "Asia/Tbilisi",      "Asia/Yerevan",       "Asia/Baku",
    "Europe/London",      "Europe/Berlin",     "Europe/Paris",      "Europe/Madrid",      "Europe/Rome",
    "Europe/Warsaw",      "Europe/Istanbul",   "Asia/Dubai",        "Asia/Kolkata",       "Asia/Bangkok",
    "Asia/Shanghai",      "Asia/Singapore",    "Asia/Tokyo",        "Australia/Sydney",   "America/New_York",
    "America/Chicago",    "America/Denver",    "America/Los_Angeles", "America/Mexico_City", "America/Sao_Paulo",
    "UTC"};

const char* const languages[] = {"ru", "en", "uk", "be", "kk", "uz", "ky", "tg", "hy", "ka", "az", "tt",
                                 "de", "fr", "es", "it", "pt", "pl", "cs", "nl", "sv", "fi", "tr", "ar",
                                 "he", "fa", "hi", "zh", "ja", "ko"};

void time_zone_row(view& v, const cc::client& c) {
    std::string label = label_of(v, "time_zone");
    row(label.c_str());
    std::vector<option> opts;
    for (const char* z : time_zones)
        if (!cc::check_time_zone(z)) opts.push_back({z, z});  // offer only what the core accepts
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
    o.check = url_check("avatar_url");
    o.width = room(can_open ? icon_w(ICON_EXTERNAL_LINK) : 0);
    o.same_line = [&] {
        if (!can_open) return;
        ImGui::SameLine();
        if (icon_button(ICON_EXTERNAL_LINK, v.t("action.open"), "open_avatar"))
            v.send(cc::link_requested{c.avatar_url});
    };
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
    if (g_stacked) {
        // "Note ........ 123/1000" on one line above the box.
        muted_label(label.c_str());
        ImGui::SameLine(ImGui::GetContentRegionMax().x - ImGui::CalcTextSize(count).x);
        text_colored(count_col, count, "status");
    } else {
        // The counter goes under the label, where the left column has room.
        ImGui::AlignTextToFramePadding();
        muted_label(label.c_str());
        text_colored(count_col, count, "status");
        ImGui::TableSetColumnIndex(1);
    }
    field_opts o;
    o.multiline = true;
    o.check = text_check("note");
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
    text_row(v, c, "nickname", c.nickname, text_check("nickname"));
    avatar_row(v, c);
    gender_row(v, c);
    text_row(v, c, "company", c.company, text_check("company"));
    text_row(v, c, "position", c.position, text_check("position"));
    note_row(v, c);
    flag_row(v, c, "spammer", c.spammer);
    flag_row(v, c, "vip", c.vip);
    ImGui::EndTable();
}

//-----------------------------------------------------------------------------
// [SECTION] Location
//-----------------------------------------------------------------------------

void location(view& v, const cc::client& c) {
    if (!begin_section(v, "section.location", "location")) return;
    text_row(v, c, "country", c.country, text_check("country"));
    text_row(v, c, "city", c.city, text_check("city"));
    time_zone_row(v, c);
    language_row(v, c);
    ImGui::EndTable();
}

//-----------------------------------------------------------------------------
// [SECTION] Contacts (phones, emails, sites, social profiles, channels, addresses)
//-----------------------------------------------------------------------------

// The kind combo of a list row: room for "Мобильный", less in a narrow pane.
float kind_width() {
    float w = ImGui::GetContentRegionAvail().x * 0.36f;
    return w < 8.0f * em() ? w : 8.0f * em();
}

// A kind combo at the start of a list row; returns the picked value or "".
std::string kind_combo(view& v, const char* prefix, std::initializer_list<const char*> known,
                       const std::string& current, const std::string& label, const char* id) {
    choices ch = make_choices(v, prefix, known, current);
    int picked = combo(label, id, ch.shown, ch.index(current), kind_width());
    ImGui::SameLine();
    return picked >= 0 && ch.values[static_cast<std::size_t>(picked)] != current
               ? ch.values[static_cast<std::size_t>(picked)]
               : std::string();
}

// The "+ Add ..." line under a list: an optional kind combo, a box, an Add button.
struct add_spec {
    const char* list;
    const char* hint_key;
    const char* value_field;                       // the element field the box fills
    const char* kind_field = nullptr;              // the element field the combo sets
    const char* kind_prefix = nullptr;
    std::initializer_list<const char*> kinds = {};
    validator check;
};

void add_row(view& v, const cc::client& c, const add_spec& a) {
    ImGui::PushID("new");
    std::string kind;
    if (a.kind_field) {
        int& ix = v.s.new_item_kind[a.list];
        choices ch = make_choices(v, a.kind_prefix, a.kinds, "");
        if (ix < 0 || ix >= static_cast<int>(ch.values.size())) ix = 0;
        std::string label = std::string(v.t(a.hint_key)) + ": " + v.t("field.type");
        int picked = combo(label, "kind", ch.shown, ix, kind_width());
        if (picked >= 0) ix = picked;
        kind = ch.values[static_cast<std::size_t>(ix)];
        ImGui::SameLine();
    }
    const std::string key = std::string("new/") + a.list;
    bool add_clicked = false;
    field_opts o;
    o.hint = v.t(a.hint_key);
    o.commit_on_blur = false;
    o.check = a.check;
    o.width = room(button_w(v.t("action.add")));
    o.same_line = [&] {
        ImGui::SameLine();
        add_clicked = button(v.t("action.add"), "add");
    };
    std::string value;
    bool commit = draft_field(v, key, v.t(a.hint_key), "", &value, o);
    if (!commit && add_clicked) commit = commit_draft(v, key, "", a.check, &value);
    if (commit && !cc::trim(value).empty()) {
        cc::json item = cc::json::object();
        item[a.value_field] = cc::trim(value);
        if (a.kind_field) item[a.kind_field] = kind;
        item_add(v, c, a.list, std::move(item), key);
    }
    ImGui::PopID();
}

void phones(view& v, const cc::client& c) {
    std::string label = label_of(v, "phones");
    row(label.c_str());
    const std::string number_label = v.t("field.phone");
    for (const cc::phone& p : c.phones) {
        ImGui::PushID(p.id.c_str());
        std::string type = kind_combo(v, "phone_type.", phone_types, cc::to_string(p.type),
                                      number_label + ": " + v.t("field.type"), "type");
        if (!type.empty()) item_update(v, c, "phones", p.id, cc::json{{"type", type}}, item_key("phones", p.id, "type"));
        const std::string url = p.e164.empty() ? "" : "tel:" + p.e164;
        field_opts o;
        o.check = [](std::string_view s) { return cc::check_phone(s); };
        o.width = room((url.empty() ? 0 : icon_w(ICON_PHONE)) + icon_w(ICON_TRASH));
        o.same_line = [&] {
            if (!url.empty()) {
                ImGui::SameLine();
                if (icon_button(ICON_PHONE, v.t("action.call"), "call")) v.send(cc::link_requested{url});
            }
            ImGui::SameLine();
            if (icon_button(ICON_TRASH, v.t("phones.remove"), "remove")) item_remove(v, c, "phones", p.id);
        };
        std::string value;
        const std::string key = item_key("phones", p.id, "raw");
        if (draft_field(v, key, number_label, p.raw, &value, o))
            item_update(v, c, "phones", p.id, cc::json{{"raw", value}}, key);
        // What the core made of it: the normalised number and the extension kept apart.
        // Shown only when it reads differently from what was typed.
        std::string norm = p.e164.empty() ? "" : cc::format_phone(p.e164);
        if (!p.extension.empty()) norm += (norm.empty() ? "" : "  ") + std::string(v.t("phone.ext")) + " " + p.extension;
        if (!norm.empty() && norm != p.raw) text_colored(col::muted(), norm);
        refusal_at(v, item_key("phones", p.id, "type"), number_label);
        refusal_at(v, std::string("phones/") + p.id, number_label);
        ImGui::PopID();
    }
    add_row(v, c, {"phones", "phones.add_hint", "raw", "type", "phone_type.", phone_types,
                   [](std::string_view s) { return cc::check_phone(s); }});
}

void emails(view& v, const cc::client& c) {
    std::string label = label_of(v, "emails");
    row(label.c_str());
    const std::string one = v.t("field.email");
    for (const cc::email& e : c.emails) {
        ImGui::PushID(e.id.c_str());
        const std::string url = "mailto:" + e.address;
        field_opts o;
        o.check = [](std::string_view s) { return cc::check_email(s); };
        o.width = room(icon_w(ICON_ENVELOPE) + icon_w(ICON_TRASH));
        o.same_line = [&] {
            ImGui::SameLine();
            if (icon_button(ICON_ENVELOPE, v.t("action.write"), "write") && cc::link_allowed(url))
                v.send(cc::link_requested{url});
            ImGui::SameLine();
            if (icon_button(ICON_TRASH, v.t("emails.remove"), "remove")) item_remove(v, c, "emails", e.id);
        };
        std::string value;
        const std::string key = item_key("emails", e.id, "address");
        if (draft_field(v, key, one, e.address, &value, o))
            item_update(v, c, "emails", e.id, cc::json{{"address", value}}, key);
        refusal_at(v, std::string("emails/") + e.id, one);
        ImGui::PopID();
    }
    add_row(v, c, {"emails", "emails.add_hint", "address", nullptr, nullptr, {},
                   [](std::string_view s) { return cc::check_email(cc::trim(s)); }});
}

// One URL per element with an "open" button: sites and social profiles.
void url_field(view& v, const cc::client& c, const char* list, const std::string& id, const std::string& url,
               const std::string& label, const char* remove_key) {
    const bool can_open = cc::link_allowed(url) && !url.empty();
    field_opts o;
    o.check = [list](std::string_view s) { return cc::check_url(list, s); };
    o.width = room((can_open ? icon_w(ICON_EXTERNAL_LINK) : 0) + icon_w(ICON_TRASH));
    o.same_line = [&] {
        if (can_open) {
            ImGui::SameLine();
            if (icon_button(ICON_EXTERNAL_LINK, v.t("action.open"), "open")) v.send(cc::link_requested{url});
        }
        ImGui::SameLine();
        if (icon_button(ICON_TRASH, v.t(remove_key), "remove")) item_remove(v, c, list, id);
    };
    std::string value;
    const std::string key = item_key(list, id, "url");
    if (draft_field(v, key, label, url, &value, o)) item_update(v, c, list, id, cc::json{{"url", value}}, key);
    refusal_at(v, std::string(list) + "/" + id, label);
}

void sites(view& v, const cc::client& c) {
    std::string label = label_of(v, "sites");
    row(label.c_str());
    const std::string one = v.t("field.site");
    for (const cc::site& s : c.sites) {
        ImGui::PushID(s.id.c_str());
        url_field(v, c, "sites", s.id, s.url, one, "sites.remove");
        ImGui::PopID();
    }
    add_row(v, c, {"sites", "sites.add_hint", "url", nullptr, nullptr, {},
                   [](std::string_view s) { return cc::check_url("sites", cc::trim(s)); }});
}

void socials(view& v, const cc::client& c) {
    std::string label = label_of(v, "socials");
    row(label.c_str());
    const std::string one = v.t("field.social");
    for (const cc::social_profile& p : c.socials) {
        ImGui::PushID(p.id.c_str());
        std::string net = kind_combo(v, "kind.", networks, p.network, one + ": " + v.t("field.network"), "network");
        if (!net.empty())
            item_update(v, c, "socials", p.id, cc::json{{"network", net}}, item_key("socials", p.id, "network"));
        url_field(v, c, "socials", p.id, p.url, one, "socials.remove");
        refusal_at(v, item_key("socials", p.id, "network"), one);
        ImGui::PopID();
    }
    add_row(v, c, {"socials", "socials.add_hint", "url", "network", "kind.", networks,
                   [](std::string_view s) { return cc::check_url("socials", cc::trim(s)); }});
}

void channels(view& v, const cc::client& c) {
    std::string label = label_of(v, "channels");
    row(label.c_str());
    const std::string one = v.t("field.channel");
    const char* archived = v.t("channel.archived");
    for (const cc::channel& ch : c.channels) {
        ImGui::PushID(ch.id.c_str());
        std::string kind = kind_combo(v, "kind.", channel_kinds, ch.kind, one + ": " + v.t("field.type"), "kind");
        if (!kind.empty())
            item_update(v, c, "channels", ch.id, cc::json{{"kind", kind}}, item_key("channels", ch.id, "kind"));
        const std::string url = channel_url(ch);
        const float box = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x;
        field_opts o;
        o.check = text_check("channels");
        o.hint = v.t("channel.id_hint");
        o.width = room(button_w(archived) + box + (url.empty() ? 0 : icon_w(ICON_EXTERNAL_LINK)) + icon_w(ICON_TRASH));
        o.same_line = [&] {
            ImGui::SameLine();
            if (checkbox(archived, ch.archived, "archived"))
                item_update(v, c, "channels", ch.id, cc::json{{"archived", !ch.archived}},
                            item_key("channels", ch.id, "archived"));
            if (!url.empty()) {
                // Leeloo's "Open chat": the messenger's own page for this contact.
                ImGui::SameLine();
                if (icon_button(ICON_EXTERNAL_LINK, v.t("action.open_chat"), "open")) v.send(cc::link_requested{url});
            }
            ImGui::SameLine();
            if (icon_button(ICON_TRASH, v.t("channels.remove"), "remove")) item_remove(v, c, "channels", ch.id);
        };
        std::string value;
        const std::string key = item_key("channels", ch.id, "external_id");
        if (draft_field(v, key, one, ch.external_id, &value, o))
            item_update(v, c, "channels", ch.id, cc::json{{"external_id", value}}, key);
        refusal_at(v, item_key("channels", ch.id, "kind"), one);
        refusal_at(v, item_key("channels", ch.id, "archived"), one);
        refusal_at(v, std::string("channels/") + ch.id, one);
        ImGui::PopID();
    }
    add_row(v, c, {"channels", "channels.add_hint", "external_id", "kind", "kind.", channel_kinds,
                   text_check("channels")});
}

void addresses(view& v, const cc::client& c) {
    std::string label = label_of(v, "addresses");
    row(label.c_str());
    const std::string one = v.t("field.address");
    for (const cc::address& a : c.addresses) {
        ImGui::PushID(a.id.c_str());
        std::string type = kind_combo(v, "address_type.", address_types, cc::to_string(a.type),
                                      one + ": " + v.t("field.type"), "type");
        if (!type.empty())
            item_update(v, c, "addresses", a.id, cc::json{{"type", type}}, item_key("addresses", a.id, "type"));
        field_opts o;
        o.check = text_check("addresses");
        o.width = room(icon_w(ICON_TRASH));
        o.same_line = [&] {
            ImGui::SameLine();
            if (icon_button(ICON_TRASH, v.t("addresses.remove"), "remove")) item_remove(v, c, "addresses", a.id);
        };
        std::string value;
        const std::string key = item_key("addresses", a.id, "text");
        if (draft_field(v, key, one, a.text, &value, o))
            item_update(v, c, "addresses", a.id, cc::json{{"text", value}}, key);
        refusal_at(v, item_key("addresses", a.id, "type"), one);
        refusal_at(v, std::string("addresses/") + a.id, one);
        ImGui::PopID();
    }
    add_row(v, c, {"addresses", "addresses.add_hint", "text", "type", "address_type.", address_types,
                   text_check("addresses")});
}

void contacts(view& v, const cc::client& c) {
    if (!begin_section(v, "section.contacts", "contacts")) return;
    phones(v, c);
    emails(v, c);
    sites(v, c);
    socials(v, c);
    channels(v, c);
    addresses(v, c);
    ImGui::EndTable();
}

//-----------------------------------------------------------------------------
// [SECTION] Other (external ids, tags, custom fields, times)
//-----------------------------------------------------------------------------

// Two boxes on one line, the first of fixed width (system/value, key/value).
struct pair_boxes {
    std::string left_key, right_key;
    std::string left_label, right_label;
    std::string left, right;               // current values
    validator left_check, right_check;
    const char* left_hint = nullptr;
    const char* right_hint = nullptr;
    bool form = false;                     // an add row: nothing commits by itself
};
struct pair_result { bool left = false, right = false, enter = false, button = false; std::string left_value, right_value; };

pair_result pair_row(view& v, const pair_boxes& p, const char* trailing_icon, const char* trailing_name,
                     const char* trailing_button) {
    pair_result r;
    field_opts lo;
    lo.width = 9.0f * em();
    lo.check = p.left_check;
    lo.hint = p.left_hint;
    if (p.form) lo.enter = &r.enter;
    lo.same_line = [&] {
        ImGui::SameLine();
        field_opts ro;
        ro.check = p.right_check;
        ro.hint = p.right_hint;
        if (p.form) ro.enter = &r.enter;
        ro.width = room(trailing_icon ? icon_w(trailing_icon) : button_w(trailing_button));
        ro.same_line = [&] {
            ImGui::SameLine();
            r.button = trailing_icon ? icon_button(trailing_icon, trailing_name, "trailing")
                                     : button(trailing_button, "trailing");
        };
        r.right = draft_field(v, p.right_key, p.right_label, p.right, &r.right_value, ro);
    };
    r.left = draft_field(v, p.left_key, p.left_label, p.left, &r.left_value, lo);
    return r;
}

void external_ids(view& v, const cc::client& c) {
    std::string label = label_of(v, "external_ids");
    row(label.c_str());
    const std::string sys = v.t("field.system"), val = v.t("field.value");
    for (const cc::external_id& x : c.external_ids) {
        ImGui::PushID(x.id.c_str());
        pair_boxes p{item_key("external_ids", x.id, "system"), item_key("external_ids", x.id, "value"), sys, val,
                     x.system, x.value, text_check("external_ids"), text_check("external_ids")};
        pair_result r = pair_row(v, p, ICON_TRASH, v.t("external_ids.remove"), nullptr);
        if (r.left) item_update(v, c, "external_ids", x.id, cc::json{{"system", r.left_value}}, p.left_key);
        if (r.right) item_update(v, c, "external_ids", x.id, cc::json{{"value", r.right_value}}, p.right_key);
        if (r.button) item_remove(v, c, "external_ids", x.id);
        refusal_at(v, std::string("external_ids/") + x.id, sys);
        ImGui::PopID();
    }
    ImGui::PushID("new");
    pair_boxes p{"new/external_ids/system", "new/external_ids/value", sys, val, "", "",
                 text_check("external_ids"), text_check("external_ids"), v.t("external_ids.system_hint"),
                 v.t("external_ids.value_hint"), true};
    pair_result r = pair_row(v, p, nullptr, nullptr, v.t("action.add"));
    if (r.enter || r.button) {
        std::string s = cc::trim(draft_or(v, p.left_key, "")), value = cc::trim(draft_or(v, p.right_key, ""));
        if (!s.empty() && !value.empty() && !cc::check_text("external_ids", s) && !cc::check_text("external_ids", value)) {
            item_add(v, c, "external_ids", cc::json{{"system", s}, {"value", value}}, "new/external_ids");
            v.s.drafts.erase(p.left_key);
            v.s.drafts.erase(p.right_key);
        } else {
            if (s.empty() || cc::check_text("external_ids", s)) v.s.tried.insert(p.left_key);
            if (value.empty() || cc::check_text("external_ids", value)) v.s.tried.insert(p.right_key);
        }
    }
    refusal_at(v, "new/external_ids", sys);
    ImGui::PopID();
}

std::optional<cc::error> check_key(std::string_view s) {
    std::string k = cc::trim(s);
    if (k.empty()) return cc::error{"err.custom_key_empty", "custom", ""};
    return cc::check_text("custom_key", k);
}

void custom_fields(view& v, const cc::client& c) {
    std::string label = label_of(v, "custom");
    row(label.c_str());
    const std::string name = v.t("custom.key"), value = v.t("custom.value");
    for (const auto& [k, val] : c.custom) {
        ImGui::PushID(k.c_str());
        const std::string old_key = k, old_value = val;
        pair_boxes p{"custom/" + k + "/key", "custom/" + k + "/value", name, value, k, val,
                     [&c, old_key](std::string_view s) -> std::optional<cc::error> {
                         if (auto e = check_key(s)) return e;
                         std::string t = cc::trim(s);
                         if (t != old_key && c.custom.count(t)) return cc::error{"err.key_duplicate", "custom", t};
                         return std::nullopt;
                     },
                     [](std::string_view s) { return cc::check_text("custom_value", s); }};
        pair_result r = pair_row(v, p, ICON_TRASH, v.t("custom.remove"), nullptr);
        if (r.left) {
            // Renaming is a new field with the same value and the old one removed.
            std::string nk = cc::trim(r.left_value);
            v.edit(c, "custom.set", cc::json{{"key", nk}, {"value", old_value}}, p.left_key);
            v.edit(c, "custom.remove", cc::json{{"key", old_key}}, p.left_key);
        }
        if (r.right) v.edit(c, "custom.set", cc::json{{"key", old_key}, {"value", r.right_value}}, p.right_key);
        if (r.button) v.edit(c, "custom.remove", cc::json{{"key", old_key}}, "custom/" + old_key);
        refusal_at(v, "custom/" + old_key, name);
        ImGui::PopID();
    }
    ImGui::PushID("new");
    pair_boxes p{"new/custom/key", "new/custom/value", name, value, "", "",
                 [&c](std::string_view s) -> std::optional<cc::error> {
                     if (auto e = check_key(s)) return e;
                     if (c.custom.count(cc::trim(s))) return cc::error{"err.key_duplicate", "custom", cc::trim(s)};
                     return std::nullopt;
                 },
                 [](std::string_view s) { return cc::check_text("custom_value", s); }, v.t("custom.key_hint"),
                 v.t("custom.value_hint"), true};
    pair_result r = pair_row(v, p, nullptr, nullptr, v.t("action.add"));
    if (r.enter || r.button) {
        std::string k = cc::trim(draft_or(v, p.left_key, "")), value_text = draft_or(v, p.right_key, "");
        bool key_bad = static_cast<bool>(p.left_check(k)), value_bad = static_cast<bool>(p.right_check(value_text));
        if (!key_bad && !value_bad) {
            v.edit(c, "custom.set", cc::json{{"key", k}, {"value", value_text}}, "new/custom");
            v.s.drafts.erase(p.left_key);
            v.s.drafts.erase(p.right_key);
            v.s.tried.erase(p.left_key);
            v.s.tried.erase(p.right_key);
        } else {
            if (key_bad) v.s.tried.insert(p.left_key);
            if (value_bad) v.s.tried.insert(p.right_key);
        }
    }
    refusal_at(v, "new/custom", name);
    ImGui::PopID();
}

void read_only_row(view& v, const char* field, const std::string& value) {
    std::string label = label_of(v, field);
    row(label.c_str());
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(value.c_str(), value.c_str() + value.size());
    sem_item_raw("text", label, value);
}

void other(view& v, const cc::client& c) {
    if (!begin_section(v, "section.other", "other")) return;
    external_ids(v, c);
    std::string tags = label_of(v, "tags");
    row(tags.c_str());
    draw_tags(v, c, "details");
    custom_fields(v, c);
    read_only_row(v, "created_at", format_time_utc(c.created_at));
    read_only_row(v, "updated_at", format_time_utc(c.updated_at));
    read_only_row(v, "id", c.id);
    ImGui::EndTable();
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
    // The server refuses deletion to managers (err.forbidden); the card mirrors the role rather
    // than offer a button that can only fail later.
    if (v.m.user_role == "manager") {
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

//-----------------------------------------------------------------------------
// [SECTION] draw_details
//-----------------------------------------------------------------------------

void draw_details(view& v, const cc::client& c) {
    g_stacked = ImGui::GetContentRegionAvail().x < 30.0f * em();
    main_fields(v, c);
    location(v, c);
    contacts(v, c);
    other(v, c);
    delete_client(v, c);
}

}  // namespace ui
