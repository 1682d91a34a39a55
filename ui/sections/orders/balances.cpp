// balances.cpp — the client's internal balances (GetCourse: a bonus account, coins, a deposit)
// as the Orders tab shows them: each account and currency with what stands there (entries made
// here and not confirmed by the server yet counted apart as pending); a click opens the
// account's entries; "+ Entry" credits or debits one. A debit below zero is refused by the core
// before anything is sent (the kind's rule across entries) and by the server likewise; either
// refusal shows at the form.
//
// Index of this file:
// [SECTION] Reading
// [SECTION] The accounts and their entries
// [SECTION] + Entry

#include <imgui.h>

#include "core/money_totals.hpp"
#include "core/text.hpp"
#include "core/schema/kind.hpp"
#include "ui/icons.hpp"
#include "ui/kit/fields.hpp"
#include "ui/kit/rows.hpp"
#include "ui/kit/table.hpp"
#include "ui/kit/time.hpp"
#include "ui/sections/orders/orders.hpp"
#include "ui/semantic.hpp"
#include "ui/widgets.hpp"

namespace ui::money {

namespace {

const char* entry_form = "balance/new";

const cc::kind_def& balance_kind() { return *cc::find_kind("balance"); }

//-----------------------------------------------------------------------------
// [SECTION] Reading
//-----------------------------------------------------------------------------

// Coins are counted ("40"); the bonus account and the deposit are money in their currency.
std::string account_amount(const view& v, const std::string& currency, std::int64_t n, bool sign = false) {
    std::string s = currency.empty() ? std::to_string(n) : money_text(v, n, currency);
    return sign && n > 0 ? "+" + s : s;
}

std::string account_name(const view& v, const cc::balance_account& a) {
    return enum_word(v, "balance", "account", a.account) + (a.currency.empty() ? "" : " (" + a.currency + ")");
}

std::string account_value(const view& v, const cc::balance_account& a) {
    std::string s = account_amount(v, a.currency, a.total());
    if (a.pending != 0)
        s += " · " + tr_fill(v.m.lang, "bal.pending_sum", {{"{amount}", account_amount(v, a.currency, a.pending, true)}});
    return s;
}

}  // namespace

std::string balances_line(const view& v, const cc::client& c) {
    std::string s;
    for (const cc::balance_account& a : cc::balances_of(newest_records(v, c, "balance", "created_at")))
        s += (s.empty() ? "" : " · ") + enum_word(v, "balance", "account", a.account) + " " + account_amount(v, a.currency, a.total());
    return s;
}

namespace {

//-----------------------------------------------------------------------------
// [SECTION] The accounts and their entries
//-----------------------------------------------------------------------------

void entries_table(view& v, const std::vector<const cc::record*>& entries, const cc::balance_account& a) {
    if (!table_begin("entries", {{"amount", 1.2f}, {"date", 1.2f}, {"reason", 2.4f}, {"author", 1.0f}, {"order", 1.0f}, {"state", 1.0f}}))
        return;
    for (const cc::record* e : entries) {
        if (e->text("account") != a.account || e->text("currency") != a.currency) continue;
        const std::int64_t n = e->number("amount");
        std::string order;
        if (const cc::record* o = v.m.store.find_record(e->text("order"))) order = o->text("number");
        const bool pending = e->version == 0;
        record_row(e->id, {{account_amount(v, a.currency, n, true), n < 0 ? col::error() : col::ok()},
                           {when_words(v, e->created_at)}, {e->text("reason")}, {e->created_by}, {order},
                           {pending ? v.t("bal.pending") : "", col::warn()}},
                   false, false);
        row_end();
    }
    table_end();
}

//-----------------------------------------------------------------------------
// [SECTION] + Entry
//-----------------------------------------------------------------------------

// Starts on the client's first account in a currency (bonus first), in that currency.
void open_entry_form(view& v, const std::vector<cc::balance_account>& accounts) {
    form_state f;
    const cc::kind_def& k = balance_kind();
    std::string account = "bonus", currency = v.m.lang == cc::locale::ru ? "RUB" : "USD";
    for (const cc::balance_account& a : accounts)
        if (!a.currency.empty()) {
            account = a.account;
            currency = a.currency;
            break;
        }
    form_put(f, *k.field("account"), account, v.zone());
    form_put(f, *k.field("currency"), currency, v.zone());
    f.text["direction"] = "credit";
    v.s.forms[entry_form] = std::move(f);
}

void draw_entry_form(view& v, const cc::client& c) {
    form_state* fp = form_open(v, entry_form);
    if (!fp) return;
    form_state& f = *fp;
    const cc::kind_def& k = balance_kind();
    const bool coins = f.text["account"] == "coins";
    std::vector<std::string> keys = {"account", "amount", "currency", "reason"};
    if (coins) {
        keys.erase(keys.begin() + 2);
        f.text.erase("currency");
    }
    form_begin(f, "new_entry", v.t("bal.new"));
    if (rows_begin("fields")) {
        field_row(v, f, entry_form, k, *k.field("account"));
        row(v.t("bal.direction"));
        for (const char* d : {"credit", "debit"}) {
            if (choice(v.t(std::string("bal.") + d), f.text["direction"] == d, d)) f.text["direction"] = d;
            ImGui::SameLine();
        }
        ImGui::NewLine();
        for (std::size_t i = 1; i < keys.size(); ++i) field_row(v, f, entry_form, k, *k.field(keys[i]));
        rows_end();
    }
    if (!form_footer(v, entry_form, keys)) return;
    form_result r = form_collect(f, k, keys, v.zone(), nullptr);
    if (coins && r.payload.contains("amount")) {  // counted in whole coins, not in cents
        const std::string digits = cc::trim(f.text["amount"]);
        if (digits.empty() || digits.size() > 15 || digits.find_first_not_of("0123456789") != std::string::npos)
            r.errors["amount"] = cc::error{"err.money_invalid", "amount", ""};
        else r.payload["amount"] = std::stoll(digits);
    }
    if (r.payload.contains("amount") && r.payload["amount"].is_number_integer() && f.text["direction"] == "debit")
        r.payload["amount"] = -r.payload["amount"].get<std::int64_t>();
    form_send(v, c, entry_form, f, std::move(r), "balance.create");
}

// Entries the server refused (a debit another device's made impossible): at the balances, with
// the server's reason; the card's rejected box above offers Discard / Send again.
void refused_entries(view& v, const cc::client& c) {
    for (const cc::journal_entry* e : cc::rejected_of(v.m, c.id)) {
        if (e->op.kind != "balance.create") continue;
        const cc::json& p = e->op.payload;
        const std::string currency = p.value("currency", "");
        cc::error why = e->reason;
        if (why.code == "err.overdraft" && !why.detail.empty() && why.detail.find_first_not_of("-0123456789") == std::string::npos)
            why.detail = account_amount(v, currency, std::stoll(why.detail));
        const std::int64_t n = p.contains("amount") && p["amount"].is_number_integer() ? p["amount"].get<std::int64_t>() : 0;
        ImGui::PushID(e->op.id.c_str());
        alert(tr_fill(v.m.lang, "bal.refused", {{"{entry}", account_amount(v, currency, n, true) + " " + p.value("reason", "")},
                                                {"{why}", v.err(why)}}),
              v.t("bal.title"));
        ImGui::PopID();
    }
}

}  // namespace

void draw_balances(view& v, const cc::client& c) {
    const auto entries = newest_records(v, c, "balance", "created_at");
    const auto accounts = cc::balances_of(entries);
    heading(v.t("bal.title"));
    if (v.can(cc::verb::create, "balance") && !v.s.forms.count(entry_form)) {
        if (button(v.t("bal.add"), "add_entry")) open_entry_form(v, accounts);
    }
    draw_entry_form(v, c);
    refused_entries(v, c);
    if (accounts.empty()) {
        text_colored(col::muted(), v.t("bal.none"), "status");
        return;
    }
    for (const cc::balance_account& a : accounts) {
        const std::string key = "balance/" + a.account + "/" + a.currency;
        ImGui::PushID(key.c_str());
        const bool open = v.s.unfolded.count(key) != 0;
        const std::string name = account_name(v, a), value = account_value(v, a);
        const std::string shown = name + ": " + value;
        const ImVec2 start = ImGui::GetCursorScreenPos();
        if (ImGui::Selectable("##account", open, ImGuiSelectableFlags_AllowItemOverlap)) {
            if (open) v.s.unfolded.erase(key);
            else v.s.unfolded.insert(key);
        }
        sem_item_raw("listitem", name, value, open);
        ImGui::SetCursorScreenPos(start);
        ImGui::TextColored(a.pending ? col::warn() : col::accent(), "%s", open ? ICON_CHEVRON_DOWN : ICON_CHEVRON_RIGHT);
        ImGui::SameLine();
        ImGui::TextUnformatted(shown.c_str(), shown.c_str() + shown.size());
        if (open) entries_table(v, entries, a);
        ImGui::PopID();
    }
}

}  // namespace ui::money
