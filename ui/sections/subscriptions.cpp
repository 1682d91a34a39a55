// subscriptions.cpp — the "Subscriptions" section (Leeloo.ai Subscription History): a channel
// selector (the channels named on the client's subscriptions, then the client's messenger
// channels), and per channel the tunnels the client is in with their block and state. A tunnel
// unfolds to its history (subscribed, moved from block to block, unsubscribed: the client's log
// entries of that record). Subscribe at a chosen block (subscription.create), unsubscribe from a
// tunnel (subscription.unsubscribe), or from every active tunnel of the channel, once confirmed.
// "Move to block" on an active tunnel (subscription.move) offers the blocks the client's history
// of that tunnel has seen.
//
// Index of this file:
// [SECTION] Reading
// [SECTION] A tunnel and its history
// [SECTION] Move to block
// [SECTION] Subscribe and unsubscribe the channel
// [SECTION] The tab
// [SECTION] Strings
// [SECTION] Registration

#include <algorithm>

#include <imgui.h>

#include "ui/kit/record_list.hpp"
#include "ui/icons.hpp"
#include "ui/kit/fields.hpp"
#include "ui/kit/rows.hpp"
#include "ui/kit/time.hpp"
#include "ui/section.hpp"
#include "ui/semantic.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Reading
//-----------------------------------------------------------------------------

constexpr const char* subs_view = "subscription/view";    // form: the channel picked, the confirm step
constexpr const char* subs_form = "subscription/new";

const cc::kind_def& subs_kind() { return *cc::find_kind("subscription"); }

bool subs_active(const cc::record& r) { return r.text("state").empty() || r.text("state") == "active"; }

