// card_view.cpp — the card of the selected client: conflicts and rejected changes waiting for
// the user, the quick card, then the registered sections (section.hpp) as tabs. Also the small
// pieces several sections share: avatar, tags, times, links, the viewer's zone.
//
// Index of this file:
// [SECTION] draw_card
// [SECTION] Avatar
// [SECTION] Tags
// [SECTION] Formatting and links
// [SECTION] The viewer

#include <cctype>
#include <cfloat>
#include <cinttypes>
#include <cstdio>

#include <imgui.h>

#include "core/text.hpp"
#include "core/validate.hpp"
#include "ui/clock.hpp"
#include "ui/icons.hpp"
#include "ui/section.hpp"
#include "ui/semantic.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace ui {

//-----------------------------------------------------------------------------
// [SECTION] draw_card
//-----------------------------------------------------------------------------

void draw_card(view& v, bool narrow) {
    if (narrow) {
        if (button(v.t("action.back"), "back", ICON_CHEVRON_LEFT)) v.s.show_list = true;
        ImGui::Separator();
    }
    const cc::client* c = v.m.selected.empty() ? nullptr : v.m.store.find(v.m.selected);
    if (c == nullptr) {
        const char* key = v.m.loading == cc::load_state::loading ? "status.loading"
                          : v.m.selected.empty()                 ? "card.select"
                                                                 : "card.not_found";
        text_colored(col::muted(), v.t(key));
        // A client whose creation the server rejected is not here, but what became of it is.
        if (!v.m.selected.empty()) {
            ImGui::PushID(v.m.selected.c_str());
            draw_conflicts(v, v.m.selected);
            draw_rejected(v, v.m.selected);
            ImGui::PopID();
        }
        return;
    }
    if (c->deleted) {
        text_colored(col::warn(), v.t("card.deleted"), "status");
        // Bringing a deleted client back is an admin's (client.restore, the server's policy); a
        // manager is not offered a button that can only be refused.
        if (v.m.user_role == "admin") {
            ImGui::SameLine();
            if (button(v.t("action.restore_client"), "restore_client")) v.edit(*c, "client.restore", cc::json::object(), "restore");
            refusal_at(v, "restore", v.t("action.restore_client"));
        }
    }
    // Per-client ids: ImGui keeps a text box's buffer while it is active, so a box of another
    // client must never share its id.
    ImGui::PushID(c->id.c_str());
    // What needs the user's decision comes first, and stays usable on a deleted client (the
    // deletion itself may be what the server rejected).
    draw_conflicts(v, c->id);
    draw_rejected(v, c->id);

    // A deleted client is shown as it was, but nothing on it can change.
    ImGui::BeginDisabled(c->deleted);
    draw_quick_card(v, *c);
    ImGui::PopID();

    ImGui::Spacing();
    // The tab bar itself is not per client, so the open tab survives switching clients. The
    // tabs are the registered sections that show for this client.
    if (ImGui::BeginTabBar("card_tabs")) {
        for (const section_def* sec : sections()) {
            if (sec->shows && !sec->shows(v, *c)) continue;
            const char* shown = v.t(sec->label_key);
            std::string label = std::string(shown) + "###" + sec->id;
            const ImGuiTabItemFlags flags = v.s.tab_request == sec->id ? ImGuiTabItemFlags_SetSelected : 0;
            bool open = ImGui::BeginTabItem(label.c_str(), nullptr, flags);
            sem_item_raw("tab", shown, open ? "true" : "false", open);
            if (!open) continue;
            v.s.tab = sec->id;
            if (v.s.tab_request == sec->id) v.s.tab_request.clear();
            ImGui::PushID(c->id.c_str());
            sec->draw(v, *c);
            ImGui::PopID();
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
        // A section asked for that does not show for this client (the policy hides it): forget it.
        if (const section_def* asked = find_section(v.s.tab_request); !asked || (asked->shows && !asked->shows(v, *c)))
            v.s.tab_request.clear();
    }
    ImGui::EndDisabled();
}

//-----------------------------------------------------------------------------
// [SECTION] Avatar
//-----------------------------------------------------------------------------

void draw_avatar(const cc::client& c, float d) {
    // The picture itself would need a texture from the host; the initials circle is the
    // fallback Leeloo shows too.
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(d, d));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 centre(p.x + d * 0.5f, p.y + d * 0.5f);
    dl->AddCircleFilled(centre, d * 0.5f, col::avatar(c.id), 32);
    std::string ini = cc::initials(c.name);
    if (ini.empty()) ini = "?";
    ImFont* font = ImGui::GetFont();
    float size = ImGui::GetFontSize() * (d > ImGui::GetFontSize() * 2.2f ? 1.15f : 0.85f);
    ImVec2 ts = font->CalcTextSizeA(size, FLT_MAX, 0.0f, ini.data(), ini.data() + ini.size());
    dl->AddText(font, size, ImVec2(centre.x - ts.x * 0.5f, centre.y - ts.y * 0.5f), IM_COL32_WHITE, ini.data(),
                ini.data() + ini.size());
    sem_item_raw("img", c.name, ini);
}

