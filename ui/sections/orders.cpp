// orders.cpp — the "Orders" section (Leeloo.ai Order History with its regular / recurring toggle,
// error codes and manual payment confirmation; GetCourse's Orders tab, "money brought", active
// orders and balances): the totals per currency at the top (never converted; manual payments not
// confirmed yet shown apart and left out), the orders (active ones first and marked), the open
// order (items, its payments, the shop's page, a recurring order's period, next charge, state and
// Pause / Resume / Cancel where the policy allows), every payment, the balances, memberships.
// Its parts: orders/payments.cpp (payments, "+ Payment"), orders/balances.cpp (balances).
//
// Index of this file:
// [SECTION] Reading an order
// [SECTION] Totals
// [SECTION] The orders
// [SECTION] The open order
// [SECTION] Memberships
// [SECTION] The tab
// [SECTION] The quick card's part
// [SECTION] Strings
// [SECTION] Registration

#include <algorithm>

#include <imgui.h>

#include "core/money_totals.hpp"
#include "core/policy.hpp"
#include "ui/icons.hpp"
#include "ui/kit/fields.hpp"
#include "ui/kit/rows.hpp"
#include "ui/kit/table.hpp"
#include "ui/kit/time.hpp"
#include "ui/section.hpp"
#include "ui/sections/orders/orders.hpp"
#include "ui/semantic.hpp"
#include "ui/widgets.hpp"