// The channels to choose from, in order: those on subscriptions, then the messenger channels.
std::vector<std::string> subs_channels(view& v, const cc::client& c) {
    std::vector<std::string> out;
    auto add = [&](const std::string& s) {
        if (!s.empty() && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    };
    for (const cc::record* r : v.m.store.records_of(c.id, "subscription"))
        if (!r->deleted) add(r->text("channel"));
    for (const cc::channel& ch : c.channels)
        if (!ch.archived) add(std::string(v.t("kind." + ch.kind)) + " \xC2\xB7 " + ch.external_id);
    return out;
}

// The tunnels of one channel: active ones first, each group by tunnel name.
std::vector<const cc::record*> tunnels_of(const view& v, const cc::client& c, const std::string& channel) {
    std::vector<const cc::record*> out;
    for (const cc::record* r : v.m.store.records_of(c.id, "subscription"))
        if (!r->deleted && r->text("channel") == channel) out.push_back(r);
    sort_records(out, [](const cc::record& a, const cc::record& b, const void*) {
        if (subs_active(a) != subs_active(b)) return subs_active(a);
        return a.text("tunnel") < b.text("tunnel");
    });
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] A tunnel and its history
//-----------------------------------------------------------------------------

// Its entries in the client's log, oldest first: "2023-11-14 22:13 · Boris · Subscribed to a
// tunnel · Block: Day 1".
void tunnel_history(view& v, const cc::client& c, const cc::record& r) {
    std::vector<cc::activity_entry> entries;
    for (auto& e : v.m.store.history(c.id))
        if (e.record_id == r.id) entries.push_back(std::move(e));
    std::reverse(entries.begin(), entries.end());
    ImGui::Indent();
    if (entries.empty()) text_colored(col::muted(), v.t("subs.no_history"), "status");
    for (const cc::activity_entry& e : entries) {
        std::string line = local_text(e.at, v.zone()) + " \xC2\xB7 " + e.actor + " \xC2\xB7 " + kind_text(v, e.kind);
        for (const cc::field_change& ch : e.changes)
            if (ch.field == "block") line += " \xC2\xB7 " + change_text(v, ch, "subscription").spoken;
        text(line, "listitem");
    }
    ImGui::Unindent();
}

//-----------------------------------------------------------------------------
// [SECTION] Move to block
//-----------------------------------------------------------------------------

std::string move_form_key(const cc::record& r) { return "subscription/move/" + r.id; }

// The blocks the client has been at in this tunnel of this channel: on its subscriptions to it
// (an old one, unsubscribed, counts) and in their history; not the one `r` is at now.
std::vector<std::string> seen_blocks(const view& v, const cc::client& c, const cc::record& r) {
    std::vector<std::string> ids, out;
    auto add = [&](const std::string& b) {
        if (!b.empty() && b != r.text("block") && std::find(out.begin(), out.end(), b) == out.end()) out.push_back(b);
    };
    for (const cc::record* s : v.m.store.records_of(c.id, "subscription"))
        if (!s->deleted && s->text("channel") == r.text("channel") && s->text("tunnel") == r.text("tunnel")) {
            ids.push_back(s->id);
            add(s->text("block"));
        }
    for (const cc::activity_entry& e : v.m.store.history(c.id))
        if (std::find(ids.begin(), ids.end(), e.record_id) != ids.end())
            for (const cc::field_change& ch : e.changes)
                if (ch.field == "block") add(ch.old_value), add(ch.new_value);
    return out;
}

void move_form(view& v, const cc::client& c, const cc::record& r) {
    const std::string key = move_form_key(r);
    form_state* f = form_open(v, key);
    if (!f) return;
    const std::vector<std::string> keys = {"block"};
    form_begin(*f, "move_block", tr_fill(v.m.lang, "subs.move_title", {{"{tunnel}", r.text("tunnel")}}));
    if (rows_begin("fields")) {
        field_row(v, *f, key, subs_kind(), *subs_kind().field("block"));
        rows_end();
    }
    const auto seen = seen_blocks(v, c, r);
    if (!seen.empty()) {
        ImGui::AlignTextToFramePadding();
        text_colored(col::muted(), v.t("subs.seen_blocks"));
        for (const std::string& b : seen) {
            same_line_if_fits(ImGui::CalcTextSize(b.c_str()).x + ImGui::GetStyle().FramePadding.x * 2);
            if (small_button(b, "seen/" + b)) f->text["block"] = b;
        }
    }
    if (form_footer(v, key, keys, "subs.move_save"))
        form_send(v, c, key, *f, form_collect(*f, subs_kind(), keys, v.zone(), &r), "subscription.move", &r);
}

void tunnel_row(view& v, const cc::client& c, const cc::record& r) {
    ImGui::PushID(r.id.c_str());
    const std::string fold = "subs/" + r.id;
    const bool open = v.s.unfolded.count(fold) != 0;
    const std::string tunnel = r.text("tunnel");
    if (button(tunnel, "tunnel", open ? ICON_CHEVRON_DOWN : ICON_CHEVRON_RIGHT)) {
        if (open) v.s.unfolded.erase(fold);
        else v.s.unfolded.insert(fold);
    }
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    const bool on = subs_active(r);
    text_colored(on ? col::ok() : col::muted(),
                 r.text("block") + " \xC2\xB7 " + enum_word(v, "subscription", "state", on ? "active" : "unsubscribed"),
                 "status");
    if (on && v.can(cc::verb::change, "subscription")) {
        ImGui::SameLine();
        if (small_button(v.t("subs.unsubscribe"), "unsubscribe"))
            v.edit_record(r, "subscription.unsubscribe", cc::json::object(), subs_view);
        if (cc::allowed_op(v.role(), "subscription.move") && !v.s.forms.count(move_form_key(r))) {
            ImGui::SameLine();
            if (small_button(v.t("subs.move"), "move")) {
                v.s.forms[move_form_key(r)] = form_state{};
                v.s.focus_key = move_form_key(r) + "/block";
            }
        }
    }
    if (on) move_form(v, c, r);
    if (open) tunnel_history(v, c, r);
    ImGui::PopID();
}

//-----------------------------------------------------------------------------
// [SECTION] Subscribe and unsubscribe the channel
//-----------------------------------------------------------------------------

const std::vector<std::string> subs_keys = {"tunnel", "block"};

void subscribe_form(view& v, const cc::client& c, const std::string& channel) {
    form_state* fp = form_open(v, subs_form);
    if (!fp) return;
    form_state& f = *fp;
    form_begin(f, "new_subscription", v.t("subs.new"));
    if (rows_begin("fields")) {
        for (const std::string& k : subs_keys) field_row(v, f, subs_form, subs_kind(), *subs_kind().field(k));
        rows_end();
    }
    if (!form_footer(v, subs_form, subs_keys, "subs.subscribe")) return;
    form_result r = form_collect(f, subs_kind(), subs_keys, v.zone(), nullptr);
    r.payload["channel"] = channel;
    form_send(v, c, subs_form, f, std::move(r), "subscription.create");
}

// "Unsubscribe the channel": every active tunnel of it, after a confirmation.
void unsubscribe_channel(view& v, const std::vector<const cc::record*>& tunnels, form_state& sv) {
    std::vector<const cc::record*> active;
    for (const cc::record* r : tunnels)
        if (subs_active(*r)) active.push_back(r);
    if (active.empty() || !v.can(cc::verb::change, "subscription")) return;
    if (sv.step != "confirm") {
        ImGui::SameLine();
        if (button(v.t("subs.unsubscribe_channel"), "unsubscribe_channel", ICON_BAN)) sv.step = "confirm";
        return;
    }
    ImGui::AlignTextToFramePadding();
    text_colored(col::error(), tr_num(v.m.lang, "subs.confirm", active.size()), "status");
    ImGui::SameLine();
    if (button(v.t("subs.unsubscribe_all"), "unsubscribe_yes", ICON_BAN)) {
        for (const cc::record* r : active) v.edit_record(*r, "subscription.unsubscribe", cc::json::object(), subs_view);
        sv.step.clear();
    }
    ImGui::SameLine();
    if (button(v.t("action.cancel"), "unsubscribe_no")) sv.step.clear();
}

//-----------------------------------------------------------------------------
// [SECTION] The tab
//-----------------------------------------------------------------------------

void draw_subscriptions(view& v, const cc::client& c) {
    const auto channels = subs_channels(v, c);
    if (channels.empty()) return text_colored(col::muted(), v.t("subs.no_channels"), "status");
    form_state& sv = v.s.forms[subs_view];
    std::string& picked = sv.text["channel"];
    if (std::find(channels.begin(), channels.end(), picked) == channels.end()) picked = channels.front();
    ImGui::AlignTextToFramePadding();
    text_colored(col::muted(), v.t("subs.channel"));
    for (const std::string& ch : channels) {
        same_line_if_fits(ImGui::CalcTextSize(ch.c_str()).x + ImGui::GetStyle().FramePadding.x * 2);
        if (choice(ch, ch == picked, "ch/" + ch)) picked = ch, sv.step.clear();
    }
    const std::string channel = picked;  // the tunnel buttons below may change the map
    const auto tunnels = tunnels_of(v, c, channel);
    if (v.can(cc::verb::create, "subscription") && !v.s.forms.count(subs_form)) {
        if (button(v.t("subs.subscribe_to"), "subscribe", ICON_PLUS)) {
            v.s.forms[subs_form] = form_state{};
            v.s.focus_key = std::string(subs_form) + "/tunnel";
        }
    }
    unsubscribe_channel(v, tunnels, v.s.forms[subs_view]);
    subscribe_form(v, c, channel);
    refusal_at(v, subs_view, v.t("tab.subscriptions"));
    if (tunnels.empty()) text_colored(col::muted(), v.t("subs.none"), "status");
    for (const cc::record* r : tunnels) tunnel_row(v, c, *r);
}

bool shows(const view& v, const cc::client&) { return v.can(cc::verb::read, "subscription"); }

//-----------------------------------------------------------------------------
// [SECTION] Strings
//-----------------------------------------------------------------------------

// clang-format off
const string_row strings[] = {
    {"tab.subscriptions",      "Subscriptions",                  "Подписки"},
    {"subs.channel",           "Channel:",                       "Канал:"},
    {"subs.no_channels",       "No channels and no subscriptions yet", "Нет каналов и подписок"},
    {"subs.none",              "Not in any tunnel of this channel", "Нет подписок на туннели этого канала"},
    {"subs.no_history",        "No history here yet",            "Истории пока нет"},
    {"subs.subscribe_to",      "Subscribe to a tunnel",          "Подписать на туннель"},
    {"subs.new",               "Subscribe to a tunnel at a block", "Подписка на туннель с блока"},
    {"subs.subscribe",         "Subscribe",                      "Подписать"},
    {"subs.unsubscribe",       "Unsubscribe",                    "Отписать"},
    {"subs.unsubscribe_channel", "Unsubscribe the channel",      "Отписать от канала"},
    {"subs.unsubscribe_all",   "Unsubscribe all",                "Отписать от всех"},
    {"subs.move",              "Move to block",                  "Перевести на блок"},
    {"subs.move_title",        "Move \"{tunnel}\" to another block", "Перевести «{tunnel}» на другой блок"},
    {"subs.move_save",         "Move",                           "Перевести"},
    {"subs.seen_blocks",       "Was at:",                        "Был на блоках:"},
    {"subs.confirm",           "Unsubscribe from {n} tunnel(s) of this channel?", "Отписать от туннелей этого канала ({n})?"},
    {"subscription.channel",   "Channel",                        "Канал"},
    {"subscription.tunnel",    "Tunnel",                         "Туннель"},
    {"subscription.block",     "Block",                          "Блок"},
    {"subscription.state",     "State",                          "Состояние"},
    {"subscription.state.active", "subscribed",                  "подписан"},
    {"subscription.state.unsubscribed", "unsubscribed",          "отписан"},
    {"subscription.unsubscribed_at", "Unsubscribed",             "Отписан"},
    {"subscription.unsubscribed_by", "Unsubscribed by",          "Кем отписан"},
    {"subscription.external_id", "External ID",                  "Внешний ID"},
    {"subscription.source",    "System",                         "Система"},
};
// clang-format on

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Registration
//-----------------------------------------------------------------------------

const section_def& section_subscriptions() {
    static const section_def def = [] {
        section_def s;
        s.id = "subscriptions";
        s.order = 60;
        s.label_key = "tab.subscriptions";
        s.draw = draw_subscriptions;
        s.shows = shows;
        own_strings(s, strings);
        return s;
    }();
    return def;
}

}  // namespace ui
