// balance.cpp — the client's internal balances (GetCourse: a bonus account, coins and a deposit;
// clicking one shows its transactions) kept as a ledger: each entry adds or takes an amount with
// a reason, its author, the order it came from and an idempotency key. Entries are never changed
// or deleted, only added (a correction is another entry). An entry made offline counts as
// pending until the server confirmed it; the server refuses an entry that would take an account
// below zero, with the balance as it stands there (core/money_totals.hpp sums them).
#include "core/money.hpp"
#include "core/schema/kind.hpp"

namespace cc {
namespace {

using t = field_type;

// Coins are counted, not priced; the bonus account and the deposit are in a currency.
std::optional<error> check_entry(const record& r) {
    if (r.number("amount") == 0) return error{"err.out_of_range", "amount", "≠ 0"};
    const bool coins = r.text("account") == "coins";
    if (coins && !r.get("currency").is_null()) return error{"err.bad_value", "currency", "coins"};
    if (!coins && r.get("currency").is_null()) return error{"err.required", "currency", ""};
    return std::nullopt;
}

// One account never below zero; one idempotency key used once per client.
std::optional<error> check_ledger(const record& after, const std::vector<const record*>& others) {
    const std::string key = after.text("key");
    std::int64_t total = after.number("amount");
    for (const record* r : others) {
        if (!key.empty() && r->text("key") == key) return error{"err.duplicate_key", "key", key.substr(0, 60)};
        if (r->text("account") == after.text("account") && r->get("currency") == after.get("currency"))
            total += r->number("amount");
    }
    if (after.number("amount") < 0 && total < 0)
        return error{"err.overdraft", "amount", std::to_string(total - after.number("amount"))};
    return std::nullopt;
}

}  // namespace

// The fields, in the order the card shows them, and the policy's rows (kind.hpp).
constexpr field_spec balance_fields[] = {
    spec("account", t::enumeration).one_of("bonus|coins|deposit").needed(),
    spec("amount", t::money).between(-money_limit, money_limit).needed(),  // + credit, − debit
    spec("currency", t::currency),
    spec("reason", t::text, 200).needed(),
    spec("order", t::reference, 160),
    spec("key", t::text, 128),  // an idempotency key: the same key twice is refused
    spec("external_id", t::text, 128).written_by(role_bit::integration),
    spec("source", t::text, 64).written_by(role_bit::integration),
};

constexpr access_spec balance_access[] = {
    {verb::read, role_bit::admin | role_bit::manager},
    {verb::create, role_bit::admin | role_bit::manager | role_bit::integration},
    // No change, remove or restore row: entries stay as they were written.
};

const kind_def& kind_balance() {
    static const kind_def def = [] {
        kind_def k;
        k.name = "balance";
        k.fields = fields_of(balance_fields);
        k.rule = conflict_rule::ledger;
        k.generic_set = false;  // never changed: a correction is a new entry
        k.check = check_entry;
        k.across = check_ledger;
        k.access = access_of(balance_access);
        return k;
    }();
    return def;
}

}  // namespace cc