namespace ui {

namespace {

using namespace money;

//-----------------------------------------------------------------------------
// [SECTION] Reading an order
//-----------------------------------------------------------------------------

// GetCourse's "active orders": not paid yet and not finished or cancelled.
bool order_active(const cc::record& o) {
    const std::string s = o.text("status");
    return s == "new" || s == "awaiting_payment" || s == "partially_paid";
}

std::string order_when(const view& v, const cc::record& o) {
    const std::string t = time_text(v, o, "ordered_at");
    return t.empty() ? when_words(v, o.created_at) : t;
}

//-----------------------------------------------------------------------------
// [SECTION] Totals
//-----------------------------------------------------------------------------

// A label and its sums; recorded as one node (label, value) so a test reads what a user reads.
void total_line(view& v, const char* key, const std::string& value, const ImVec4& colour) {
    const char* label = v.t(key);
    row(label);
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(value.c_str(), value.c_str() + value.size());
    ImGui::PopStyleColor();
    sem_item_raw("text", label, value);
}

void draw_totals(view& v, const cc::client& c) {
    const cc::payment_totals t = cc::totals_of_payments(newest_records(v, c, "payment", "paid_at"));
    if (!rows_begin("totals")) return;
    const ImVec4 normal = ImGui::GetStyleColorVec4(ImGuiCol_Text);
    total_line(v, "orders.paid", sums_text(v, t.paid), normal);
    if (!t.refunded.empty()) total_line(v, "orders.refunded", sums_text(v, t.refunded), normal);
    total_line(v, "orders.brought", sums_text(v, t.brought), col::ok());
    if (!t.unconfirmed.empty()) total_line(v, "orders.unconfirmed", sums_text(v, t.unconfirmed), col::warn());
    if (t.failed > 0) total_line(v, "orders.failed", std::to_string(t.failed), col::error());
    rows_end();
}

//-----------------------------------------------------------------------------
// [SECTION] The orders
//-----------------------------------------------------------------------------

void orders_table(view& v, std::vector<const cc::record*> list, bool recurring) {
    std::stable_partition(list.begin(), list.end(), [](const cc::record* o) { return order_active(*o); });
    const bool made = recurring ? table_begin("recurring_orders", {{"number", 1.0f}, {"title", 2.2f}, {"amount", 1.2f},
                                                                   {"period", 1.0f}, {"next", 1.3f}, {"state", 1.1f}})
                                : table_begin("orders", {{"number", 1.0f}, {"title", 2.4f}, {"amount", 1.2f},
                                                         {"status", 1.4f}, {"date", 1.3f}});
    if (!made) return;
    for (const cc::record* r : list) {
        const cc::record& o = *r;
        const bool active = order_active(o);
        std::vector<cell> cells{{o.text("number"), active ? col::accent() : ImVec4(0, 0, 0, 0)},
                                {o.text("title")},
                                {money_text(v, o.number("amount"), o.text("currency"))}};
        if (recurring) {
            cells.push_back({enum_word(v, "order", "period", o.text("period"))});
            cells.push_back({time_text(v, o, "next_charge_at")});
            const std::string state = o.text("recurring_state");
            cells.push_back({enum_word(v, "order", "recurring_state", state),
                             state == "active" ? col::ok() : state == "past_due" ? col::error() : col::muted()});
        } else {
            std::string status = enum_word(v, "order", "status", o.text("status"));
            if (active) status += " · " + std::string(v.t("orders.active"));
            cells.push_back({status, o.text("status") == "failed" ? col::error() : active ? col::accent() : ImVec4(0, 0, 0, 0)});
            cells.push_back({order_when(v, o)});
        }
        const bool selected = v.s.open_record == o.id;
        if (record_row(o.id, cells, selected, true, cc::record_pending(v.m, o.id) ? v.t("form.pending") : ""))
            v.s.open_record = selected ? std::string() : o.id;
        row_end();
    }
    table_end();
}

//-----------------------------------------------------------------------------
// [SECTION] The open order
//-----------------------------------------------------------------------------

void info_line(const std::string& label, const std::string& value) {
    if (value.empty()) return;
    row(label);
    text(value);
}

// Pause, Resume, Cancel recurring: each where the state allows it and the policy lets this role.
void recurring_buttons(view& v, const cc::record& o) {
    const std::string state = o.text("recurring_state"), source = "order/" + o.id;
    struct act { const char* op; const char* label; bool fits; };
    const act acts[] = {
        {"order.pause", "orders.pause", state == "active" || state == "past_due"},
        {"order.resume", "orders.resume", state == "paused"},
        {"order.cancel_recurring", "orders.cancel_recurring", state != "cancelled"},
    };
    bool any = false;
    for (const act& a : acts) {
        if (!a.fits || !cc::allowed_op(v.role(), a.op)) continue;
        if (any) ImGui::SameLine();
        any = true;
        if (button(v.t(a.label), a.op)) v.edit_record(o, a.op, cc::json::object(), source);
    }
    refusal_at(v, source, o.text("number"));
}

void draw_order_panel(view& v, const cc::client& c, const cc::record& o) {
    ImGui::PushID(o.id.c_str());
    panel_begin("order_panel");
    heading(tr_fill(v.m.lang, "orders.panel", {{"{number}", o.text("number")}}));
    if (rows_begin("fields")) {
        info_line(field_name(v, "order", "title"), o.text("title"));
        info_line(field_name(v, "order", "amount"), money_text(v, o.number("amount"), o.text("currency")));
        info_line(field_name(v, "order", "status"), enum_word(v, "order", "status", o.text("status")));
        info_line(field_name(v, "order", "ordered_at"), order_when(v, o));
        info_line(field_name(v, "order", "paid_at"), time_text(v, o, "paid_at"));
        info_line(field_name(v, "order", "manager"), o.text("manager"));
        info_line(field_name(v, "order", "source"), o.text("source"));
        if (!o.text("url").empty()) {  // the shop's page: opened only if the link is allowed
            row(field_name(v, "order", "url"));
            if (link(o.text("url"), o.text("url"), "shop")) v.send(cc::link_requested{o.text("url")});
        }
        if (o.flag("recurring")) {
            info_line(field_name(v, "order", "period"), enum_word(v, "order", "period", o.text("period")));
            info_line(field_name(v, "order", "next_charge_at"), time_text(v, o, "next_charge_at"));
            info_line(field_name(v, "order", "recurring_state"),
                      enum_word(v, "order", "recurring_state", o.text("recurring_state")));
        }
        rows_end();
    }
    if (o.flag("recurring")) recurring_buttons(v, o);
    const cc::json& items = o.get("items");
    if (items.is_array() && !items.empty() &&
        table_begin("items", {{"name", 3.0f}, {"quantity", 0.8f}, {"price", 1.2f}, {"sum", 1.2f}})) {
        for (std::size_t i = 0; i < items.size(); ++i) {
            const cc::json& it = items[i];
            if (!it.is_object()) continue;
            const std::int64_t q = it.value("quantity", std::int64_t{1}), price = it.value("price", std::int64_t{0});
            record_row("item" + std::to_string(i),
                       {{it.value("name", "")}, {"× " + std::to_string(q)}, {money_text(v, price, o.text("currency"))},
                        {money_text(v, q * price, o.text("currency"))}},
                       false, false);
            row_end();
        }
        table_end();
    }
    std::vector<const cc::record*> paid;
    for (const cc::record* p : newest_records(v, c, "payment", "paid_at"))
        if (p->text("order") == o.id) paid.push_back(p);
    text_colored(col::muted(), tr_num(v.m.lang, "orders.payments", paid.size()));
    if (!paid.empty()) payments_table(v, c, paid, "order_payments");
    if (v.can(cc::verb::create, "payment") && !v.s.forms.count(payment_form)) {
        if (button(v.t("orders.add_payment"), "add_order_payment")) open_payment_form(v, c, o.id);
        ImGui::SameLine();
    }
    if (button(v.t("orders.close"), "close_order")) v.s.open_record.clear();
    panel_end();
    ImGui::PopID();
}

//-----------------------------------------------------------------------------
// [SECTION] Memberships
//-----------------------------------------------------------------------------

void draw_memberships(view& v, const cc::client& c) {
    if (!v.can(cc::verb::read, "membership")) return;
    const auto list = newest_records(v, c, "membership", "granted_at");
    if (list.empty()) return;
    heading(tr_num(v.m.lang, "orders.memberships", list.size()));
    if (!table_begin("memberships", {{"product", 3.0f}, {"state", 1.0f}, {"granted", 1.3f}, {"expires", 1.3f}})) return;
    for (const cc::record* m : list) {
        const std::string state = m->text("state");
        record_row(m->id, {{m->text("product")}, {enum_word(v, "membership", "state", state), state == "active" ? col::ok() : col::muted()},
                           {time_text(v, *m, "granted_at")}, {time_text(v, *m, state == "revoked" ? "revoked_at" : "expires_at")}},
                   false, false);
        row_end();
    }
    table_end();
}

//-----------------------------------------------------------------------------
// [SECTION] The tab
//-----------------------------------------------------------------------------

void draw_orders(view& v, const cc::client& c) {
    if (v.can(cc::verb::read, "payment")) draw_totals(v, c);

    if (const cc::record* o = v.m.store.find_record(v.s.open_record);
        o && o->kind == "order" && o->client_id == c.id && !o->deleted)
        draw_order_panel(v, c, *o);

    // The regular / recurring toggle (Leeloo.ai): one-off orders or the recurring ones.
    const bool recurring = v.s.unfolded.count("orders/recurring") != 0;
    std::vector<const cc::record*> list;
    for (const cc::record* o : newest_records(v, c, "order", "ordered_at"))
        if (o->flag("recurring") == recurring) list.push_back(o);
    if (choice(v.t("orders.regular"), !recurring, "regular")) v.s.unfolded.erase("orders/recurring");
    ImGui::SameLine();
    if (choice(v.t("orders.recurring"), recurring, "recurring")) v.s.unfolded.insert("orders/recurring");
    heading(tr_num(v.m.lang, recurring ? "orders.recurring_list" : "orders.list", list.size()));
    if (list.empty()) text_colored(col::muted(), v.t("orders.none"), "status");
    else orders_table(v, list, recurring);

    if (v.can(cc::verb::read, "payment")) {
        ImGui::Spacing();
        const auto payments = newest_records(v, c, "payment", "paid_at");
        heading(tr_num(v.m.lang, "orders.all_payments", payments.size()));
        if (v.can(cc::verb::create, "payment") && !v.s.forms.count(payment_form)) {
            if (button(v.t("orders.add_payment"), "add_payment")) open_payment_form(v, c, "");
        }
        draw_payment_form(v, c);
        if (payments.empty()) text_colored(col::muted(), v.t("orders.no_payments"), "status");
        else payments_table(v, c, payments, "payments");
    }
    if (v.can(cc::verb::read, "balance")) {
        ImGui::Spacing();
        draw_balances(v, c);
    }
    ImGui::Spacing();
    draw_memberships(v, c);
}

bool shows(const view& v, const cc::client&) { return v.can(cc::verb::read, "order") || v.can(cc::verb::read, "payment"); }

//-----------------------------------------------------------------------------
// [SECTION] The quick card's part
//-----------------------------------------------------------------------------

// GetCourse's quick facts: the money brought and the balances; a click opens the Orders tab.
void quick_money(view& v, const cc::client& c) {
    if (!v.can(cc::verb::read, "payment")) return;
    const auto payments = newest_records(v, c, "payment", "paid_at");
    const std::string balances = v.can(cc::verb::read, "balance") ? balances_line(v, c) : std::string();
    if (payments.empty() && balances.empty()) return;
    const cc::payment_totals t = cc::totals_of_payments(payments);
    const std::string brought = std::string(v.t("orders.brought")) + ": " + sums_text(v, t.brought);
    if (selectable_text(brought, false, "quick_brought", "link", ImGui::CalcTextSize(brought.c_str()).x + em()))
        v.s.tab_request = "orders";
    if (!t.unconfirmed.empty()) {
        ImGui::SameLine();
        text_colored(col::warn(), std::string(v.t("orders.unconfirmed")) + ": " + sums_text(v, t.unconfirmed));
    }
    if (!balances.empty()) text_colored(col::muted(), std::string(v.t("bal.title")) + ": " + balances);
}

//-----------------------------------------------------------------------------
// [SECTION] Strings
//-----------------------------------------------------------------------------

// clang-format off
const string_row strings[] = {
    {"tab.orders",             "Orders",                         "Заказы"},
    {"orders.paid",            "Payments made",                  "Оплачено"},
    {"orders.refunded",        "Refunded",                       "Возвращено"},
    {"orders.brought",         "Money brought",                  "Принесённые средства"},
    {"orders.unconfirmed",     "Awaiting confirmation (not counted)", "Ждут подтверждения (не учтены)"},
    {"orders.failed",          "Failed payments",                "Неудачные оплаты"},
    {"orders.regular",         "Regular",                        "Обычные"},
    {"orders.recurring",       "Recurring",                      "Регулярные"},
    {"orders.list",            "Orders ({n})",                   "Заказы ({n})"},
    {"orders.recurring_list",  "Recurring orders ({n})",         "Регулярные заказы ({n})"},
    {"orders.none",            "No orders",                      "Заказов нет"},
    {"orders.active",          "Active",                         "Активный"},
    {"orders.panel",           "Order {number}",                 "Заказ {number}"},
    {"orders.payments",        "Payments of the order ({n})",    "Оплаты заказа ({n})"},
    {"orders.all_payments",    "Payments ({n})",                 "Оплаты ({n})"},
    {"orders.no_payments",     "No payments",                    "Оплат нет"},
    {"orders.add_payment",     "+ Payment",                      "+ Оплата"},
    {"orders.close",           "Close",                          "Закрыть"},
    {"orders.pause",           "Pause",                          "Приостановить"},
    {"orders.resume",          "Resume",                         "Возобновить"},
    {"orders.cancel_recurring", "Cancel recurring",              "Отменить регулярный платёж"},
    {"orders.memberships",     "Memberships ({n})",              "Доступы ({n})"},
    {"pay.new",                "Manual payment",                 "Ручная оплата"},
    {"pay.new_note",           "Counts once someone else confirms it", "Будет учтена после подтверждения другим сотрудником"},
    {"pay.no_order",           "(no order)",                     "(без заказа)"},
    {"pay.unconfirmed",        "not confirmed",                  "не подтверждена"},
    {"pay.confirm",            "Confirm",                        "Подтвердить"},
    {"pay.assign",             "Assign to…",                     "Назначить…"},
    {"pay.assigned",           "→ {name}",                       "→ {name}"},
    {"pay.code_unknown",       "Unknown code {code}",            "Неизвестный код {code}"},
    // the acquirers' common answer codes (ISO 8583), as a manager can tell the client
    {"pay.code.04",            "The bank asks to keep the card (pick up)", "Банк просит изъять карту"},
    {"pay.code.05",            "The bank declined the payment without a reason", "Банк отклонил платёж без объяснения причин"},
    {"pay.code.12",            "Invalid transaction",            "Недопустимая операция"},
    {"pay.code.13",            "Invalid amount",                 "Неверная сумма"},
    {"pay.code.14",            "Invalid card number",            "Неверный номер карты"},
    {"pay.code.30",            "Format error in the request",    "Ошибка формата запроса"},
    {"pay.code.41",            "The card is reported lost",      "Карта числится утерянной"},
    {"pay.code.43",            "The card is reported stolen",    "Карта числится украденной"},
    {"pay.code.51",            "Not enough money on the card",   "Недостаточно средств на карте"},
    {"pay.code.54",            "The card has expired",           "Истёк срок действия карты"},
    {"pay.code.55",            "Wrong PIN",                      "Неверный PIN-код"},
    {"pay.code.57",            "The card may not be used for this payment", "Операция запрещена для этой карты"},
    {"pay.code.59",            "Suspected fraud",                "Подозрение на мошенничество"},
    {"pay.code.61",            "The card's amount limit is exceeded", "Превышен лимит суммы по карте"},
    {"pay.code.62",            "The card is restricted",         "Карта ограничена"},
    {"pay.code.65",            "Too many payments with this card", "Превышен лимит числа операций по карте"},
    {"pay.code.75",            "Too many wrong PIN attempts",    "Превышено число попыток ввода PIN-кода"},
    {"pay.code.91",            "The card's bank is not reachable; try later", "Банк карты недоступен, повторите позже"},
    {"pay.code.96",            "System error at the bank; try later", "Системная ошибка банка, повторите позже"},
    {"bal.title",              "Balances",                       "Баланс"},
    {"bal.none",               "No balance entries",             "Движений по балансу нет"},
    {"bal.add",                "+ Entry",                        "+ Движение"},
    {"bal.new",                "Balance entry",                  "Движение по балансу"},
    {"bal.direction",          "Credit or debit",                "Начисление или списание"},
    {"bal.credit",             "Credit",                         "Начислить"},
    {"bal.debit",              "Debit",                          "Списать"},
    {"bal.pending",            "Pending",                        "Ожидает"},
    {"bal.refused",            "Refused by the server: {entry} — {why}", "Сервер отказал: {entry} — {why}"},
    {"bal.pending_sum",        "pending {amount}",               "ожидает {amount}"},
    // the schema's labels ("<kind>.<field>") and words ("<kind>.<field>.<value>")
    {"order.number",           "Number",                         "Номер"},
    {"order.title",            "Title",                          "Название"},
    {"order.items",            "Items",                          "Позиции"},
    {"order.amount",           "Amount",                         "Сумма"},
    {"order.currency",         "Currency",                       "Валюта"},
    {"order.status",           "Status",                         "Статус"},
    {"order.status.new",       "New",                            "Новый"},
    {"order.status.awaiting_payment", "Awaiting payment",        "Ожидает оплаты"},
    {"order.status.partially_paid", "Partially paid",            "Частично оплачен"},
    {"order.status.paid",      "Paid",                           "Оплачен"},
    {"order.status.failed",    "Payment failed",                 "Ошибка оплаты"},
    {"order.status.refunded",  "Refunded",                       "Возвращён"},
    {"order.status.cancelled", "Cancelled",                      "Отменён"},
    {"order.ordered_at",       "Ordered",                        "Дата заказа"},
    {"order.paid_at",          "Paid",                           "Дата оплаты"},
    {"order.manager",          "Manager",                        "Менеджер"},
    {"order.url",              "Page in the shop",               "Страница в магазине"},
    {"order.recurring",        "Recurring",                      "Регулярный"},
    {"order.period",           "Period",                         "Период"},
    {"order.period.week",      "Weekly",                         "Еженедельно"},
    {"order.period.month",     "Monthly",                        "Ежемесячно"},
    {"order.period.quarter",   "Quarterly",                      "Ежеквартально"},
    {"order.period.year",      "Yearly",                         "Ежегодно"},
    {"order.next_charge_at",   "Next charge",                    "Следующее списание"},
    {"order.recurring_state",  "State",                          "Состояние"},
    {"order.recurring_state.active", "Active",                   "Активна"},
    {"order.recurring_state.past_due", "Past due",               "Просрочена оплата"},
    {"order.recurring_state.paused", "Paused",                   "Приостановлена"},
    {"order.recurring_state.cancelled", "Cancelled",             "Отменена"},
    {"order.external_id",      "ID in the shop",                 "ID в магазине"},
    {"order.source",           "Source",                         "Источник"},
    {"payment.order",          "Order",                          "Заказ"},
    {"payment.type",           "Type",                           "Тип"},
    {"payment.type.payment",   "Payment",                        "Оплата"},
    {"payment.type.refund",    "Refund",                         "Возврат"},
    {"payment.amount",         "Amount",                         "Сумма"},
    {"payment.currency",       "Currency",                       "Валюта"},
    {"payment.method",         "Method",                         "Способ"},
    {"payment.method.card",    "Card",                           "Карта"},
    {"payment.method.bank_transfer", "Bank transfer",            "Банковский перевод"},
    {"payment.method.cash",    "Cash",                           "Наличные"},
    {"payment.method.sbp",     "SBP (Faster Payments)",          "СБП"},
    {"payment.method.wallet",  "E-wallet",                       "Электронный кошелёк"},
    {"payment.method.installments", "Installments",              "Рассрочка"},
    {"payment.method.other",   "Other",                          "Другое"},
    {"payment.status",         "Status",                         "Статус"},
    {"payment.status.succeeded", "Succeeded",                    "Успешно"},
    {"payment.status.pending", "Pending",                        "В обработке"},
    {"payment.status.failed",  "Failed",                         "Ошибка"},
    {"payment.error_code",     "Error code",                     "Код ошибки"},
    {"payment.error_text",     "Provider's message",             "Сообщение провайдера"},
    {"payment.paid_at",        "Date",                           "Дата"},
    {"payment.comment",        "Comment",                        "Комментарий"},
    {"payment.assignee",       "Assigned to",                    "Ответственный"},
    {"payment.confirmed_by",   "Confirmed by",                   "Кем подтверждена"},
    {"payment.confirmed_at",   "Confirmed",                      "Подтверждена"},
    {"payment.external_id",    "ID at the provider",             "ID у провайдера"},
    {"payment.source",         "Source",                         "Источник"},
    {"balance.account",        "Account",                        "Счёт"},
    {"balance.account.bonus",  "Bonus account",                  "Бонусный счёт"},
    {"balance.account.coins",  "Coins",                          "Монеты"},
    {"balance.account.deposit", "Deposit",                       "Депозит"},
    {"balance.amount",         "Amount",                         "Сумма"},
    {"balance.currency",       "Currency",                       "Валюта"},
    {"balance.reason",         "Reason",                         "Причина"},
    {"balance.order",          "Order",                          "Заказ"},
    {"balance.key",            "Idempotency key",                "Ключ идемпотентности"},
    {"balance.external_id",    "ID in the source",               "ID в источнике"},
    {"balance.source",         "Source",                         "Источник"},
    {"membership.product",     "Product",                        "Продукт"},
    {"membership.state",       "State",                          "Состояние"},
    {"membership.state.active", "Active",                        "Активен"},
    {"membership.state.revoked", "Revoked",                      "Отозван"},
    {"membership.granted_at",  "Granted",                        "Выдан"},
    {"membership.expires_at",  "Expires",                        "Истекает"},
    {"membership.revoked_at",  "Revoked",                        "Отозван"},
    {"membership.order",       "Order",                          "Заказ"},
    {"membership.external_id", "ID in the source",               "ID в источнике"},
    {"membership.source",      "Source",                         "Источник"},
};
// clang-format on

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Registration
//-----------------------------------------------------------------------------

const section_def& section_orders() {
    static const section_def def = [] {
        section_def s;
        s.id = "orders";
        s.order = 50;
        s.label_key = "tab.orders";
        s.draw = draw_orders;
        s.shows = shows;
        s.quick = quick_money;
        own_strings(s, strings);
        return s;
    }();
    return def;
}

}  // namespace ui
