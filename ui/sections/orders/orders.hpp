// orders.hpp — the Orders section's parts (sections/orders.cpp): payments and the manual payment
// form (orders/payments.cpp), the balances and their ledgers (orders/balances.cpp), and how money
// records read, shared by them.
#pragma once
#include <string>
#include <vector>

#include "core/money.hpp"
#include "core/record.hpp"
#include "ui/view.hpp"

namespace ui::money {

// ---- reading (orders/payments.cpp)
// The client's live records of a kind, newest first by `time_key` (created_at when absent).
std::vector<const cc::record*> newest_records(const view& v, const cc::client& c, const char* kind, const char* time_key);
// "₽1,200.00 · $50.00": sums per currency in the viewer's format, never converted; "—" when none.
std::string sums_text(const view& v, const cc::money_sums& s);
// A datetime field as "5 Mar 15:00" in the viewer's zone; "" when the record has none.
std::string time_text(const view& v, const cc::record& r, const char* key);
// A provider's error code explained: "51 — Not enough money on the card"; an unknown code
// says so ("Unknown code 8012"). Words owned by this section, in English and Russian.
std::string code_text(const view& v, const std::string& code);

// ---- payments (orders/payments.cpp)
// The payments as rows: date, amount (a refund with a minus), method, status (a failed one with
// its code explained; a manual one not confirmed yet marked), assignee; "Confirm" and
// "Assign to…" on the row where the policy allows them, and a refusal shown at its row.
void payments_table(view& v, const cc::client& c, const std::vector<const cc::record*>& list, const char* id);
inline const char* payment_form = "payment/new";
// "+ Payment": amount, currency, date, method, comment, optional order.
void open_payment_form(view& v, const cc::client& c, const std::string& order_id);
void draw_payment_form(view& v, const cc::client& c);

// ---- balances (orders/balances.cpp)
// The balances per account and currency; a click opens the account's entries; "+ Entry".
void draw_balances(view& v, const cc::client& c);
// "Bonus ₽1,200.00 · Coins 40": the quick card's line; "" when the client has no balance.
std::string balances_line(const view& v, const cc::client& c);

}  // namespace ui::money
