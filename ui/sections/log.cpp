// log.cpp — the "Log" section: the client's activity, newest first, derived from the ops (not a
// second bookkeeping; DESIGN §3), as Leeloo.ai's logs show it: date and time (in the viewer's
// zone), who, an icon and a description per action type, and old -> new for every field an
// entry changed. Record entries (tasks, calls, comments) read through the schema: field labels,
// enum words and times as the card shows them. Filter chips by type persist across reloads
// (GetCourse; the core keeps them), and older history comes a page at a time from the server.
// Entries only in this browser's journal are marked as not synced yet (or as rejected). The
// wording of a change is shared with the conflict and rejected-op boxes on the card.
//
// Index of this file:
// [SECTION] Wording
// [SECTION] Action types and icons
// [SECTION] Filters and paging
// [SECTION] draw_log
// [SECTION] Strings
// [SECTION] Registration

#include <set>
#include <utility>

#include <imgui.h>

#include "core/schema/kind.hpp"
#include "core/store.hpp"
#include "ui/icons.hpp"
#include "ui/kit/fields.hpp"
#include "ui/kit/time.hpp"
#include "ui/section.hpp"
#include "ui/semantic.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Wording
//-----------------------------------------------------------------------------

// One line: a log value may hold a whole note.
std::string one_line(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    return out;
}

// "phones:<id>:type" -> {"phones", "type"}; "name" -> {"name", ""}.
std::pair<std::string, std::string> list_and_part(const std::string& field) {
    const auto a = field.find(':');
    if (a == std::string::npos) return {field, ""};
    const auto b = field.rfind(':');
    return {field.substr(0, a), b > a ? field.substr(b + 1) : ""};
}

// The record kind an op kind names ("task.set" -> task); nullptr for the client's own ops.
const cc::kind_def* record_kind_of(std::string_view op_kind) {
    const cc::kind_def* k = cc::find_kind(cc::split_op_kind(op_kind).first);
    return k && !k->root ? k : nullptr;
}

}  // namespace

std::string kind_text(view& v, const std::string& kind) {
    std::string key = "log.kind." + kind;
    return tr_has(key) ? std::string(v.t(key)) : kind;
}

std::string field_label(view& v, const std::string& field, std::string_view record_kind) {
    if (!record_kind.empty()) return field_name(v, record_kind, field);
    // Changes name a field ("name"), a list ("phones", "tags"), a list element's field
    // ("phones:<id>:raw", named by its list: element ids mean nothing to a user) or a custom
    // field ("custom:Source", named by its key, which may itself hold ':').
    if (field.rfind("custom:", 0) == 0) return field.substr(7);
    std::string key = "field." + field;
    if (tr_has(key)) return v.t(key);
    const std::string list = list_and_part(field).first;
    if (list != field && tr_has("field." + list)) return v.t("field." + list);
    return field;
}

std::string value_text(view& v, const std::string& field, const std::string& value, std::string_view record_kind) {
    if (!record_kind.empty()) {
        // A record's value read through its field's definition (times in the viewer's zone).
        const cc::kind_def* k = cc::find_kind(record_kind);
        const cc::field_def* d = k ? k->field(field) : nullptr;
        if (d && !value.empty()) {
            switch (d->type) {
                case cc::field_type::datetime:
                    try {
                        return local_text(std::stoll(value), v.zone());
                    } catch (...) {
                        return value;
                    }
                case cc::field_type::enumeration: return enum_word(v, record_kind, field, value);
                case cc::field_type::boolean:
                    if (value == "true" || value == "false") return v.t(value == "true" ? "log.yes" : "log.no");
                    break;
                default: break;
            }
        }
        return one_line(value);
    }
    const auto [list, part] = list_and_part(field);
    const std::string& f = part.empty() ? list : part;
    if (f == "gender" && tr_has("gender." + value)) return v.t("gender." + value);
    if (f == "type" && list == "phones" && tr_has("phone_type." + value)) return v.t("phone_type." + value);
    if (f == "type" && list == "addresses" && tr_has("address_type." + value)) return v.t("address_type." + value);
    if (f == "kind" && list == "channels" && tr_has("kind." + value)) return v.t("kind." + value);
    if (value == "true" || value == "false") {
        if (f == "spammer" || f == "vip" || f == "deleted" || f == "archived" || f == "gender_set_by_hand")
            return v.t(value == "true" ? "log.yes" : "log.no");
    }
    return one_line(value);
}

