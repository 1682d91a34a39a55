// money.hpp — money as the card keeps it: integer minor units (kopecks, cents) with an ISO 4217
// code, never floating point and never converted between currencies. Parsing what a manager
// types ("1 200,50", "1,200.50", "1200") and showing amounts in each locale's format
// ("1 200,50 ₽" in Russian, "₽1,200.50" in English).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace cc {

enum class locale;

struct currency_info {
    std::string_view code;     // "RUB"
    int exponent;              // digits after the point: 2 for RUB, 0 for JPY, 3 for KWD
    std::string_view symbol;   // "₽"; "" when the code is shown instead
};

// The currencies the card knows, by code; nullptr for a code it does not know.
const currency_info* find_currency(std::string_view code);
// Every known currency, in the order a picker offers them (the common ones first).
const currency_info* currencies(std::size_t& count);

// The largest amount a field accepts, in minor units (10^15: a thousand trillion kopecks).
constexpr std::int64_t money_limit = 1000000000000000LL;

// An amount as a person types it and as format_money() groups it: "1200.50", "-0.99", "5000"
// (JPY), "1.500" (KWD): the currency's decimals (two for an unknown code), "." as the point, no
// symbol, no grouping, "-" when negative. `drop_zero_fraction`: "1200" for 1200.00 (a form's box).
std::string plain_amount(std::int64_t minor, std::string_view code, bool drop_zero_fraction = false);
// "1 200,50 ₽" (ru) / "₽1,200.50" (en); a minus sign in front when negative. An unknown code
// is shown after the number with two decimals.
std::string format_money(std::int64_t minor, std::string_view code, locale lang);
// What a person types, read as minor units of `code`: digits with spaces, thin spaces or
// apostrophes between groups, "," or "." as the decimal point (a lone separator followed by
// exactly three digits is a group separator: "1,200" is 1200), an optional leading minus, an
// optional currency symbol or code around it. nullopt when it is not an amount, has more decimals
// than the currency, or is beyond money_limit.
std::optional<std::int64_t> parse_money(std::string_view text, std::string_view code);

// Sums kept per currency: never added across currencies.
struct money_sums {
    std::map<std::string, std::int64_t> by_currency;
    void add(const std::string& code, std::int64_t minor) { by_currency[code] += minor; }
    bool empty() const { return by_currency.empty(); }
    std::int64_t of(const std::string& code) const {
        auto it = by_currency.find(code);
        return it == by_currency.end() ? 0 : it->second;
    }
};

}  // namespace cc
