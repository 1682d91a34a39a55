// deals.cpp — the "Deals and plans" section. Deals (MVP Project's deal block): pipeline, stage,
// amount and currency, support line, channel, manager, each editable in place (deal.set with only
// what changed); a lost deal needs its reason (the core's check, shown at the field); the stage
// changes listed from → to with who and when, read from the client's log entries of the deal.
// Sales plans (Leeloo.ai): plan name, status, amount, manager; "+ Add to sales plan"; "Assign
// manager" locks the entry with that manager (plan.lock: who and when are shown, the manager
// combo is disabled while locked); "Unlock" only where the policy allows plan.unlock.
//
// Index of this file:
// [SECTION] Forms shared by deals and plans
// [SECTION] Deals
// [SECTION] Sales plans
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
// [SECTION] Forms shared by deals and plans
//-----------------------------------------------------------------------------

const cc::kind_def& kind_of(const char* name) { return *cc::find_kind(name); }

std::vector<const cc::record*> newest_of(const view& v, const cc::client& c, const char* kind) {
    auto out = live_records(v, c, kind);
    newest_first(out, nullptr);
    return out;
}

// The rows of `keys`; the manager field offers the people known on the card.
void record_rows(view& v, const cc::client& c, form_state& f, const std::string& key, const cc::kind_def& k,
                 const std::vector<std::string>& keys, bool manager_locked = false) {
    if (!rows_begin("fields")) return;
    for (const std::string& fk : keys) {
        field_row_opts o;
        if (fk == "manager") o.people = known_people(v, c);
        ImGui::BeginDisabled(fk == "manager" && manager_locked);
        field_row(v, f, key, k, *k.field(fk), o);
        ImGui::EndDisabled();
    }
    rows_end();
}

// A new record's form: Save sends <kind>.create.
void new_record_form(view& v, const cc::client& c, const char* kind, const std::string& key,
                     const std::vector<std::string>& keys, const char* title_key) {
    form_state* f = form_open(v, key);
    if (!f) return;
    form_begin(*f, key.c_str(), v.t(title_key));
    record_rows(v, c, *f, key, kind_of(kind), keys);
    if (form_footer(v, key, keys))
        form_send(v, c, key, *f, form_collect(*f, kind_of(kind), keys, v.zone(), nullptr), std::string(kind) + ".create");
}

// An existing record's form, following the record while untouched; Save sends <kind>.set with
// what changed.
void edit_record_form(view& v, const cc::client& c, const cc::record& r, const std::vector<std::string>& keys,
                      bool manager_locked = false) {
    const std::string key = r.kind + "/" + r.id;
    form_state& f = record_form(v, key, kind_of(r.kind.c_str()), r);
    const bool can = v.can(cc::verb::change, r.kind);
    ImGui::BeginDisabled(!can);
    record_rows(v, c, f, key, kind_of(r.kind.c_str()), keys, manager_locked);
    ImGui::EndDisabled();
    const form_press pressed = form_buttons(v, key, keys, !f.touched.empty());
    if (pressed == form_press::cancel) return (void)v.s.forms.erase(key);
    if (pressed == form_press::save)
        form_send(v, c, key, f, form_collect(f, kind_of(r.kind.c_str()), keys, v.zone(), &r), r.kind + ".set", &r);
}

//-----------------------------------------------------------------------------
// [SECTION] Deals
//-----------------------------------------------------------------------------

std::vector<std::string> deal_keys(const form_state* f, const cc::record* r) {
    std::vector<std::string> keys = {"title", "pipeline", "stage", "amount", "currency", "support_line", "channel", "manager"};
    bool lost = r && r->text("stage") == "lost";
    if (f && f->text.count("stage")) lost = f->text.at("stage") == "lost";
    if (lost) keys.emplace_back("lost_reason");
    return keys;
}

// "Stage: New → Negotiation · Boris · 2023-11-14 22:13", oldest first.
void stage_history(view& v, const cc::client& c, const cc::record& r) {
    std::vector<std::string> lines;
    for (const cc::activity_entry& e : v.m.store.history(c.id)) {
        if (e.record_id != r.id) continue;
        for (const cc::field_change& ch : e.changes)
            if (ch.field == "stage" && !ch.old_value.empty())
                lines.push_back(change_text(v, ch, "deal").spoken + " \xC2\xB7 " + e.actor + " \xC2\xB7 " + local_text(e.at, v.zone()));
    }
    if (lines.empty()) return;
    text_colored(col::muted(), v.t("deal.stage_changes"));
    for (auto it = lines.rbegin(); it != lines.rend(); ++it) text(*it, "listitem");
}