// Noto Sans has no arrow, so the drawn text uses the icon font's arrow and the spoken one a
// real "→".
change_line change_text(view& v, const cc::field_change& ch, std::string_view record_kind) {
    std::string old_v = value_text(v, ch.field, ch.old_value, record_kind);
    std::string new_v = value_text(v, ch.field, ch.new_value, record_kind);
    std::string head = field_label(v, ch.field, record_kind) + ": ";
    if (old_v.empty()) return {head + new_v, head + new_v};
    if (new_v.empty()) new_v = v.t("log.removed");
    return {head + old_v + " " ICON_ARROW_RIGHT " " + new_v, head + old_v + " → " + new_v};
}

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Action types and icons
//-----------------------------------------------------------------------------

// The filter type of an entry: "client" (the client's own ops: fields, lists, tags, custom
// fields), or the record kind it changed ("task", "call", "comment").
std::string type_of(const cc::activity_entry& e) {
    if (const cc::kind_def* k = record_kind_of(e.kind)) return k->name;
    return "client";
}

bool changes_field(const cc::activity_entry& e, std::string_view field) {
    for (const auto& ch : e.changes)
        if (ch.field == field) return true;
    return false;
}

std::string new_value_of(const cc::activity_entry& e, std::string_view field) {
    for (const auto& ch : e.changes)
        if (ch.field == field) return ch.new_value;
    return "";
}

// The record kinds of the money and activity sections (issue 9): each a type of the filter, an
// icon, and an entry word per op ("log.kind.<op kind>", else the kind's own "log.kind.<kind>").
struct record_look { const char* kind; const char* icon; };
const record_look record_looks[] = {
    {"order", ICON_CART},       {"payment", ICON_MONEY},  {"balance", ICON_CARD},
    {"sale", ICON_BAG},         {"registration", ICON_LINK}, {"deal", ICON_BRIEFCASE},
    {"plan", ICON_BULLSEYE},    {"subscription", ICON_RSS}, {"membership", ICON_ID_CARD},
    {"webinar", ICON_VIDEO},    {"visit", ICON_GLOBE},
};

// The action an entry is, in the words of the log ("Task rescheduled", "Comment edited") and
// its icon.
struct action_look { std::string what; const char* icon; ImVec4 colour; };
action_look look_of(view& v, const cc::activity_entry& e) {
    const std::string& k = e.kind;
    const ImVec4 muted = col::muted(), accent = col::accent();
    if (k == "task.set" && (changes_field(e, "due_at") || changes_field(e, "due_date")))
        return {v.t("log.kind.task.reschedule"), ICON_CALENDAR, accent};
    if (k == "task.complete") {
        const bool cancelled = new_value_of(e, "status") == "cancelled";
        return {v.t(cancelled ? "log.kind.task.cancel" : "log.kind.task.complete"), cancelled ? ICON_TIMES : ICON_CHECK,
                cancelled ? muted : col::ok()};
    }
    // A payment says how it ended: succeeded, or failed with the provider's code.
    if (k.rfind("payment.", 0) == 0 && changes_field(e, "status")) {
        const std::string st = new_value_of(e, "status");
        if (st == "failed") {
            const std::string code = new_value_of(e, "error_code");
            return {code.empty() ? std::string(v.t("log.kind.payment.failed"))
                                 : tr_fill(v.m.lang, "log.kind.payment.failed_code", {{"{code}", code}}),
                    ICON_EXCLAMATION, col::error()};
        }
        // A manual payment (no provider) is only "added" until confirmed.
        if (st == "succeeded" && (k != "payment.create" || changes_field(e, "source")))
            return {v.t("log.kind.payment.succeeded"), ICON_MONEY, col::ok()};
    }
    if (k == "deal.set" && changes_field(e, "stage")) return {v.t("log.kind.deal.stage"), ICON_BRIEFCASE, accent};
    if (k == "subscription.unsubscribe" || k == "membership.revoke") {
        return {kind_text(v, k), ICON_BAN, muted};
    }
    const char* icon = ICON_PENCIL;
    ImVec4 colour = muted;
    if (k == "client.create") icon = ICON_USER_PLUS, colour = accent;
    else if (k == "client.delete" || k.find(".delete") != std::string::npos) icon = ICON_TRASH, colour = col::error();
    else if (k == "client.restore" || k == "task.reopen") icon = ICON_UNDO;
    else if (k.rfind("tag.", 0) == 0) icon = ICON_TAG, colour = accent;
    else if (k == "task.create") icon = ICON_CHECK_SQUARE, colour = accent;
    else if (k == "call.create") icon = ICON_PHONE, colour = accent;
    else if (k == "comment.create") icon = ICON_COMMENT, colour = accent;
    else if (const cc::kind_def* rk = record_kind_of(k)) {
        for (const record_look& l : record_looks)
            if (rk->name == l.kind) icon = l.icon, colour = accent;
        // An op without its own words reads as the kind's ("Order" + the changes).
        if (!tr_has("log.kind." + k) && tr_has("log.kind." + rk->name)) return {v.t("log.kind." + rk->name), icon, colour};
    }
    return {kind_text(v, k), icon, colour};
}

