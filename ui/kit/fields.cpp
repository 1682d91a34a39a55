// fields.cpp — field rows drawn from the schema (see fields.hpp).
//
// Index of this file:
// [SECTION] Words
// [SECTION] Reading and writing a form's text
// [SECTION] Inputs
// [SECTION] Collecting a payload
// [SECTION] Small forms

#include "ui/kit/fields.hpp"

#include <algorithm>
#include <cfloat>
#include <cstdio>
#include <set>

#include <imgui.h>
#include <misc/cpp/imgui_stdlib.h>

#include "core/money.hpp"
#include "core/text.hpp"
#include "core/validate.hpp"
#include "ui/clock.hpp"
#include "ui/icons.hpp"
#include "ui/kit/rows.hpp"
#include "ui/kit/time.hpp"
#include "ui/semantic.hpp"
#include "ui/widgets.hpp"

namespace ui {

//-----------------------------------------------------------------------------
// [SECTION] Words
//-----------------------------------------------------------------------------

std::string field_name(const view& v, std::string_view kind, std::string_view field) {
    std::string key = std::string(kind) + "." + std::string(field);
    return tr_has(key) ? std::string(v.t(key)) : std::string(field);
}

std::string enum_word(const view& v, std::string_view kind, std::string_view field, std::string_view value) {
    std::string key = std::string(kind) + "." + std::string(field) + "." + std::string(value);
    return tr_has(key) ? std::string(v.t(key)) : std::string(value);
}

std::string money_text(const view& v, std::int64_t minor, std::string_view currency) {
    return cc::format_money(minor, currency, v.m.lang);
}

std::string size_words(const view& v, std::int64_t bytes) {
    if (bytes < 1024) return tr_num(v.m.lang, "file.size.b", bytes < 0 ? 0 : bytes);
    const bool mb = bytes >= 1024 * 1024;
    const double n = static_cast<double>(bytes) / (mb ? 1024.0 * 1024.0 : 1024.0);
    char buf[32];
    std::snprintf(buf, sizeof buf, n < 10 ? "%.1f" : "%.0f", n);
    return tr_fill(v.m.lang, mb ? "file.size.mb" : "file.size.kb", {{"{n}", buf}});
}

//-----------------------------------------------------------------------------
// [SECTION] Reading and writing a form's text
//-----------------------------------------------------------------------------

namespace {

const std::string& text_of(const form_state& f, const std::string& key) {
    static const std::string none;
    auto it = f.text.find(key);
    return it == f.text.end() ? none : it->second;
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

std::optional<std::int64_t> parse_int(std::string_view s) {
    s = s.substr(0, s.find_last_not_of(' ') + 1);
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    if (s.empty() || s.size() > 18) return std::nullopt;
    bool neg = s.front() == '-';
    if (neg) s.remove_prefix(1);
    if (s.empty()) return std::nullopt;
    std::int64_t n = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        n = n * 10 + (c - '0');
    }
    return neg ? -n : n;
}

cc::error unreadable(const char* code, const cc::field_def& d) { return cc::error{code, d.key, ""}; }

// A datetime input has minutes: a stored instant with seconds reads back as the same minute.
bool same_value(const cc::field_def& d, const cc::json& typed, const cc::json& stored) {
    if (d.type == cc::field_type::datetime && typed.is_number_integer() && stored.is_number_integer()) {
        const auto a = typed.get<std::int64_t>(), b = stored.get<std::int64_t>();
        return a / 60000 == b / 60000 && (a < 0) == (b < 0);
    }
    return typed == stored;
}

}  // namespace

void form_put(form_state& f, const cc::field_def& d, const cc::json& value, std::string_view zone) {
    const std::string& k = d.key;
    if (value.is_null()) {
        f.text.erase(k);
        f.text.erase(k + "#date");
        f.text.erase(k + "#time");
        return;
    }
    switch (d.type) {
        case cc::field_type::datetime:
            if (value.is_number_integer()) {
                const local_time t = to_local(value.get<std::int64_t>(), zone);
                f.text[k + "#date"] = date_iso(t.day);
                f.text[k + "#time"] = time_hm(t.minute);
            }
            return;
        case cc::field_type::boolean: f.text[k] = value.is_boolean() && value.get<bool>() ? "true" : "false"; return;
        case cc::field_type::number: f.text[k] = value.is_number_integer() ? std::to_string(value.get<std::int64_t>()) : ""; return;
        case cc::field_type::money: {
            // In the form's currency (its "currency" field), as a person would type it: "1200.50".
            if (value.is_number_integer()) f.text[k] = cc::plain_amount(value.get<std::int64_t>(), text_of(f, "currency"), true);
            return;
        }
        case cc::field_type::number_list: {
            std::string s;
            if (value.is_array())
                for (const auto& x : value)
                    if (x.is_number_integer()) s += (s.empty() ? "" : ",") + std::to_string(x.get<std::int64_t>());
            f.text[k] = s;
            return;
        }
        case cc::field_type::file:
        case cc::field_type::file_list:
        case cc::field_type::line_items: return;  // not edited in forms
        default: f.text[k] = value.is_string() ? value.get<std::string>() : std::string(); return;
    }
}

void form_load(form_state& f, const cc::kind_def& k, const cc::json& fields, std::string_view zone) {
    // The currency first: an amount is shown in its currency's decimals.
    for (int pass = 0; pass < 2; ++pass)
        for (const cc::field_def& d : k.fields) {
            if ((d.type == cc::field_type::currency) != (pass == 0)) continue;
            auto it = fields.find(d.key);
            if (it != fields.end()) form_put(f, d, *it, zone);
        }
}

form_read form_value(const form_state& f, const cc::field_def& d, std::string_view zone) {
    const std::string& s = text_of(f, d.key);
    switch (d.type) {
        case cc::field_type::text:
        case cc::field_type::phone:
        case cc::field_type::url:
        case cc::field_type::reference:
        case cc::field_type::time_zone:
            if (blank(s)) return {nullptr, std::nullopt};
            return {cc::trim(s), std::nullopt};
        case cc::field_type::long_text:
        case cc::field_type::enumeration:
        case cc::field_type::currency:
            if (blank(s)) return {nullptr, std::nullopt};
            return {s, std::nullopt};
        case cc::field_type::date: {
            if (blank(s)) return {nullptr, std::nullopt};
            auto day = parse_date(s);
            if (!day) return {nullptr, unreadable("err.date_invalid", d)};
            return {date_iso(*day), std::nullopt};
        }
        case cc::field_type::datetime: {
            const std::string& ds = text_of(f, d.key + "#date");
            const std::string& ts = text_of(f, d.key + "#time");
            if (blank(ds) && blank(ts)) return {nullptr, std::nullopt};
            auto day = parse_date(ds);
            if (!day) return {nullptr, unreadable("err.date_invalid", d)};
            auto minute = parse_time(ts);
            if (!minute) return {nullptr, unreadable("err.time_invalid", d)};
            return {from_local(*day, *minute, zone), std::nullopt};
        }
        case cc::field_type::boolean:
            if (s.empty()) return {nullptr, std::nullopt};
            return {s == "true", std::nullopt};
        case cc::field_type::number: {
            if (blank(s)) return {nullptr, std::nullopt};
            auto n = parse_int(s);
            if (!n) return {nullptr, unreadable("err.number_invalid", d)};
            return {*n, std::nullopt};
        }
        case cc::field_type::money: {
            // "1 200,50", "1,200.50", "1200": read in the form's currency.
            if (blank(s)) return {nullptr, std::nullopt};
            auto n = cc::parse_money(s, text_of(f, "currency"));
            if (!n) return {nullptr, unreadable("err.money_invalid", d)};
            return {*n, std::nullopt};
        }
        case cc::field_type::number_list: {
            cc::json list = cc::json::array();
            std::size_t from = 0;
            while (from <= s.size()) {
                const std::size_t comma = std::min(s.find(',', from), s.size());
                const std::string_view part(s.data() + from, comma - from);
                if (!blank(part)) {
                    auto n = parse_int(part);
                    if (!n) return {nullptr, unreadable("err.number_invalid", d)};
                    list.push_back(*n);
                }
                from = comma + 1;
            }
            if (list.empty()) return {nullptr, std::nullopt};
            return {list, std::nullopt};
        }
        case cc::field_type::file:
        case cc::field_type::file_list:
        case cc::field_type::line_items: return {nullptr, std::nullopt};  // built by their section
    }
    return {nullptr, std::nullopt};
}

std::optional<cc::error> form_field_error(const form_state& f, const cc::field_def& d, std::string_view zone) {
    form_read r = form_value(f, d, zone);
    if (r.error) return r.error;
    if (!(r.value.is_null() && !d.fallback.is_null()))
        if (auto e = cc::check_value(d, r.value)) return e;
    if (auto it = f.errors.find(d.key); it != f.errors.end()) return it->second;
    return std::nullopt;
}

//-----------------------------------------------------------------------------
// [SECTION] Inputs
//-----------------------------------------------------------------------------

namespace {

// A text box bound to the form's text for `key`; true when edited. *active: it has the keyboard.
bool text_box(view& v, form_state& f, const std::string& focus_name, const std::string& key,
              std::string_view label, const char* hint, float width, int lines, bool* active) {
    std::string& buf = f.text[key];
    const std::string before = buf;
    if (!focus_name.empty() && v.s.focus_key == focus_name) {
        ImGui::SetKeyboardFocusHere();
        v.s.focus_key.clear();
    }
    ImGui::SetNextItemWidth(width > 0 ? width : -FLT_MIN);
    const std::string id = "##" + key;
    if (lines > 1) {
        const float h = ImGui::GetTextLineHeight() * static_cast<float>(lines) + ImGui::GetStyle().FramePadding.y * 2;
        ImGui::InputTextMultiline(id.c_str(), &buf, ImVec2(width > 0 ? width : -FLT_MIN, h));
    } else if (hint) {
        ImGui::InputTextWithHint(id.c_str(), hint, &buf);
    } else {
        ImGui::InputText(id.c_str(), &buf);
    }
    *active = *active || ImGui::IsItemActive();
    sem_item_raw("textbox", label, buf);
    const bool changed = buf != before;
    if (buf.empty() && before.empty()) f.text.erase(key);  // `buf` is gone from here on
    return changed;
}

bool enum_input(view& v, form_state& f, const cc::kind_def& k, const cc::field_def& d, std::string_view label,
                float width) {
    std::vector<std::string> values, shown;
    if (!d.required) {
        values.emplace_back();
        shown.emplace_back(v.t("combo.none"));
    }
    const std::string& current = text_of(f, d.key);
    for (const std::string& w : d.values) {
        values.push_back(w);
        shown.push_back(enum_word(v, k.name, d.key, w));
    }
    int cur = -1;
    for (std::size_t i = 0; i < values.size(); ++i)
        if (values[i] == current) cur = static_cast<int>(i);
    const int picked = combo(label, d.key, shown, cur, width);
    if (picked < 0 || picked == cur) return false;
    if (values[static_cast<std::size_t>(picked)].empty()) f.text.erase(d.key);
    else f.text[d.key] = values[static_cast<std::size_t>(picked)];
    return true;
}

void refusal_at_field(view& v, const form_state& f, const std::string& form_key, const cc::field_def& d,
                      std::string_view label) {
    if (!v.m.refused || v.m.refused->source != form_key || v.m.refused->why.field != d.key) return;
    // A money field's refusal that names an amount ("{detail} available") shows it as money in
    // the form's currency (a count when the form has none: coins).
    const cc::error& why = v.m.refused->why;
    std::string detail;
    if (d.type == cc::field_type::money && why.code == "err.overdraft" && !why.detail.empty() &&
        why.detail.find_first_not_of("-0123456789") == std::string::npos) {
        const std::string& currency = text_of(f, "currency");
        detail = currency.empty() ? why.detail : money_text(v, std::stoll(why.detail), currency);
    }
    refusal_at(v, form_key, label, detail);
}

}  // namespace

bool field_input(view& v, form_state& f, const std::string& form_key, const cc::kind_def& k, const cc::field_def& d,
                 const field_row_opts& o) {
    const std::string label = o.label.empty() ? field_name(v, k.name, d.key) : o.label;
    const std::string zone = v.zone();
    const std::string focus_name = form_key + "/" + d.key;
    ImGui::PushID(d.key.c_str());
    bool changed = false, active = false;
    switch (d.type) {
        case cc::field_type::enumeration: changed = enum_input(v, f, k, d, label, o.width); break;
        case cc::field_type::boolean: {
            const bool on = text_of(f, d.key) == "true";
            if (checkbox(label, on, d.key)) {
                f.text[d.key] = on ? "false" : "true";
                changed = true;
            }
            break;
        }
        case cc::field_type::reference: {
            std::string out;
            const std::string& cur = text_of(f, d.key);
            auto check = [&d](std::string_view s) { return cc::check_value(d, std::string(s)); };
            if (filter_combo(v, d.key.c_str(), label, cur, cur, o.people, check, &out, !d.required, o.width)) {
                f.text[d.key] = out;
                changed = true;
            }
            break;
        }
        case cc::field_type::time_zone: {
            std::vector<option> zones;
            for (const std::string& z : common_time_zones()) zones.push_back({z, z});
            std::string out;
            const std::string& cur = text_of(f, d.key);
            if (filter_combo(v, d.key.c_str(), label, cur, cur, zones,
                             [](std::string_view s) { return cc::check_time_zone(s); }, &out, !d.required, o.width)) {
                f.text[d.key] = out;
                changed = true;
            }
            if (!cur.empty() && !time_zone_known(cur)) text_colored(col::warn(), v.t("time.zone_unknown"), "status");
            break;
        }
        case cc::field_type::datetime: {
            // The date and the time as the viewer's clock shows them; stored as a UTC instant.
            const float date_w = ImGui::CalcTextSize("0000-00-00").x + ImGui::GetStyle().FramePadding.x * 2 + em();
            const float time_w = ImGui::CalcTextSize("00:00").x + ImGui::GetStyle().FramePadding.x * 2 + em();
            changed |= text_box(v, f, focus_name, d.key + "#date", tr_fill(v.m.lang, "form.date_of", {{"{field}", label}}),
                                "YYYY-MM-DD", date_w, 1, &active);
            ImGui::SameLine();
            changed |= text_box(v, f, "", d.key + "#time", tr_fill(v.m.lang, "form.time_of", {{"{field}", label}}),
                                "HH:MM", time_w, 1, &active);
            ImGui::SameLine();
            ImGui::AlignTextToFramePadding();
            text_colored(col::muted(), zone);
            break;
        }
        case cc::field_type::currency: {
            std::size_t count = 0;
            const cc::currency_info* all = cc::currencies(count);
            std::vector<option> codes;
            for (std::size_t i = 0; i < count; ++i) {
                const std::string code(all[i].code);
                codes.push_back({code, all[i].symbol.empty() ? code : code + " " + std::string(all[i].symbol)});
            }
            std::string out;
            const std::string& cur = text_of(f, d.key);
            auto check = [&d](std::string_view s) { return cc::check_value(d, std::string(s)); };
            const float w = o.width > 0 ? o.width : ImGui::CalcTextSize("MMM MMM").x + em() * 2.5f;
            if (filter_combo(v, d.key.c_str(), label, cur, cur, codes, check, &out, !d.required, w)) {
                f.text[d.key] = out;
                changed = true;
            }
            break;
        }
        case cc::field_type::date: {
            const float date_w = ImGui::CalcTextSize("0000-00-00").x + ImGui::GetStyle().FramePadding.x * 2 + em();
            changed = text_box(v, f, focus_name, d.key, label, "YYYY-MM-DD", o.width > 0 ? o.width : date_w, 1, &active);
            break;
        }
        case cc::field_type::long_text:
            changed = text_box(v, f, focus_name, d.key, label, o.hint, o.width, o.lines, &active);
            break;
        case cc::field_type::file:
        case cc::field_type::file_list: break;
        default: changed = text_box(v, f, focus_name, d.key, label, o.hint, o.width, 1, &active); break;
    }
    if (changed) {
        f.touched.insert(d.key);
        f.errors.erase(d.key);
    }
    // The message shows once the user left the field or pressed Save, not while typing.
    if (f.tried || (f.touched.count(d.key) && !active))
        if (auto e = form_field_error(f, d, zone)) alert(v.err(*e), label);
    refusal_at_field(v, f, form_key, d, label);
    ImGui::PopID();
    return changed;
}

bool field_row(view& v, form_state& f, const std::string& form_key, const cc::kind_def& k, const cc::field_def& d,
               const field_row_opts& o) {
    const std::string label = o.label.empty() ? field_name(v, k.name, d.key) : o.label;
    // A checkbox carries its own label.
    row(d.type == cc::field_type::boolean ? std::string_view() : std::string_view(label));
    field_row_opts with = o;
    with.label = label;
    return field_input(v, f, form_key, k, d, with);
}

void form_refusal(view& v, const std::string& form_key, const std::vector<std::string>& shown) {
    if (!v.m.refused || v.m.refused->source != form_key) return;
    if (std::find(shown.begin(), shown.end(), v.m.refused->why.field) != shown.end()) return;
    refusal_at(v, form_key, "");
}

//-----------------------------------------------------------------------------
// [SECTION] Collecting a payload
//-----------------------------------------------------------------------------

form_result form_collect(const form_state& f, const cc::kind_def& k, const std::vector<std::string>& keys,
                         std::string_view zone, const cc::record* before) {
    form_result r;
    cc::record after = before ? *before : cc::record{};
    after.kind = k.name;
    if (!before)
        for (const cc::field_def& d : k.fields)
            if (!d.fallback.is_null()) after.fields[d.key] = d.fallback;
    for (const std::string& key : keys) {
        const cc::field_def* d = k.field(key);
        if (!d) continue;
        form_read rd = form_value(f, *d, zone);
        if (rd.error) {
            r.errors[key] = *rd.error;
            continue;
        }
        const cc::json& value = rd.value;
        if (!before) {
            if (value.is_null()) {
                if (d->required && d->fallback.is_null()) r.errors[key] = cc::error{"err.required", key, ""};
                continue;
            }
        } else if (same_value(*d, value, before->get(key))) {
            continue;
        }
        if (auto e = cc::check_value(*d, value)) {
            r.errors[key] = *e;
            continue;
        }
        r.payload[key] = value;
        if (value.is_null()) after.fields.erase(key);
        else after.fields[key] = value;
    }
    if (r.errors.empty() && k.check)
        if (auto e = k.check(after)) r.errors[e->field.empty() && !keys.empty() ? keys.front() : e->field] = *e;
    return r;
}

bool form_accept(form_state& f, const form_result& r) {
    f.tried = true;
    f.errors = r.errors;
    return r.ok();
}

std::string utf8_prefix(std::string_view s, std::size_t max_chars) {
    std::size_t i = 0, n = 0;
    while (i < s.size() && n < max_chars) {
        ++i;
        while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
        ++n;
    }
    return std::string(s.substr(0, i));
}

// A reference to a record ("order:<op id>", a payment's order), not a person.
static bool names_record(const std::string& value) {
    const std::size_t colon = value.find(':');
    return colon != std::string::npos && cc::find_kind(value.substr(0, colon)) != nullptr;
}

std::vector<option> known_people(const view& v, const cc::client& c) {
    const std::string me = v.me();
    std::set<std::string> names;
    if (!v.m.user_name.empty()) names.insert(v.m.user_name);
    for (const cc::kind_def* k : cc::record_kinds()) {
        for (const cc::record* r : v.m.store.records_of(c.id, k->name)) {
            if (!r->created_by.empty()) names.insert(r->created_by);
            for (const cc::field_def& d : k->fields)
                if (d.type == cc::field_type::reference && r->get(d.key).is_string() && !names_record(r->text(d.key)))
                    names.insert(r->text(d.key));
        }
    }
    names.erase(me);
    names.erase("");
    std::vector<option> out{{me, me}};
    for (const std::string& n : names) out.push_back({n, n});
    return out;
}

bool settle_sent(view& v, const std::string& form_key) {
    auto it = v.s.forms.find(form_key);
    if (it == v.s.forms.end() || it->second.step != "sent") return false;
    if (v.m.refused && v.m.refused->source == form_key) {
        it->second.step.clear();
        return false;
    }
    v.s.forms.erase(it);
    return true;
}

//-----------------------------------------------------------------------------
// [SECTION] Small forms
//-----------------------------------------------------------------------------

form_state* form_open(view& v, const std::string& key) {
    if (settle_sent(v, key)) return nullptr;
    auto it = v.s.forms.find(key);
    return it == v.s.forms.end() || it->second.step == "sent" ? nullptr : &it->second;
}

form_state& record_form(view& v, const std::string& key, const cc::kind_def& k, const cc::record& r, bool* loaded) {
    settle_sent(v, key);
    form_state& f = v.s.forms[key];
    const bool load = f.touched.empty() && f.step.empty();
    if (load) {
        f = form_state{};
        form_load(f, k, r.fields, v.zone());
        f.record_id = r.id;
    }
    if (loaded) *loaded = load;
    return f;
}

void form_begin(form_state& f, const char* panel_id, std::string_view title) {
    panel_begin(panel_id);
    heading(title);
    if (f.scroll_to) {
        ImGui::SetScrollHereY(0.0f);
        f.scroll_to = false;
    }
}

form_press form_buttons(view& v, const std::string& key, const std::vector<std::string>& fields, bool shown,
                        const char* save_word) {
    form_press pressed = form_press::none;
    if (shown) {
        if (button(v.t(save_word), "save", ICON_CHECK)) pressed = form_press::save;
        ImGui::SameLine();
        if (button(v.t("action.cancel"), "cancel")) pressed = form_press::cancel;
    }
    form_refusal(v, key, fields);
    return pressed;
}

bool form_footer(view& v, const std::string& key, const std::vector<std::string>& fields, const char* save_word) {
    const form_press pressed = form_buttons(v, key, fields, true, save_word);
    panel_end();
    if (pressed == form_press::cancel) v.s.forms.erase(key);
    return pressed == form_press::save;
}

void form_send(view& v, const cc::client& c, const std::string& key, form_state& f, form_result r, std::string op,
               const cc::record* before) {
    if (!form_accept(f, r)) return;
    if (before && r.payload.empty()) {
        v.s.forms.erase(key);
        return;
    }
    if (before) v.edit_record(*before, std::move(op), std::move(r.payload), key);
    else v.create_record(c, std::move(op), std::move(r.payload), key);
    f.step = "sent";
}

}  // namespace ui
