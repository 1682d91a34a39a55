// money_totals.hpp — what the card sums from a client's money records (Leeloo.ai "total amount of
// payments made"; GetCourse "принесённые средства", the balances; MVP Project's sales count and
// sum). Every sum is kept per currency: nothing is converted.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/money.hpp"
#include "core/record.hpp"

namespace cc {

// A payment counts once it is confirmed: reported by a provider (it has a `source`), or a manual
// payment someone other than its author confirmed. Failed and pending payments never count.
bool payment_confirmed(const record& payment);
bool payment_counts(const record& payment);

struct payment_totals {
    money_sums paid;         // confirmed successful payments
    money_sums refunded;     // confirmed refunds
    money_sums brought;      // paid − refunded: the money the client brought
    money_sums unconfirmed;  // manual payments waiting for confirmation (not in the sums above)
    int failed = 0;          // failed attempts
};
// Deleted records are skipped.
payment_totals totals_of_payments(const std::vector<const record*>& payments);

// One account of the client's internal balance in one currency ("" for coins).
struct balance_account {
    std::string account;     // "bonus", "coins", "deposit"
    std::string currency;
    std::int64_t confirmed = 0;  // entries the server confirmed
    std::int64_t pending = 0;    // entries made here and not confirmed yet (an offline debit)
    std::int64_t total() const { return confirmed + pending; }
};
// In the order bonus, coins, deposit, then by currency.
std::vector<balance_account> balances_of(const std::vector<const record*>& entries);

struct sales_summary {
    int count = 0;
    money_sums sum;
    std::int64_t last_sold_at = 0;  // 0: none
};
sales_summary summarize_sales(const std::vector<const record*>& sales);

}  // namespace cc
