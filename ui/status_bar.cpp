// status_bar.cpp — the top bar: the app's name, what the card is doing (loading; offline /
// saving / saved locally / syncing / synced), changes not sent yet, changes the server rejected
// and conflicts (each a button to the first client concerned), storage and sync errors, a
// refused edit no widget showed; at the right edge who is signed in (or "Sign in") and the EN/RU
// switch. In a narrow pane the items that do not fit fold into "…". Also the download progress
// band drawn under the bar during a paged first download.
//
// Index of this file:
// [SECTION] Status items
// [SECTION] Sync state
// [SECTION] Who is signed in
// [SECTION] draw_status_bar
// [SECTION] draw_download_progress

#include <cfloat>
#include <cinttypes>
#include <cstdio>

#include <imgui.h>

#include "ui/icons.hpp"
#include "ui/semantic.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Status items
//-----------------------------------------------------------------------------

struct bar {
    float limit = 0;                   // window x where the right-hand group starts
    std::vector<std::string> hidden;   // items that did not fit, in order
    float gap() const { return 12.0f * style_scale(); }
    // Window x after the last item plus a gap.
    float next_x() const { return ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + gap(); }
    float icon_w(const char* icon) const {
        return icon ? ImGui::CalcTextSize(icon).x + 4.0f * style_scale() : 0.0f;
    }
    // True when an item `w` wide still fits; otherwise it is folded (and so is all after it,
    // to keep the order of importance).
    bool fits(float w, std::string_view s) {
        if (!hidden.empty() || next_x() + w > limit) {
            hidden.emplace_back(s);
            return false;
        }
        return true;
    }
};

// An icon (kept out of the semantic label) and a status text after it, if it fits.
void status(bar& b, const char* icon, const ImVec4& colour, std::string_view s) {
    const float w = b.icon_w(icon) + ImGui::CalcTextSize(s.data(), s.data() + s.size()).x;
    if (!b.fits(w, s)) return;
    ImGui::SameLine(0, b.gap());
    if (icon) {
        ImGui::TextColored(colour, "%s", icon);
        ImGui::SameLine(0, 4.0f * style_scale());
    }
    text_colored(colour, s, "status");
}

// A status that is also a way there: drawn like text, clickable, role "button".
bool status_button(bar& b, const char* icon, const ImVec4& colour, std::string_view s, const char* id,
                   const char* tip) {
    const float w = b.icon_w(icon) + ImGui::CalcTextSize(s.data(), s.data() + s.size()).x +
                    ImGui::GetStyle().FramePadding.x * 2;
    if (!b.fits(w, s)) return false;
    ImGui::SameLine(0, b.gap());
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    bool pressed = button(s, id, icon);
    ImGui::PopStyleColor(2);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
    return pressed;
}

// Sync messages are error codes (translated) or text from the server (shown as is).
std::string message_text(view& v, const std::string& msg) {
    if (msg.rfind("err.", 0) == 0) return v.err(cc::error{msg, "", ""});
    return msg;
}

//-----------------------------------------------------------------------------
// [SECTION] Sync state
//-----------------------------------------------------------------------------

struct status_look { const char* key; const char* icon; ImVec4 colour; };

status_look look_of(cc::sync_status s) {
    switch (s) {
        case cc::sync_status::offline: return {"status.offline", ICON_UNLINK, col::warn()};
        case cc::sync_status::saving: return {"status.saving", ICON_CLOCK, col::muted()};
        case cc::sync_status::saved_locally: return {"status.saved_locally", ICON_HDD, col::muted()};
        case cc::sync_status::syncing: return {"status.syncing", ICON_REFRESH, col::accent()};
        case cc::sync_status::synced: return {"status.synced", ICON_CLOUD, col::ok()};
    }
    return {"status.saved_locally", ICON_HDD, col::muted()};
}

// The first client (oldest first) with a rejected op, and with a conflict: where the counts lead.
std::string first_rejected(const cc::model& m) {
    for (const auto& j : m.journal)
        if (j.state == cc::op_state::rejected) return j.op.client_id;
    return {};
}
std::string first_conflict(const cc::model& m) { return m.conflicts.empty() ? std::string() : m.conflicts.front().client_id; }

