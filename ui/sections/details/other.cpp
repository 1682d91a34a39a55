// other.cpp — the Details section's "Other" block: external ids, tags, custom fields, and the
// client's times and id.
//
// Index of this file:
// [SECTION] Other (external ids, tags, custom fields, times)

#include <imgui.h>

#include "ui/icons.hpp"
#include "ui/sections/details/details.hpp"
#include "ui/semantic.hpp"

namespace ui::details {

namespace {

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
    const auto right_box = [&] {
        ImGui::SameLine();
        field_opts ro;
        ro.check = p.right_check;
        ro.hint = p.right_hint;
        if (p.form) ro.enter = &r.enter;
        ro.width = room(trailing_icon ? icon_w(trailing_icon) : button_w(trailing_button));
        const auto trailing = [&] {
            ImGui::SameLine();
            r.button = trailing_icon ? icon_button(trailing_icon, trailing_name, "trailing")
                                     : button(trailing_button, "trailing");
        };
        ro.same_line = trailing;
        r.right = draft_field(v, p.right_key, p.right_label, p.right, &r.right_value, ro);
    };
    lo.same_line = right_box;
    r.left = draft_field(v, p.left_key, p.left_label, p.left, &r.left_value, lo);
    return r;
}

void external_ids(view& v, const cc::client& c) {
    std::string label = label_of(v, "external_ids");
    row(label.c_str());
    const std::string sys = v.t("field.system"), val = v.t("field.value");
    const auto check = text_check("external_ids");
    for (const cc::external_id& x : c.external_ids) {
        ImGui::PushID(x.id.c_str());
        pair_boxes p{item_key("external_ids", x.id, "system"), item_key("external_ids", x.id, "value"), sys, val,
                     x.system, x.value, check, check};
        pair_result r = pair_row(v, p, ICON_TRASH, v.t("external_ids.remove"), nullptr);
        if (r.left) item_set(v, c, "external_ids", x.id, "system", r.left_value);
        if (r.right) item_set(v, c, "external_ids", x.id, "value", r.right_value);
        if (r.button) item_remove(v, c, "external_ids", x.id);
        refusal_at(v, std::string("external_ids/") + x.id, sys);
        ImGui::PopID();
    }
    ImGui::PushID("new");
    pair_boxes p{"new/external_ids/system", "new/external_ids/value", sys, val, "", "",
                 check, check, v.t("external_ids.system_hint"),
                 v.t("external_ids.value_hint"), true};
    pair_result r = pair_row(v, p, nullptr, nullptr, v.t("action.add"));
    if (r.enter || r.button) {
        std::string s = cc::trim(draft_or(v, p.left_key, "")), value = cc::trim(draft_or(v, p.right_key, ""));
        if (!s.empty() && !value.empty() && !cc::check_text("external_ids", s) && !cc::check_text("external_ids", value)) {
            item_add(v, c, "external_ids", payload({{"system", s}, {"value", value}}), "new/external_ids");
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
        const auto key_check = [&c, &old_key](std::string_view s) -> std::optional<cc::error> {
            if (auto e = check_key(s)) return e;
            std::string t = cc::trim(s);
            if (t != old_key && c.custom.count(t)) return cc::error{"err.key_duplicate", "custom", t};
            return std::nullopt;
        };
        pair_boxes p{"custom/" + k + "/key", "custom/" + k + "/value", name, value, k, val, key_check,
                     [](std::string_view s) { return cc::check_text("custom_value", s); }};
        pair_result r = pair_row(v, p, ICON_TRASH, v.t("custom.remove"), nullptr);
        if (r.left) {
            // Renaming is a new field with the same value and the old one removed.
            std::string nk = cc::trim(r.left_value);
            v.edit(c, "custom.set", payload({{"key", nk}, {"value", old_value}}), p.left_key);
            v.edit(c, "custom.remove", payload({{"key", old_key}}), p.left_key);
        }
        if (r.right) v.edit(c, "custom.set", payload({{"key", old_key}, {"value", r.right_value}}), p.right_key);
        if (r.button) v.edit(c, "custom.remove", payload({{"key", old_key}}), "custom/" + old_key);
        refusal_at(v, "custom/" + old_key, name);
        ImGui::PopID();
    }
    ImGui::PushID("new");
    const auto new_key_check = [&c](std::string_view s) -> std::optional<cc::error> {
        if (auto e = check_key(s)) return e;
        if (c.custom.count(cc::trim(s))) return cc::error{"err.key_duplicate", "custom", cc::trim(s)};
        return std::nullopt;
    };
    pair_boxes p{"new/custom/key", "new/custom/value", name, value, "", "", new_key_check,
                 [](std::string_view s) { return cc::check_text("custom_value", s); }, v.t("custom.key_hint"),
                 v.t("custom.value_hint"), true};
    pair_result r = pair_row(v, p, nullptr, nullptr, v.t("action.add"));
    if (r.enter || r.button) {
        std::string k = cc::trim(draft_or(v, p.left_key, "")), value_text = draft_or(v, p.right_key, "");
        bool key_bad = static_cast<bool>(p.left_check(k)), value_bad = static_cast<bool>(p.right_check(value_text));
        if (!key_bad && !value_bad) {
            v.edit(c, "custom.set", payload({{"key", k}, {"value", value_text}}), "new/custom");
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

}  // namespace

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
    rows_end();
}

}  // namespace ui::details