//-----------------------------------------------------------------------------
// [SECTION] Tags
//-----------------------------------------------------------------------------

namespace {
// Keeps a row of chips inside the pane: a chip that would cross the right edge starts a line.
void wrap_before(float w, bool first) {
    if (!first) same_line_if_fits(w);
}

// One chip: the tag and its remove cross. Returns true when the cross was clicked.
bool chip(view& v, const std::string& tag) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float h = ImGui::GetFrameHeight();
    ImVec2 ts = ImGui::CalcTextSize(tag.data(), tag.data() + tag.size());
    const float body_w = st.FramePadding.x + ts.x + st.FramePadding.x * 0.5f;
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + body_w + h, p.y + h), ImGui::GetColorU32(ImVec4(0.88f, 0.92f, 0.99f, 1)),
                      h * 0.5f);
    dl->AddText(ImVec2(p.x + st.FramePadding.x, p.y + (h - ts.y) * 0.5f), ImGui::GetColorU32(col::accent()),
                tag.data(), tag.data() + tag.size());
    ImGui::Dummy(ImVec2(body_w, h));
    sem_item_raw("tag", tag);
    ImGui::SameLine(0, 0);
    bool clicked = ImGui::InvisibleButton("##remove", ImVec2(h, h));
    ImVec2 a = ImGui::GetItemRectMin();
    ImVec2 centre(a.x + h * 0.45f, a.y + h * 0.5f);
    if (ImGui::IsItemHovered()) {
        dl->AddCircleFilled(centre, h * 0.32f, ImGui::GetColorU32(ImVec4(0.15f, 0.42f, 0.82f, 0.2f)));
        std::string tip = tr_arg(v.m.lang, "tag.remove", tag);
        ImGui::SetTooltip("%s", tip.c_str());
    }
    const float r = h * 0.14f;
    ImU32 xc = ImGui::GetColorU32(col::accent());
    dl->AddLine(ImVec2(centre.x - r, centre.y - r), ImVec2(centre.x + r, centre.y + r), xc, 1.5f);
    dl->AddLine(ImVec2(centre.x - r, centre.y + r), ImVec2(centre.x + r, centre.y - r), xc, 1.5f);
    sem_item_raw("button", tr_arg(v.m.lang, "tag.remove", tag));
    return clicked;
}
}  // namespace

void draw_tags(view& v, const cc::client& c, const char* scope) {
    ImGui::PushID(scope);
    const float h = ImGui::GetFrameHeight();
    bool first = true;
    for (std::size_t i = 0; i < c.tags.size(); ++i) {
        const std::string& tag = c.tags[i];
        ImVec2 ts = ImGui::CalcTextSize(tag.data(), tag.data() + tag.size());
        wrap_before(ts.x + h * 1.6f, first);
        first = false;
        ImGui::PushID(static_cast<int>(i));
        if (chip(v, tag)) v.edit(c, "tag.remove", payload({{"tag", tag}}), std::string(scope) + "/tags");
        ImGui::PopID();
    }
    const float box_w = 9.0f * em();
    wrap_before(box_w, first);
    field_opts o;
    o.hint = v.t("tag.add_hint");
    o.width = box_w;
    o.commit_on_blur = false;
    const auto tag_check = [&c](std::string_view s) -> std::optional<cc::error> {
        std::string t = cc::trim(s);
        if (auto e = cc::check_tag(t)) return e;
        for (const std::string& have : c.tags)
            if (cc::fold(have) == cc::fold(t)) return cc::error{"err.tag_duplicate", "tags", t};
        return std::nullopt;
    };
    o.check = tag_check;
    std::string value;
    const std::string key = std::string(scope) + "/new_tag";
    if (draft_field(v, key, v.t("tag.add_hint"), "", &value, o))
        v.edit(c, "tag.add", payload({{"tag", cc::trim(value)}}), key);
    refusal_at(v, std::string(scope) + "/tags", v.t("field.tags"));
    ImGui::PopID();
}