//-----------------------------------------------------------------------------
// [SECTION] Filters and paging
//-----------------------------------------------------------------------------

const char* const log_types[] = {"client", "task", "call", "comment", "order", "payment", "balance", "sale",
                                  "registration", "deal", "plan", "subscription", "membership", "webinar", "visit"};

// Chips that show or hide each type; the set of shown types is the core's (empty: all), so it
// survives a reload. Hiding the last shown type shows all again.
void filter_chips(view& v) {
    const std::set<std::string>& shown = v.m.log_filter;
    ImGui::AlignTextToFramePadding();
    text_colored(col::muted(), v.t("log.show"));
    for (const char* type : log_types) {
        const bool on = shown.empty() || shown.count(type) != 0;
        const std::string label = v.t(std::string("log.type.") + type);
        same_line_if_fits(ImGui::CalcTextSize(label.c_str()).x + ImGui::GetStyle().FramePadding.x * 2);
        if (!choice(label, on, std::string("filter_") + type)) continue;
        std::set<std::string> next;
        if (on) {
            for (const char* t : log_types)
                if (t != std::string_view(type) && (shown.empty() || shown.count(t))) next.insert(t);
        } else {
            next = shown;
            next.insert(type);
        }
        if (next.size() == std::size(log_types)) next.clear();
        v.send(cc::log_filter_changed{std::move(next)});
    }
}

// "Load earlier" under the last entry while the server has older history for this client;
// a spinner while a page is on its way, the error and Retry when it failed.
void history_paging(view& v, const cc::client& c) {
    if (!v.m.signed_in) return;  // the history beyond this browser lives on the server
    auto it = v.m.history.find(c.id);
    const cc::history_paging paging = it == v.m.history.end() ? cc::history_paging{} : it->second;
    if (paging.complete) return;
    ImGui::Spacing();
    if (paging.loading) {
        ImGui::TextColored(col::muted(), "%s", ICON_SPINNER);
        ImGui::SameLine(0, 0.4f * em());
        text_colored(col::muted(), v.t("log.loading_earlier"), "status");
    } else if (paging.failed) {
        alert(v.err(*paging.failed), v.t("log.load_earlier"));
        if (button(v.t("log.retry"), "retry_history", ICON_REFRESH)) v.send(cc::history_requested{c.id});
    } else if (button(v.t("log.load_earlier"), "load_earlier", ICON_HISTORY)) {
        v.send(cc::history_requested{c.id});
    }
}

void cell(std::string_view s, const ImVec4* colour = nullptr, std::string_view spoken = {}) {
    if (colour) ImGui::PushStyleColor(ImGuiCol_Text, *colour);
    ImGui::TextUnformatted(s.data(), s.data() + s.size());
    if (colour) ImGui::PopStyleColor();
    sem_item_raw("text", spoken.empty() ? s : spoken);
}

//-----------------------------------------------------------------------------
// [SECTION] draw_log
//-----------------------------------------------------------------------------

