// money_totals.cpp — see money_totals.hpp.
#include "core/money_totals.hpp"

#include <algorithm>

namespace cc {

bool payment_confirmed(const record& p) { return !p.text("source").empty() || !p.get("confirmed_at").is_null(); }

bool payment_counts(const record& p) { return !p.deleted && p.text("status") == "succeeded" && payment_confirmed(p); }

payment_totals totals_of_payments(const std::vector<const record*>& payments) {
    payment_totals t;
    for (const record* p : payments) {
        if (!p || p->deleted) continue;
        const std::string currency = p->text("currency");
        const std::int64_t amount = p->number("amount");
        const bool refund = p->text("type") == "refund";
        if (p->text("status") == "failed") {
            t.failed += 1;
            continue;
        }
        if (p->text("status") != "succeeded") continue;
        if (!payment_confirmed(*p)) {
            t.unconfirmed.add(currency, refund ? -amount : amount);
            continue;
        }
        (refund ? t.refunded : t.paid).add(currency, amount);
        t.brought.add(currency, refund ? -amount : amount);
    }
    return t;
}

std::vector<balance_account> balances_of(const std::vector<const record*>& entries) {
    std::vector<balance_account> out;
    for (const record* e : entries) {
        if (!e || e->deleted) continue;
        const std::string account = e->text("account"), currency = e->text("currency");
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const balance_account& a) { return a.account == account && a.currency == currency; });
        if (it == out.end()) {
            out.push_back({account, currency});
            it = out.end() - 1;
        }
        (e->version > 0 ? it->confirmed : it->pending) += e->number("amount");
    }
    auto rank = [](const std::string& a) { return a == "bonus" ? 0 : a == "coins" ? 1 : 2; };
    std::sort(out.begin(), out.end(), [&](const balance_account& a, const balance_account& b) {
        return rank(a.account) != rank(b.account) ? rank(a.account) < rank(b.account) : a.currency < b.currency;
    });
    return out;
}

sales_summary summarize_sales(const std::vector<const record*>& sales) {
    sales_summary s;
    for (const record* r : sales) {
        if (!r || r->deleted) continue;
        s.count += 1;
        s.sum.add(r->text("currency"), r->number("amount"));
        s.last_sold_at = std::max(s.last_sold_at, r->number("sold_at"));
    }
    return s;
}

}  // namespace cc