//-----------------------------------------------------------------------------
// [SECTION] Formatting and links
//-----------------------------------------------------------------------------

std::string format_time_utc(std::int64_t ms) {
    if (ms <= 0) return "—";
    // Days to a civil date in the proleptic Gregorian calendar (era arithmetic: 400-year
    // cycles of 146097 days), without any clock or time zone library.
    std::int64_t secs = ms / 1000;
    std::int64_t days = secs / 86400;
    std::int64_t rem = secs % 86400;
    std::int64_t z = days + 719468;
    std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    std::int64_t doe = z - era * 146097;
    std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t y = yoe + era * 400;
    std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    std::int64_t mp = (5 * doy + 2) / 153;
    std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    std::int64_t mo = mp < 10 ? mp + 3 : mp - 9;
    if (mo <= 2) ++y;
    char buf[128];
    std::snprintf(buf, sizeof buf, "%04" PRId64 "-%02" PRId64 "-%02" PRId64 " %02" PRId64 ":%02" PRId64 " UTC", y,
                  mo, d, rem / 3600, rem % 3600 / 60);
    return buf;
}

std::string client_title(view& v, const cc::client& c) {
    return c.name.empty() ? std::string(v.t("client.no_name")) : c.name;
}

namespace {
bool all_of_chars(std::string_view s, bool (*ok)(char)) {
    if (s.empty()) return false;
    for (char ch : s)
        if (!ok(ch)) return false;
    return true;
}
bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }
bool is_handle(char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '.' || ch == '-'; }
}  // namespace

std::string channel_url(const cc::channel& ch) {
    std::string id = cc::trim(ch.external_id);
    if (id.rfind("https://", 0) == 0 || id.rfind("http://", 0) == 0) return cc::link_allowed(id) ? id : "";
    std::string handle = !id.empty() && id[0] == '@' ? id.substr(1) : id;
    std::string digits;
    for (char c : id)
        if (is_digit(c)) digits += c;
    const std::string& k = ch.kind;
    std::string url;
    if (k == "telegram") {
        // A numeric Telegram id has no public link; a username does.
        if (all_of_chars(handle, is_handle) && !all_of_chars(handle, is_digit)) url = "https://t.me/" + handle;
    } else if (k == "whatsapp") {
        if (digits.size() >= 7) url = "https://wa.me/" + digits;
    } else if (k == "vk") {
        if (all_of_chars(handle, is_digit)) url = "https://vk.com/id" + handle;
        else if (all_of_chars(handle, is_handle)) url = "https://vk.com/" + handle;
    } else if (k == "instagram") {
        if (all_of_chars(handle, is_handle)) url = "https://instagram.com/" + handle;
    } else if (k == "facebook") {
        if (all_of_chars(handle, is_handle)) url = "https://m.me/" + handle;
    } else if (k == "email") {
        if (id.find('@') != std::string::npos && id.find_first_of(" \t<>\"") == std::string::npos) url = "mailto:" + id;
    } else if (k == "phone" || k == "sms") {
        if (digits.size() >= 7) url = "tel:+" + digits;
    }
    return !url.empty() && cc::link_allowed(url) ? url : "";
}

//-----------------------------------------------------------------------------
// [SECTION] The viewer
//-----------------------------------------------------------------------------

std::string view::zone() const { return s.viewer_tz.empty() ? viewer_time_zone() : s.viewer_tz; }

void view::edit(const cc::client& c, std::string kind, cc::json payload, std::string source) {
    send(cc::edit_requested{c.id, std::move(kind), std::move(payload), std::move(source), ""});
}

void view::set_field(const cc::client& c, const char* field, cc::json value, std::string source) {
    cc::json p = cc::json::object();
    p[field] = std::move(value);
    edit(c, "client.set", std::move(p), std::move(source));
}

void view::create_record(const cc::client& c, std::string op_kind, cc::json payload, std::string source) {
    send(cc::edit_requested{c.id, std::move(op_kind), std::move(payload), std::move(source), ""});
}

void view::edit_record(const cc::record& r, std::string op_kind, cc::json payload, std::string source) {
    send(cc::edit_requested{r.client_id, std::move(op_kind), std::move(payload), std::move(source), r.id});
}

cc::json payload(std::initializer_list<std::pair<const char*, cc::json>> fields) {
    cc::json out = cc::json::object();
    for (const auto& [key, value] : fields) out[key] = value;
    return out;
}

}  // namespace ui