void draw_log(view& v, const cc::client& c) {
    filter_chips(v);
    std::vector<cc::activity_entry> entries = v.m.store.history(c.id);
    if (!v.m.log_filter.empty()) {
        std::vector<cc::activity_entry> kept;
        for (auto& e : entries)
            if (v.m.log_filter.count(type_of(e))) kept.push_back(std::move(e));
        entries = std::move(kept);
    }
    if (entries.empty()) {
        text_colored(col::muted(), v.t("log.empty"), "status");
        history_paging(v, c);
        return;
    }
    // One table row per changed field (an entry without field changes gets one row), so every
    // row is one line high and the clipper can skip what is out of sight.
    struct line { std::size_t entry; int change; };
    std::vector<line> lines;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& e = entries[i];
        if (e.changes.empty()) lines.push_back({i, -1});
        for (std::size_t k = 0; k < e.changes.size(); ++k) lines.push_back({i, static_cast<int>(k)});
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable("log", 4, flags)) return;
    ImGui::TableSetupColumn(v.t("log.when"), ImGuiTableColumnFlags_WidthFixed, 8.5f * em());
    ImGui::TableSetupColumn(v.t("log.who"), ImGuiTableColumnFlags_WidthFixed, 6.0f * em());
    ImGui::TableSetupColumn(v.t("log.what"), ImGuiTableColumnFlags_WidthFixed, 9.0f * em());
    ImGui::TableSetupColumn(v.t("log.change"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    const ImVec4 muted = col::muted(), warn = col::warn(), err = col::error();
    const std::string zone = v.zone();
    std::set<std::string> rejected;
    for (const cc::journal_entry* j : cc::rejected_of(v.m, c.id)) rejected.insert(j->op.id);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(lines.size()));
    while (clipper.Step()) {
        for (int li = clipper.DisplayStart; li < clipper.DisplayEnd; ++li) {
            const line& l = lines[static_cast<std::size_t>(li)];
            const cc::activity_entry& e = entries[l.entry];
            const cc::kind_def* rk = record_kind_of(e.kind);
            const std::string record_kind = rk ? rk->name : std::string();
            const bool first = l.change <= 0;  // when/who/what only on an entry's first line
            ImGui::TableNextRow();
            ImGui::PushID(li);
            ImGui::TableSetColumnIndex(0);
            if (first) {
                // Not applied by the server yet (version 0): a clock, or a warning sign when
                // the server refused it (the card's top says why and what to do).
                const bool waiting = e.pending && e.version == 0;
                if (waiting) {
                    const bool refused = rejected.count(e.op_id) != 0;
                    const char* why = v.t(refused ? "log.rejected" : "log.pending");
                    ImGui::TextColored(refused ? err : warn, "%s", refused ? ICON_EXCLAMATION : ICON_CLOCK);
                    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", why);
                    sem_item_raw("status", why);
                    ImGui::SameLine(0, 4);
                }
                cell(local_text(e.at, zone), waiting ? &warn : nullptr);
            }
            ImGui::TableSetColumnIndex(1);
            if (first) cell(e.actor);
            ImGui::TableSetColumnIndex(2);
            if (first) {
                const action_look a = look_of(v, e);
                ImGui::TextColored(a.colour, "%s", a.icon);
                ImGui::SameLine(0, 0.4f * em());
                cell(a.what);
            }
            ImGui::TableSetColumnIndex(3);
            if (l.change >= 0) {
                change_line t = change_text(v, e.changes[static_cast<std::size_t>(l.change)], record_kind);
                cell(t.shown, nullptr, t.spoken);
            } else {
                cell("—", &muted);
            }
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
    history_paging(v, c);
}

//-----------------------------------------------------------------------------
// [SECTION] Strings
//-----------------------------------------------------------------------------

// clang-format off
const string_row strings[] = {
    {"tab.log",                "Log",                            "Журнал"},
    {"log.when",               "When",                           "Когда"},
    {"log.who",                "Who",                            "Кто"},
    {"log.what",               "What",                           "Что"},
    {"log.change",             "Change",                         "Изменение"},
    {"log.empty",              "No activity yet",                "Действий пока нет"},
    {"log.pending",            "Not synced yet",                 "Ещё не синхронизировано"},
    {"log.rejected",           "Rejected by the server",         "Отклонено сервером"},
    {"log.removed",            "(removed)",                      "(удалено)"},
    {"log.yes",                "yes",                            "да"},
    {"log.no",                 "no",                             "нет"},
    {"log.show",               "Show:",                          "Показать:"},
    {"log.type.client",        "Client",                         "Клиент"},
    {"log.type.task",          "Tasks",                          "Задачи"},
    {"log.type.call",          "Calls",                          "Звонки"},
    {"log.type.comment",       "Comments",                       "Комментарии"},
    {"log.load_earlier",       "Load earlier",                   "Загрузить более ранние"},
    {"log.loading_earlier",    "Loading earlier entries…",       "Загрузка более ранних записей…"},
    {"log.retry",              "Retry",                          "Повторить"},
    {"log.kind.client.create", "Created",                        "Создан"},
    {"log.kind.client.set",    "Changed",                        "Изменено"},
    {"log.kind.client.delete", "Deleted",                        "Удалён"},
    {"log.kind.client.restore", "Restored",                      "Восстановлен"},
    {"log.kind.item.add",      "Added",                          "Добавлено"},
    {"log.kind.item.update",   "Changed",                        "Изменено"},
    {"log.kind.item.remove",   "Removed",                        "Удалено"},
    {"log.kind.tag.add",       "Tag added",                      "Добавлен тег"},
    {"log.kind.tag.remove",    "Tag removed",                    "Удалён тег"},
    {"log.kind.custom.set",    "Field set",                      "Заполнено поле"},
    {"log.kind.custom.remove", "Field removed",                  "Удалено поле"},
    {"log.kind.task.create",   "Task created",                   "Создана задача"},
    {"log.kind.task.set",      "Task changed",                   "Изменена задача"},
    {"log.kind.task.reschedule", "Task rescheduled",             "Задача перенесена"},
    {"log.kind.task.complete", "Task done",                      "Задача выполнена"},
    {"log.kind.task.cancel",   "Task cancelled",                 "Задача отменена"},
    {"log.kind.task.reopen",   "Task reopened",                  "Задача открыта снова"},
    {"log.kind.task.delete",   "Task deleted",                   "Задача удалена"},
    {"log.kind.task.restore",  "Task restored",                  "Задача восстановлена"},
    {"log.kind.call.create",   "Call logged",                    "Добавлен звонок"},
    {"log.kind.call.set",      "Call changed",                   "Изменён звонок"},
    {"log.kind.call.delete",   "Call deleted",                   "Звонок удалён"},
    {"log.kind.comment.create", "Comment added",                 "Добавлен комментарий"},
    {"log.kind.comment.edit",  "Comment edited",                 "Комментарий исправлен"},
    // issue 9: Leeloo.ai's log list (Логи) for money and activity
    {"log.type.order",         "Orders",                         "Заказы"},
    {"log.type.payment",       "Payments",                       "Платежи"},
    {"log.type.balance",       "Balance",                        "Баланс"},
    {"log.type.sale",          "Sales",                          "Продажи"},
    {"log.type.registration",  "Registration link",              "Ссылка на регистрацию"},
    {"log.type.deal",          "Deals",                          "Сделки"},
    {"log.type.plan",          "Sales plans",                    "Планы продаж"},
    {"log.type.subscription",  "Subscriptions",                  "Подписки"},
    {"log.type.membership",    "Access",                         "Доступы"},
    {"log.type.webinar",       "Webinars",                       "Вебинары"},
    {"log.type.visit",         "Site visits",                    "Посещения сайта"},
    {"log.kind.order",         "Order",                          "Заказ"},
    {"log.kind.order.create",  "Order created",                  "Создан заказ"},
    {"log.kind.payment",       "Payment",                        "Платёж"},
    {"log.kind.payment.create", "Payment added",                 "Добавлен платёж"},
    {"log.kind.payment.succeeded", "Payment succeeded",          "Успешный платёж"},
    {"log.kind.payment.failed", "Payment failed",                "Неуспешный платёж"},
    {"log.kind.payment.failed_code", "Payment failed (code {code})", "Неуспешный платёж (код {code})"},
    {"log.kind.payment.confirm", "Payment confirmed",            "Платёж подтверждён"},
    {"log.kind.balance",       "Balance entry",                  "Запись баланса"},
    {"log.kind.sale",          "Sale",                           "Продажа"},
    {"log.kind.sale.create",   "Sale added",                     "Добавлена продажа"},
    {"log.kind.registration",  "Registration link",              "Ссылка на регистрацию"},
    {"log.kind.registration.create", "Registration link created", "Создана ссылка на регистрацию"},
    {"log.kind.deal",          "Deal",                           "Сделка"},
    {"log.kind.deal.create",   "Deal created",                   "Создана сделка"},
    {"log.kind.deal.stage",    "Deal stage changed",             "Изменён этап сделки"},
    {"log.kind.plan",          "Sales plan",                     "План продаж"},
    {"log.kind.plan.create",   "Added to a sales plan",          "Добавлен в план продаж"},
    {"log.kind.plan.lock",     "Manager assigned",               "Назначен менеджер"},
    {"log.kind.plan.unlock",   "Sales plan unlocked",            "План продаж разблокирован"},
    {"log.kind.subscription",  "Subscription",                   "Подписка"},
    {"log.kind.subscription.create", "Subscribed to a tunnel",   "Подписка на туннель"},
    {"log.kind.subscription.move", "Moved to a block",           "Переход в блок"},
    {"log.kind.subscription.unsubscribe", "Unsubscribed from a tunnel", "Отписка от туннеля"},
    {"log.kind.membership",    "Access",                         "Доступ"},
    {"log.kind.membership.create", "Access granted",             "Выдан доступ"},
    {"log.kind.membership.revoke", "Access revoked",             "Доступ отозван"},
    {"log.kind.webinar",       "Webinar watched",                "Просмотр вебинара"},
    {"log.kind.visit",         "Site visit",                     "Посещение сайта"},
};
// clang-format on

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Registration
//-----------------------------------------------------------------------------

const section_def& section_log() {
    static const section_def def = [] {
        section_def s;
        s.id = "log";
        s.order = 90;
        s.label_key = "tab.log";
        s.draw = draw_log;
        own_strings(s, strings);
        return s;
    }();
    return def;
}

}  // namespace ui
