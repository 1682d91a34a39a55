// quick_card.cpp — the quick access card (Leeloo.ai): what a manager needs at a glance in a
// chat's side panel. Avatar, name, tags with "+ Add tag", gender, main phone and email as
// links, the pinned comment (1000 characters) and "+ Add information" for custom fields.
//
// Index of this file:
// [SECTION] Header (avatar, name, badges)
// [SECTION] Gender
// [SECTION] Contacts
// [SECTION] Comment
// [SECTION] Custom fields ("+ Add information")
// [SECTION] draw_quick_card

#include <cinttypes>
#include <cstdio>

#include <imgui.h>

#include "core/codec.hpp"
#include "core/phone.hpp"
#include "core/text.hpp"
#include "core/validate.hpp"
#include "ui/clock.hpp"
#include "ui/icons.hpp"
#include "ui/kit/time.hpp"
#include "ui/section.hpp"
#include "ui/semantic.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Header (avatar, name, badges)
//-----------------------------------------------------------------------------

// GetCourse shows the client's local time: the manager sees at a glance whether it is a good
// hour to call. "Client: 14:05 (Europe/Moscow) · You: 12:05"; nothing when the client has no zone.
void local_time_line(view& v, const cc::client& c) {
    if (c.time_zone.empty()) return;
    if (!time_zone_known(c.time_zone)) {
        text_colored(col::warn(), tr_fill(v.m.lang, "quick.zone_unknown", {{"{zone}", c.time_zone}}), "status");
        return;
    }
    const std::string theirs = time_hm(to_local(v.now(), c.time_zone).minute);
    const std::string mine = time_hm(to_local(v.now(), v.zone()).minute);
    ImGui::TextColored(col::muted(), "%s", ICON_CLOCK);
    ImGui::SameLine(0, 0.4f * em());
    text_colored(col::muted(), tr_fill(v.m.lang, "quick.local_time", {{"{client}", theirs}, {"{zone}", c.time_zone}, {"{me}", mine}}));
}

void header(view& v, const cc::client& c) {
    draw_avatar(c, 3.2f * em());
    ImGui::SameLine();
    ImGui::BeginGroup();
    std::string title = client_title(v, c);
    text_colored(c.name.empty() ? col::muted() : ImGui::GetStyleColorVec4(ImGuiCol_Text), title, "heading");
    if (c.vip) {
        ImGui::SameLine();
        ImGui::TextColored(col::warn(), ICON_STAR);
        ImGui::SameLine(0, 4);
        text_colored(col::warn(), v.t("field.vip"), "status");
    }
    if (c.spammer) {
        ImGui::SameLine();
        ImGui::TextColored(col::error(), ICON_BAN);
        ImGui::SameLine(0, 4);
        text_colored(col::error(), v.t("field.spammer"), "status");
    }
    // A muted line: @nickname · position, company.
    std::string sub;
    if (!c.nickname.empty()) sub = "@" + c.nickname;
    std::string job = c.position;
    if (!c.company.empty()) job += (job.empty() ? "" : ", ") + c.company;
    if (!job.empty()) sub += (sub.empty() ? "" : " · ") + job;
    if (!sub.empty()) text_colored(col::muted(), sub);
    local_time_line(v, c);
    ImGui::EndGroup();
}

//-----------------------------------------------------------------------------
// [SECTION] Gender
//-----------------------------------------------------------------------------

void gender_row(view& v, const cc::client& c) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(col::muted(), "%s", v.t("field.gender"));
    struct opt { cc::gender g; const char* icon; const char* key; };
    static const opt opts[] = {{cc::gender::male, ICON_MALE, "gender.male"},
                               {cc::gender::female, ICON_FEMALE, "gender.female"},
                               {cc::gender::unknown, nullptr, "gender.unknown"}};
    for (const opt& o : opts) {
        std::string label = o.icon ? std::string(o.icon) + " " + v.t(o.key) : std::string(v.t(o.key));
        same_line_if_fits(ImGui::CalcTextSize(label.c_str()).x + ImGui::GetStyle().FramePadding.x * 2);
        if (choice(label, c.gender == o.g, o.key, v.t(o.key)) && c.gender != o.g)
            v.set_field(c, "gender", cc::to_string(o.g), "quick/gender");
    }
    // Leeloo detects gender from the messenger; a hand-set value says so.
    if (c.gender != cc::gender::unknown) {
        const char* how = v.t(c.gender_set_by_hand ? "gender.by_hand" : "gender.detected");
        same_line_if_fits(ImGui::CalcTextSize(how).x);
        text_colored(col::muted(), how);
    }
    refusal_at(v, "quick/gender", v.t("field.gender"));
}

//-----------------------------------------------------------------------------
// [SECTION] Contacts
//-----------------------------------------------------------------------------

void contact_row(view& v, const char* icon, const char* empty_key, const std::string& shown, const std::string& url,
                 std::size_t more, const char* id) {
    ImGui::TextColored(col::muted(), "%s", icon);
    ImGui::SameLine();
    if (shown.empty()) {
        text_colored(col::muted(), v.t(empty_key));
        return;
    }
    if (link(shown, url, id)) v.send(cc::link_requested{url});
    if (more > 0) {
        ImGui::SameLine();
        text_colored(col::muted(), "+" + std::to_string(more));
    }
}