void sync_items(view& v, bar& b) {
    const cc::model& m = v.m;
    cc::sync_status now = cc::overall_status(m);
    // Without a token nothing reaches a server: what is kept is kept in this browser only.
    if (!m.signed_in && (now == cc::sync_status::synced || now == cc::sync_status::syncing))
        now = cc::sync_status::saved_locally;
    const status_look look = look_of(now);
    status(b, look.icon, look.colour, v.t(look.key));

    const auto pending = static_cast<std::int64_t>(cc::pending_count(m));
    if (pending > 0) status(b, nullptr, col::muted(), tr_count(m.lang, "status.pending", pending));

    const auto rejected = static_cast<std::int64_t>(cc::rejected_count(m));
    if (rejected > 0 &&
        status_button(b, ICON_EXCLAMATION, col::error(), tr_count(m.lang, "status.rejected", rejected), "rejected",
                      v.t("status.show_first"))) {
        if (std::string id = first_rejected(m); !id.empty()) v.send(cc::client_selected{id});
    }
    const auto conflicts = static_cast<std::int64_t>(m.conflicts.size());
    if (conflicts > 0 &&
        status_button(b, ICON_EXCLAMATION, col::warn(), tr_count(m.lang, "status.conflicts", conflicts), "conflicts",
                      v.t("status.show_first"))) {
        if (std::string id = first_conflict(m); !id.empty()) v.send(cc::client_selected{id});
    }

    // Task reminders waiting in the band (reminders_view.cpp): the bell shows it again.
    if (const auto waiting = reminders_waiting(m);
        waiting > 0 && status_button(b, ICON_BELL, col::accent(), tr_count(m.lang, "status.reminders", waiting),
                                     "reminders", v.t("status.show_reminders")))
        v.s.reminders_hidden = false;

    if (m.sync == cc::sync_state::failed) status(b, ICON_EXCLAMATION, col::error(), v.t("status.sync_failed"));
    // The detail: "Server is not reachable", "Sign in again", or the server's own words.
    if (!m.sync_message.empty())
        status(b, nullptr, m.sync == cc::sync_state::failed ? col::error() : col::muted(),
               message_text(v, m.sync_message));
}

// A refusal whose widget is not on screen (another tab, the list in the narrow layout): one
// line, cut to the room left, the whole sentence in a tooltip.
void bar_refusal(view& v, bar& b) {
    ImGui::SameLine(0, b.gap());
    if (icon_button(ICON_TIMES, v.t("action.dismiss"), "dismiss_refusal")) v.send(cc::error_dismissed{});
    ImGui::SameLine(0, 4.0f * style_scale());
    const std::string msg = v.err(v.m.refused->why);
    ImVec2 p = ImGui::GetCursorScreenPos();
    float room = ImGui::GetWindowPos().x + b.limit - p.x - b.gap();
    float w = ImGui::CalcTextSize(msg.c_str()).x;
    if (w > room) w = room > 0 ? room : 1.0f;
    ImGui::Dummy(ImVec2(w, ImGui::GetTextLineHeight()));
    draw_text_clipped(ImGui::GetWindowDrawList(), p, ImVec2(p.x + w, p.y + ImGui::GetTextLineHeight()), msg,
                      ImGui::GetColorU32(col::error()));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", msg.c_str());
    sem_item_raw("alert", msg, v.m.refused->source);
    v.s.refusal_shown = true;
}

//-----------------------------------------------------------------------------
// [SECTION] Who is signed in
//-----------------------------------------------------------------------------

// "Anna · admin", "Signed in" (before the server said who), or "Not signed in". The role only
// mirrors what the server enforces.
std::string identity(view& v) {
    const cc::model& m = v.m;
    if (!m.signed_in) return v.t("status.not_signed_in");
    if (m.user_name.empty()) return v.t("status.signed_in");
    std::string s = m.user_name;
    if (!m.user_role.empty()) {
        const std::string key = "role." + m.user_role;
        s += " · ";
        s += tr_has(key) ? std::string(v.t(key)) : m.user_role;
    }
    return s;
}

// The sign-in band is folded away while sign-in is wanted: the bar offers it again.
bool offer_signin(view& v) {
    const bool wanted = !v.m.signed_in || v.m.sync_message == "err.unauthorized";
    return wanted && v.s.signin_hidden;
}

struct right_group {
    std::string who;
    bool show_who = true, show_button = false;
    float who_w = 0, button_w = 0;
    float width(float gap) const {
        float w = 0;
        if (show_who) w += who_w;
        if (show_button) w += (w > 0 ? gap * 0.5f : 0.0f) + button_w;
        return w > 0 ? w + gap : 0.0f;
    }
};

right_group measure_right(view& v, bool narrow, const bar& b) {
    right_group r;
    r.who = identity(v);
    r.who_w = b.icon_w(ICON_USER) + ImGui::CalcTextSize(r.who.c_str()).x;
    r.show_button = offer_signin(v);
    r.button_w = ImGui::CalcTextSize(v.t("signin.button")).x + ImGui::GetStyle().FramePadding.x * 2;
    r.show_who = !narrow;  // a side panel keeps the room for what the card is doing
    return r;
}