void draw_deals(view& v, const cc::client& c) {
    const std::string new_key = "deal/new";
    heading(v.t("deal.title_many"));
    if (v.can(cc::verb::create, "deal") && !v.s.forms.count(new_key) && button(v.t("deal.add"), "add_deal", ICON_PLUS)) {
        form_state f;
        form_load(f, kind_of("deal"), payload({{"pipeline", "Sales"}, {"stage", "new"}, {"currency", "RUB"}}), v.zone());
        v.s.forms[new_key] = std::move(f);
        v.s.focus_key = new_key + "/title";
    }
    auto it = v.s.forms.find(new_key);
    new_record_form(v, c, "deal", new_key, deal_keys(it == v.s.forms.end() ? nullptr : &it->second, nullptr), "deal.new");
    const auto deals = newest_of(v, c, "deal");
    if (deals.empty()) text_colored(col::muted(), v.t("deal.none"), "status");
    for (const cc::record* r : deals) {
        ImGui::PushID(r->id.c_str());
        panel_begin("deal");
        ImGui::TextColored(col::accent(), "%s", ICON_BRIEFCASE);
        ImGui::SameLine();
        text_colored(col::accent(), r->text("title"), "heading");
        const auto f = v.s.forms.find("deal/" + r->id);
        edit_record_form(v, c, *r, deal_keys(f == v.s.forms.end() ? nullptr : &f->second, r));
        stage_history(v, c, *r);
        panel_end();
        ImGui::PopID();
    }
}

//-----------------------------------------------------------------------------
// [SECTION] Sales plans
//-----------------------------------------------------------------------------

const std::vector<std::string> plan_keys = {"plan", "status", "amount", "currency", "manager"};

void plan_lock_row(view& v, const cc::client& c, const cc::record& r) {
    const std::string key = "plan/" + r.id;
    if (!r.get("locked_by").is_null()) {
        text_colored(col::warn(), tr_fill(v.m.lang, "plan.locked_info", {{"{who}", r.text("locked_by")},
                                                                         {"{when}", local_text(r.number("locked_at"), v.zone())}}),
                     "status");
        if (cc::allowed_op(v.role(), "plan.unlock")) {
            ImGui::SameLine();
            if (small_button(v.t("plan.unlock"), "unlock")) v.edit_record(r, "plan.unlock", cc::json::object(), key);
        }
        return;
    }
    if (!cc::allowed_op(v.role(), "plan.lock")) return;
    // The manager the form holds now (or the record's), assigned and locked at once.
    auto it = v.s.forms.find(key);
    std::string manager = r.text("manager");
    if (it != v.s.forms.end() && it->second.text.count("manager")) manager = it->second.text.at("manager");
    (void)c;
    ImGui::BeginDisabled(manager.empty());
    if (button(v.t("plan.assign"), "assign", ICON_USER)) {
        v.edit_record(r, "plan.lock", payload({{"manager", manager}}), key);
        v.s.forms.erase(key);
    }
    ImGui::EndDisabled();
}

void draw_plans(view& v, const cc::client& c) {
    const std::string new_key = "plan/new";
    heading(v.t("plan.title_many"));
    if (v.can(cc::verb::create, "plan") && !v.s.forms.count(new_key) && button(v.t("plan.add"), "add_plan", ICON_PLUS)) {
        form_state f;
        form_load(f, kind_of("plan"), payload({{"status", "active"}, {"currency", "RUB"}}), v.zone());
        v.s.forms[new_key] = std::move(f);
        v.s.focus_key = new_key + "/plan";
    }
    new_record_form(v, c, "plan", new_key, plan_keys, "plan.new");
    const auto plans = newest_of(v, c, "plan");
    if (plans.empty()) text_colored(col::muted(), v.t("plan.none"), "status");
    for (const cc::record* r : plans) {
        ImGui::PushID(r->id.c_str());
        panel_begin("plan");
        ImGui::TextColored(col::accent(), "%s", ICON_BULLSEYE);
        ImGui::SameLine();
        text_colored(col::accent(), r->text("plan"), "heading");
        edit_record_form(v, c, *r, plan_keys, !r->get("locked_by").is_null());
        plan_lock_row(v, c, *r);
        refusal_at(v, "plan/" + r->id, v.t("plan.title_many"));
        panel_end();
        ImGui::PopID();
    }
}

