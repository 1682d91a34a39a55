// contacts.cpp — the Details section's contacts: phones, emails, sites, social profiles,
// messenger channels, addresses. Each list changes element by element (item.add / item.update /
// item.remove), so edits of two devices to one list both survive (DESIGN §3).
//
// Index of this file:
// [SECTION] Contacts (phones, emails, sites, social profiles, channels, addresses)

#include <imgui.h>

#include "core/codec.hpp"
#include "core/phone.hpp"
#include "ui/icons.hpp"
#include "ui/sections/details/details.hpp"

namespace ui::details {

namespace {

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
    const auto trailing = [&] {
        ImGui::SameLine();
        add_clicked = button(v.t("action.add"), "add");
    };
    o.same_line = trailing;
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
        if (!type.empty()) item_set(v, c, "phones", p.id, "type", type);
        const std::string url = p.e164.empty() ? "" : "tel:" + p.e164;
        field_opts o;
        o.check = [](std::string_view s) { return cc::check_phone(s); };
        o.width = room((url.empty() ? 0 : icon_w(ICON_PHONE)) + icon_w(ICON_TRASH));
        const auto trailing = [&] {
            if (!url.empty()) {
                ImGui::SameLine();
                if (icon_button(ICON_PHONE, v.t("action.call"), "call")) v.send(cc::link_requested{url});
            }
            ImGui::SameLine();
            if (icon_button(ICON_TRASH, v.t("phones.remove"), "remove")) item_remove(v, c, "phones", p.id);
        };
        o.same_line = trailing;
        std::string value;
        const std::string key = item_key("phones", p.id, "raw");
        if (draft_field(v, key, number_label, p.raw, &value, o))
            item_set(v, c, "phones", p.id, "raw", value);
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
        const auto trailing = [&] {
            ImGui::SameLine();
            if (icon_button(ICON_ENVELOPE, v.t("action.write"), "write") && cc::link_allowed(url))
                v.send(cc::link_requested{url});
            ImGui::SameLine();
            if (icon_button(ICON_TRASH, v.t("emails.remove"), "remove")) item_remove(v, c, "emails", e.id);
        };
        o.same_line = trailing;
        std::string value;
        const std::string key = item_key("emails", e.id, "address");
        if (draft_field(v, key, one, e.address, &value, o))
            item_set(v, c, "emails", e.id, "address", value);
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
    const auto list_url_check = [list](std::string_view s) { return cc::check_url(list, s); };
    o.check = list_url_check;
    o.width = room((can_open ? icon_w(ICON_EXTERNAL_LINK) : 0) + icon_w(ICON_TRASH));
    const auto trailing = [&] {
        if (can_open) {
            ImGui::SameLine();
            if (icon_button(ICON_EXTERNAL_LINK, v.t("action.open"), "open")) v.send(cc::link_requested{url});
        }
        ImGui::SameLine();
        if (icon_button(ICON_TRASH, v.t(remove_key), "remove")) item_remove(v, c, list, id);
    };
    o.same_line = trailing;
    std::string value;
    const std::string key = item_key(list, id, "url");
    if (draft_field(v, key, label, url, &value, o)) item_set(v, c, list, id, "url", value);
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
            item_set(v, c, "socials", p.id, "network", net);
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
    const auto channel_check = text_check("channels");
    for (const cc::channel& ch : c.channels) {
        ImGui::PushID(ch.id.c_str());
        std::string kind = kind_combo(v, "kind.", channel_kinds, ch.kind, one + ": " + v.t("field.type"), "kind");
        if (!kind.empty())
            item_set(v, c, "channels", ch.id, "kind", kind);
        const std::string url = channel_url(ch);
        const float box = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x;
        field_opts o;
        o.check = channel_check;
        o.hint = v.t("channel.id_hint");
        o.width = room(button_w(archived) + box + (url.empty() ? 0 : icon_w(ICON_EXTERNAL_LINK)) + icon_w(ICON_TRASH));
        const auto trailing = [&] {
            ImGui::SameLine();
            if (checkbox(archived, ch.archived, "archived"))
                item_set(v, c, "channels", ch.id, "archived", !ch.archived);
            if (!url.empty()) {
                // Leeloo's "Open chat": the messenger's own page for this contact.
                ImGui::SameLine();
                if (icon_button(ICON_EXTERNAL_LINK, v.t("action.open_chat"), "open")) v.send(cc::link_requested{url});
            }
            ImGui::SameLine();
            if (icon_button(ICON_TRASH, v.t("channels.remove"), "remove")) item_remove(v, c, "channels", ch.id);
        };
        o.same_line = trailing;
        std::string value;
        const std::string key = item_key("channels", ch.id, "external_id");
        if (draft_field(v, key, one, ch.external_id, &value, o))
            item_set(v, c, "channels", ch.id, "external_id", value);
        refusal_at(v, item_key("channels", ch.id, "kind"), one);
        refusal_at(v, item_key("channels", ch.id, "archived"), one);
        refusal_at(v, std::string("channels/") + ch.id, one);
        ImGui::PopID();
    }
    add_row(v, c, {"channels", "channels.add_hint", "external_id", "kind", "kind.", channel_kinds,
                   channel_check});
}

void addresses(view& v, const cc::client& c) {
    std::string label = label_of(v, "addresses");
    row(label.c_str());
    const std::string one = v.t("field.address");
    const auto address_check = text_check("addresses");
    for (const cc::address& a : c.addresses) {
        ImGui::PushID(a.id.c_str());
        std::string type = kind_combo(v, "address_type.", address_types, cc::to_string(a.type),
                                      one + ": " + v.t("field.type"), "type");
        if (!type.empty())
            item_set(v, c, "addresses", a.id, "type", type);
        field_opts o;
        o.check = address_check;
        o.width = room(icon_w(ICON_TRASH));
        const auto trailing = [&] {
            ImGui::SameLine();
            if (icon_button(ICON_TRASH, v.t("addresses.remove"), "remove")) item_remove(v, c, "addresses", a.id);
        };
        o.same_line = trailing;
        std::string value;
        const std::string key = item_key("addresses", a.id, "text");
        if (draft_field(v, key, one, a.text, &value, o))
            item_set(v, c, "addresses", a.id, "text", value);
        refusal_at(v, item_key("addresses", a.id, "type"), one);
        refusal_at(v, std::string("addresses/") + a.id, one);
        ImGui::PopID();
    }
    add_row(v, c, {"addresses", "addresses.add_hint", "text", "type", "address_type.", address_types,
                   address_check});
}

}  // namespace

void contacts(view& v, const cc::client& c) {
    if (!begin_section(v, "section.contacts", "contacts")) return;
    phones(v, c);
    emails(v, c);
    sites(v, c);
    socials(v, c);
    channels(v, c);
    addresses(v, c);
    rows_end();
}

}  // namespace ui::details

