// payments.cpp — payments as the Orders tab lists them (Leeloo.ai Order History: status, the
// provider's error code explained, the manager a payment is assigned to, manual payments
// confirmed by someone else) and the "+ Payment" form for a manual payment.
//
// Index of this file:
// [SECTION] Reading
// [SECTION] The payments table
// [SECTION] Manual payment

#include <algorithm>

#include <imgui.h>

#include "core/money_totals.hpp"
#include "core/text.hpp"
#include "core/policy.hpp"
#include "core/schema/kind.hpp"
#include "ui/kit/record_list.hpp"
#include "ui/icons.hpp"
#include "ui/kit/fields.hpp"
#include "ui/kit/rows.hpp"
#include "ui/kit/table.hpp"
#include "ui/kit/time.hpp"
#include "ui/sections/orders/orders.hpp"
#include "ui/semantic.hpp"
#include "ui/widgets.hpp"

namespace ui::money {

//-----------------------------------------------------------------------------
// [SECTION] Reading
//-----------------------------------------------------------------------------

std::vector<const cc::record*> newest_records(const view& v, const cc::client& c, const char* kind, const char* time_key) {
    auto out = live_records(v, c, kind);
    newest_first(out, time_key);
    return out;
}

std::string sums_text(const view& v, const cc::money_sums& s) {
    std::string out;
    for (const auto& [code, minor] : s.by_currency) out += (out.empty() ? "" : " · ") + money_text(v, minor, code);
    return out.empty() ? "—" : out;
}

std::string time_text(const view& v, const cc::record& r, const char* key) {
    return r.get(key).is_number_integer() ? when_words(v, r.number(key)) : std::string();
}

std::string code_text(const view& v, const std::string& raw) {
    std::string code = cc::trim(raw);
    if (code.size() == 1 && code[0] >= '0' && code[0] <= '9') code.insert(0, "0");  // "5" is "05"
    const std::string key = "pay.code." + code;
    if (!tr_has(key)) return tr_fill(v.m.lang, "pay.code_unknown", {{"{code}", code}});
    return code + " — " + v.t(key);
}

namespace {

const cc::kind_def& payment_kind() { return *cc::find_kind("payment"); }

bool manual_unconfirmed(const cc::record& p) {
    return p.text("source").empty() && !cc::payment_confirmed(p) && p.text("status") == "succeeded";
}

// The status as a manager reads it: "Failed: 51 — Not enough money on the card", "Succeeded ·
// not confirmed yet".
cell status_cell(const view& v, const cc::record& p) {
    const std::string status = p.text("status");
    std::string s = enum_word(v, "payment", "status", status);
    ImVec4 colour(0, 0, 0, 0);
    if (status == "failed") {
        colour = col::error();
        if (!p.text("error_code").empty()) s += ": " + code_text(v, p.text("error_code"));
        else if (!p.text("error_text").empty()) s += ": " + p.text("error_text");
    } else if (manual_unconfirmed(p)) {
        colour = col::warn();
        s += " · " + std::string(v.t("pay.unconfirmed"));
    } else if (status == "pending") {
        colour = col::warn();
    }
    if (cc::record_pending(v.m, p.id)) s += " · " + std::string(v.t("form.pending"));
    return cell{s, colour, true};
}

// "Assign to…": the people the card knows, in a popup under the button.
void assign_button(view& v, const cc::client& c, const cc::record& p) {
    if (small_button(v.t("pay.assign"), "assign")) ImGui::OpenPopup("assign_popup");
    if (!ImGui::BeginPopup("assign_popup")) return;
    for (const option& o : known_people(v, c)) {
        if (selectable_text(o.shown, o.value == p.text("assignee"), o.value)) {
            v.edit_record(p, "payment.assign", payload({{"assignee", o.value}}), "payment/" + p.id);
            ImGui::CloseCurrentPopup();
        }
    }
    ImGui::EndPopup();
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] The payments table
//-----------------------------------------------------------------------------

void payments_table(view& v, const cc::client& c, const std::vector<const cc::record*>& list, const char* id) {
    if (!table_begin(id, {{"amount", 1.2f}, {"date", 1.2f}, {"method", 1.1f}, {"status", 2.6f}, {"assignee", 1.0f}, {"actions", 1.6f}}))
        return;
    const bool may_confirm = cc::allowed_op(v.role(), "payment.confirm");
    const bool may_assign = cc::allowed_op(v.role(), "payment.assign");
    for (const cc::record* r : list) {
        const cc::record& p = *r;
        const bool refund = p.text("type") == "refund";
        const std::int64_t amount = p.number("amount");
        std::string method = enum_word(v, "payment", "method", p.text("method"));
        if (refund) method += " · " + enum_word(v, "payment", "type", "refund");
        const cell amount_cell{money_text(v, refund ? -amount : amount, p.text("currency")),
                               manual_unconfirmed(p) || p.text("status") != "succeeded" ? col::muted() : ImVec4(0, 0, 0, 0)};
        const std::string assignee = p.text("assignee");
        record_row(p.id, {amount_cell, {time_text(v, p, "paid_at")}, {method}, status_cell(v, p),
                          {assignee.empty() ? std::string() : tr_fill(v.m.lang, "pay.assigned", {{"{name}", assignee}})}},
                   false, false, p.text("comment"));
        if (may_confirm && manual_unconfirmed(p) && p.created_by != v.me()) {
            if (small_button(v.t("pay.confirm"), "confirm"))
                v.edit_record(p, "payment.confirm", cc::json::object(), "payment/" + p.id);
            ImGui::SameLine();
        }
        if (may_assign) assign_button(v, c, p);
        refusal_at(v, "payment/" + p.id, amount_cell.text);
        row_end();
    }
    table_end();
}

//-----------------------------------------------------------------------------
// [SECTION] Manual payment
//-----------------------------------------------------------------------------

void open_payment_form(view& v, const cc::client& c, const std::string& order_id) {
    form_state f;
    const cc::kind_def& k = payment_kind();
    std::string currency = v.m.lang == cc::locale::ru ? "RUB" : "USD";
    // The client's currency: of the latest order, else of the latest payment.
    const auto orders = newest_records(v, c, "order", "ordered_at");
    const auto payments = newest_records(v, c, "payment", "paid_at");
    if (!orders.empty()) currency = orders.front()->text("currency");
    else if (!payments.empty()) currency = payments.front()->text("currency");
    if (const cc::record* o = v.m.store.find_record(order_id)) currency = o->text("currency");
    form_put(f, *k.field("currency"), currency, v.zone());
    form_put(f, *k.field("paid_at"), v.now() - v.now() % 60000, v.zone());
    form_put(f, *k.field("method"), "bank_transfer", v.zone());
    f.text["order"] = order_id;
    f.scroll_to = true;
    v.s.forms[payment_form] = std::move(f);
}

void draw_payment_form(view& v, const cc::client& c) {
    form_state* fp = form_open(v, payment_form);
    if (!fp) return;
    form_state& f = *fp;
    const cc::kind_def& k = payment_kind();
    const std::vector<std::string> keys = {"amount", "currency", "paid_at", "method", "comment"};
    form_begin(f, "new_payment", v.t("pay.new"));
    text_colored(col::muted(), v.t("pay.new_note"));
    if (rows_begin("fields")) {
        for (const std::string& key : keys) field_row(v, f, payment_form, k, *k.field(key));
        // The order it pays for, if any: the client's orders by number.
        const std::string label = field_name(v, "payment", "order");
        row(label);
        std::vector<std::string> items{v.t("pay.no_order")};
        std::vector<std::string> ids{""};
        int current = 0;
        for (const cc::record* o : newest_records(v, c, "order", "ordered_at")) {
            if (o->id == f.text["order"]) current = static_cast<int>(ids.size());
            ids.push_back(o->id);
            items.push_back(o->text("number") + (o->text("title").empty() ? "" : " · " + o->text("title")));
        }
        const int picked = combo(label, "order", items, current);
        if (picked >= 0) f.text["order"] = ids[static_cast<std::size_t>(picked)];
        rows_end();
    }
    if (!form_footer(v, payment_form, keys)) return;
    form_result r = form_collect(f, k, keys, v.zone(), nullptr);
    if (!f.text["order"].empty()) r.payload["order"] = f.text["order"];
    form_send(v, c, payment_form, f, std::move(r), "payment.create");
}

}  // namespace ui::money