//-----------------------------------------------------------------------------
// [SECTION] The tab
//-----------------------------------------------------------------------------

void draw_deals_tab(view& v, const cc::client& c) {
    if (v.can(cc::verb::read, "deal")) draw_deals(v, c);
    ImGui::Spacing();
    if (v.can(cc::verb::read, "plan")) draw_plans(v, c);
}

bool shows(const view& v, const cc::client&) { return v.can(cc::verb::read, "deal") || v.can(cc::verb::read, "plan"); }

//-----------------------------------------------------------------------------
// [SECTION] Strings
//-----------------------------------------------------------------------------

// clang-format off
const string_row strings[] = {
    {"tab.deals",              "Deals and plans",                "Сделки и планы"},
    {"deal.title_many",        "Deals",                          "Сделки"},
    {"deal.add",               "New deal",                       "Новая сделка"},
    {"deal.new",               "New deal",                       "Новая сделка"},
    {"deal.none",              "No deals",                       "Сделок нет"},
    {"deal.stage_changes",     "Stage changes",                  "Смена этапов"},
    {"deal.title",             "Title",                          "Название"},
    {"deal.pipeline",          "Pipeline",                       "Воронка"},
    {"deal.stage",             "Stage",                          "Этап"},
    {"deal.stage.new",         "New",                            "Новая"},
    {"deal.stage.contacted",   "Contacted",                      "Контакт установлен"},
    {"deal.stage.qualified",   "Qualified",                      "Квалифицирована"},
    {"deal.stage.negotiation", "Negotiation",                    "Переговоры"},
    {"deal.stage.invoice",     "Invoice sent",                   "Выставлен счёт"},
    {"deal.stage.won",         "Won",                            "Успешно"},
    {"deal.stage.lost",        "Lost",                           "Проиграна"},
    {"deal.amount",            "Amount",                         "Сумма"},
    {"deal.currency",          "Currency",                       "Валюта"},
    {"deal.support_line",      "Support line",                   "Линия поддержки"},
    {"deal.channel",           "Channel",                        "Канал"},
    {"deal.manager",           "Manager",                        "Менеджер"},
    {"deal.lost_reason",       "Why lost",                       "Причина проигрыша"},
    {"deal.external_id",       "External ID",                    "Внешний ID"},
    {"deal.source",            "System",                         "Система"},
    {"plan.title_many",        "Sales plans",                    "Планы продаж"},
    {"plan.add",               "+ Add to sales plan",            "+ Добавить в план продаж"},
    {"plan.new",               "Add to sales plan",              "Добавить в план продаж"},
    {"plan.none",              "Not in any sales plan",          "Нет в планах продаж"},
    {"plan.assign",            "Assign manager",                 "Назначить менеджера"},
    {"plan.unlock",            "Unlock",                         "Разблокировать"},
    {"plan.locked_info",       "Manager assigned and locked by {who}, {when}", "Менеджер закреплён: {who}, {when}"},
    {"plan.plan",              "Plan",                           "План"},
    {"plan.status",            "Status",                         "Статус"},
    {"plan.status.active",     "Active",                         "Активен"},
    {"plan.status.in_progress", "In progress",                   "В работе"},
    {"plan.status.completed",  "Completed",                      "Выполнен"},
    {"plan.status.cancelled",  "Cancelled",                      "Отменён"},
    {"plan.amount",            "Amount",                         "Сумма"},
    {"plan.currency",          "Currency",                       "Валюта"},
    {"plan.manager",           "Manager",                        "Менеджер"},
    {"plan.locked_by",         "Locked by",                      "Кем закреплён"},
    {"plan.locked_at",         "Locked",                         "Закреплён"},
    {"plan.external_id",       "External ID",                    "Внешний ID"},
    {"plan.source",            "System",                         "Система"},
};
// clang-format on

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Registration
//-----------------------------------------------------------------------------

const section_def& section_deals() {
    static const section_def def = [] {
        section_def s;
        s.id = "deals";
        s.order = 55;
        s.label_key = "tab.deals";
        s.draw = draw_deals_tab;
        s.shows = shows;
        own_strings(s, strings);
        return s;
    }();
    return def;
}

}  // namespace ui