void contacts(view& v, const cc::client& c) {
    std::string phone_text, phone_url;
    if (!c.phones.empty()) {
        const cc::phone& p = c.phones.front();
        phone_text = p.e164.empty() ? p.raw : cc::format_phone(p.e164);
        if (!p.extension.empty()) phone_text += std::string(" ") + v.t("phone.ext") + " " + p.extension;
        if (!p.e164.empty()) phone_url = "tel:" + p.e164;
    }
    contact_row(v, ICON_PHONE, "quick.no_phone", phone_text, phone_url, c.phones.empty() ? 0 : c.phones.size() - 1,
                "phone");
    std::string email, email_url;
    if (!c.emails.empty()) {
        email = c.emails.front().address;
        email_url = "mailto:" + email;
    }
    contact_row(v, ICON_ENVELOPE, "quick.no_email", email, email_url, c.emails.empty() ? 0 : c.emails.size() - 1,
                "email");
    // Leeloo's "Open chat": the first live messenger channel that has a web address.
    for (const cc::channel& ch : c.channels) {
        if (ch.archived) continue;
        std::string url = channel_url(ch);
        if (url.empty()) continue;
        if (button(v.t("action.open_chat"), "open_chat", ICON_COMMENT)) v.send(cc::link_requested{url});
        break;
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Comment
//-----------------------------------------------------------------------------

void comment(view& v, const cc::client& c) {
    const std::string key = "quick/note";
    const std::string& shown = draft_or(v, key, c.note);
    ImGui::TextColored(col::muted(), "%s", v.t("quick.comment"));
    // "123/1000" at the right edge: the limit Leeloo puts on this block.
    char count[48];
    std::size_t used = cc::utf8_length(shown), limit = cc::max_length("note");
    std::snprintf(count, sizeof count, "%zu/%zu", used, limit);
    ImGui::SameLine(ImGui::GetContentRegionMax().x - ImGui::CalcTextSize(count).x);
    text_colored(used > limit ? col::error() : col::muted(), count, "status");
    field_opts o;
    o.multiline = true;
    o.height = ImGui::GetTextLineHeight() * 3 + ImGui::GetStyle().FramePadding.y * 2;
    o.check = [](std::string_view s) { return cc::check_text("note", s); };
    std::string value;
    if (draft_field(v, key, v.t("quick.comment"), c.note, &value, o)) v.set_field(c, "note", value, key);
}

//-----------------------------------------------------------------------------
// [SECTION] Custom fields ("+ Add information")
//-----------------------------------------------------------------------------

std::optional<cc::error> check_custom_key(const cc::client& c, std::string_view s) {
    std::string k = cc::trim(s);
    if (k.empty()) return cc::error{"err.custom_key_empty", "custom", ""};
    if (c.custom.count(k)) return cc::error{"err.key_duplicate", "custom", k};
    return cc::check_text("custom_key", k);
}

void custom_fields(view& v, const cc::client& c) {
    for (const auto& [k, val] : c.custom) {
        ImGui::PushID(k.c_str());
        ImGui::PushStyleColor(ImGuiCol_Text, col::muted());
        ImGui::TextUnformatted(k.c_str(), k.c_str() + k.size());
        ImGui::PopStyleColor();
        sem_item_raw("text", k, val);
        ImGui::SameLine();
        text_wrapped(val);
        ImGui::PopID();
    }
    ui_state& s = v.s;
    if (!s.adding_custom) {
        if (button(v.t("quick.add_info"), "add_info")) {
            s.adding_custom = true;
            s.focus_key = "quick/custom_key";
        }
        refusal_at(v, "quick/custom", v.t("quick.add_info"));
        return;
    }
    const std::string kk = "quick/custom_key", vk = "quick/custom_value";
    bool enter_key = false, enter_value = false;
    field_opts ko;
    ko.hint = v.t("custom.key_hint");
    const auto key_check = [&c](std::string_view s) { return check_custom_key(c, s); };
    ko.check = key_check;
    ko.enter = &enter_key;
    std::string unused;
    draft_field(v, kk, v.t("custom.key"), "", &unused, ko);
    field_opts vo;
    vo.hint = v.t("custom.value_hint");
    vo.check = [](std::string_view s) { return cc::check_text("custom_value", s); };
    vo.enter = &enter_value;
    draft_field(v, vk, v.t("custom.value"), "", &unused, vo);
    if (enter_key) s.focus_key = vk;
    bool add = button(v.t("action.add"), "add_custom") || enter_value;
    ImGui::SameLine();
    if (button(v.t("action.cancel"), "cancel_custom")) {
        s.adding_custom = false;
        s.drafts.erase(kk);
        s.drafts.erase(vk);
        return;
    }
    if (add) {
        std::string key = cc::trim(draft_or(v, kk, "")), value = draft_or(v, vk, "");
        bool ok = true;
        if (cc::check_text("custom_value", value)) { s.tried.insert(vk); s.focus_key = vk; ok = false; }
        if (check_custom_key(c, key)) { s.tried.insert(kk); s.focus_key = kk; ok = false; }
        if (ok) {
            v.edit(c, "custom.set", payload({{"key", key}, {"value", value}}), "quick/custom");
            s.drafts.erase(kk);
            s.drafts.erase(vk);
            s.tried.erase(kk);
            s.tried.erase(vk);
            s.adding_custom = false;
        }
    }
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] draw_quick_card
//-----------------------------------------------------------------------------

void draw_quick_card(view& v, const cc::client& c) {
    header(v, c);
    ImGui::Spacing();
    draw_tags(v, c, "quick");
    gender_row(v, c);
    contacts(v, c);
    // What the sections add to the quick card (Create task, the next tasks and meetings ...).
    for (const section_def* sec : sections()) {
        if (!sec->quick || (sec->shows && !sec->shows(v, c))) continue;
        ImGui::PushID(sec->id);
        sec->quick(v, c);
        ImGui::PopID();
    }
    ImGui::Spacing();
    comment(v, c);
    custom_fields(v, c);
}

}  // namespace ui