void draw_right(view& v, const right_group& r, float x) {
    ImGui::SameLine(x);
    if (r.show_who) {
        const ImVec4 c = v.m.signed_in ? ImGui::GetStyleColorVec4(ImGuiCol_Text) : col::muted();
        ImGui::TextColored(col::muted(), "%s", ICON_USER);
        ImGui::SameLine(0, 4.0f * style_scale());
        text_colored(c, r.who, "status");
        if (r.show_button) ImGui::SameLine();
    }
    if (r.show_button && button(v.t("signin.button"), "bar_signin")) v.s.signin_hidden = false;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] draw_status_bar
//-----------------------------------------------------------------------------

void draw_status_bar(view& v, bool narrow) {
    const cc::model& m = v.m;
    const ImGuiStyle& st = ImGui::GetStyle();
    bar b;
    const float switch_w =
        ImGui::CalcTextSize("EN").x + ImGui::CalcTextSize("RU").x + st.FramePadding.x * 4 + st.ItemSpacing.x;
    const right_group right = measure_right(v, narrow, b);
    b.limit = ImGui::GetWindowContentRegionMax().x - switch_w - b.gap() - right.width(b.gap());

    ImGui::AlignTextToFramePadding();
    if (!narrow) text_colored(col::accent(), v.t("app.title"), "heading");
    else ImGui::Dummy(ImVec2(0, ImGui::GetFrameHeight()));  // a start for the first SameLine()

    // Most important first: what goes wrong, then whether the edit is safe, then the network.
    if (m.loading == cc::load_state::loading) status(b, ICON_CLOCK, col::muted(), v.t("status.loading"));
    else if (m.loading == cc::load_state::failed) status(b, ICON_EXCLAMATION, col::error(), v.t("status.load_failed"));
    if (m.storage_error) status(b, ICON_EXCLAMATION, col::error(), v.err(*m.storage_error));
    if (m.loading == cc::load_state::ready) sync_items(v, b);
    if (!right.show_who) b.hidden.push_back(right.who);

    if (!b.hidden.empty()) {
        // Folded items: "…" with all of them in a tooltip (and in the tree, for the mirror).
        std::string all;
        for (const auto& h : b.hidden) all += (all.empty() ? "" : "\n") + h;
        ImGui::SameLine(0, b.gap());
        ImGui::TextColored(col::muted(), "…");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", all.c_str());
        sem_item_raw("status", all);
    }
    if (m.refused && !v.s.refusal_shown) bar_refusal(v, b);

    if (right.width(b.gap()) > 0) draw_right(v, right, b.limit + b.gap());
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - switch_w);
    if (choice("EN", m.lang == cc::locale::en, "lang_en") && m.lang != cc::locale::en)
        v.send(cc::locale_changed{cc::locale::en});
    ImGui::SameLine();
    if (choice("RU", m.lang == cc::locale::ru, "lang_ru") && m.lang != cc::locale::ru)
        v.send(cc::locale_changed{cc::locale::ru});
}

//-----------------------------------------------------------------------------
// [SECTION] draw_download_progress
//-----------------------------------------------------------------------------

// A first download of a large set comes as a snapshot (or in pages): the band says how far it
// got, so an empty list reads as "still coming", not as "no clients".
void draw_download_progress(view& v) {
    const cc::model& m = v.m;
    char value[64];
    float fraction = 0.0f;
    if (m.snapshot.active) {
        // A snapshot: bytes received of the bytes the server announced, in MB. The announced
        // figure is the body's size as the server measured it; the bar never passes full.
        const double mb = 1024.0 * 1024.0;
        std::snprintf(value, sizeof value, "%.1f / %.1f MB", static_cast<double>(m.snapshot.bytes) / mb,
                      static_cast<double>(m.snapshot.expected_bytes) / mb);
        if (m.snapshot.expected_bytes > 0)
            fraction = static_cast<float>(static_cast<double>(m.snapshot.bytes) / static_cast<double>(m.snapshot.expected_bytes));
    } else {
        // first_download stays set until a first pull completes, also while nobody is signed in
        // or the server is away: the band is for a download actually under way.
        if (m.pull_total <= 0 && !(m.first_download && m.sync == cc::sync_state::pulling)) return;
        std::snprintf(value, sizeof value, "%" PRId64 "/%" PRId64, m.pull_received, m.pull_total);
        if (m.pull_total > 0)
            fraction = static_cast<float>(static_cast<double>(m.pull_received) / static_cast<double>(m.pull_total));
    }
    const char* label = v.t("progress.downloading");
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(col::muted(), "%s", ICON_REFRESH);
    ImGui::SameLine(0, 4.0f * style_scale());
    ImGui::TextUnformatted(label);
    ImGui::SameLine();
    ImGui::ProgressBar(fraction < 0 ? 0 : fraction > 1 ? 1 : fraction, ImVec2(-FLT_MIN, 0), value);
    sem_item_raw("progressbar", label, value);
}

}  // namespace ui
