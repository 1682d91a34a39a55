// money.cpp — see money.hpp.
#include "core/money.hpp"

#include <cstdlib>

#include "core/app.hpp"

namespace cc {
namespace {

// The common ones first (Russia and its neighbours, then the world's). A symbol is given only
// where the card's font has it (tools/fonts/build_fonts.py: Latin, Cyrillic, U+20A0-20BF).
constexpr currency_info table[] = {
    {"RUB", 2, "₽"}, {"USD", 2, "$"}, {"EUR", 2, "€"}, {"KZT", 2, "₸"}, {"BYN", 2, "Br"}, {"UAH", 2, "₴"},
    {"UZS", 2, ""}, {"GBP", 2, "£"}, {"CNY", 2, "¥"}, {"TRY", 2, "₺"}, {"AED", 2, ""}, {"AMD", 2, ""},
    {"AZN", 2, "₼"}, {"GEL", 2, "₾"}, {"KGS", 2, ""}, {"TJS", 2, ""}, {"MDL", 2, ""}, {"PLN", 2, "zł"},
    {"CHF", 2, ""}, {"CAD", 2, ""}, {"AUD", 2, ""}, {"INR", 2, "₹"}, {"ILS", 2, "₪"}, {"THB", 2, ""},
    {"JPY", 0, "¥"}, {"KRW", 0, "₩"}, {"VND", 0, "₫"}, {"KWD", 3, ""}, {"BHD", 3, ""}, {"SEK", 2, ""},
    {"NOK", 2, ""}, {"DKK", 2, ""}, {"CZK", 2, ""}, {"HUF", 2, ""}, {"BRL", 2, "R$"}, {"MXN", 2, ""},
};

// Digits grouped by three with `sep`: "1234567" -> "1 234 567".
std::string grouped(std::string_view digits, std::string_view sep) {
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += sep;
        out += digits[i];
    }
    return out;
}

std::uint64_t power10(int e) {
    std::uint64_t p = 1;
    while (e-- > 0) p *= 10;
    return p;
}

bool is_money_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

const currency_info* find_currency(std::string_view code) {
    for (const auto& c : table)
        if (c.code == code) return &c;
    return nullptr;
}

const currency_info* currencies(std::size_t& count) {
    count = sizeof table / sizeof table[0];
    return table;
}

std::string plain_amount(std::int64_t minor, std::string_view code, bool drop_zero_fraction) {
    const currency_info* c = find_currency(code);
    const int exponent = c ? c->exponent : 2;
    // The magnitude without overflow at INT64_MIN.
    const std::uint64_t magnitude = minor < 0 ? 0 - static_cast<std::uint64_t>(minor) : static_cast<std::uint64_t>(minor);
    const std::uint64_t unit = power10(exponent);
    std::string out = (minor < 0 ? "-" : "") + std::to_string(magnitude / unit);
    if (exponent > 0 && !(drop_zero_fraction && magnitude % unit == 0)) {
        std::string fraction = std::to_string(magnitude % unit);
        fraction.insert(0, static_cast<std::size_t>(exponent) - fraction.size(), '0');
        out += "." + fraction;
    }
    return out;
}

std::string format_money(std::int64_t minor, std::string_view code, locale lang) {
    const currency_info* c = find_currency(code);
    const bool negative = minor < 0;
    const std::string plain = plain_amount(minor, code);
    const std::size_t start = negative ? 1 : 0, point = plain.find('.');
    const bool ru = lang == locale::ru;
    // Russian groups with a no-break space and writes a decimal comma; English, comma and point.
    std::string number = grouped(std::string_view(plain).substr(start, point - start), ru ? "\u00a0" : ",");
    if (point != std::string::npos) number += (ru ? "," : ".") + plain.substr(point + 1);
    const std::string sign = negative ? "\u2212" : "";  // a real minus sign
    const std::string symbol = c && !c->symbol.empty() ? std::string(c->symbol) : std::string(code);
    const bool symbol_is_code = !(c && !c->symbol.empty());
    if (ru || symbol_is_code) return sign + number + "\u00a0" + symbol;
    return sign + symbol + number;
}

std::optional<std::int64_t> parse_money(std::string_view text, std::string_view code) {
    const currency_info* c = find_currency(code);
    const int exponent = c ? c->exponent : 2;
    // Drop the currency's symbol or code wherever it stands, and spaces of every kind.
    std::string s(text);
    auto erase_all = [&s](std::string_view what) {
        if (what.empty()) return;
        for (auto at = s.find(what); at != std::string::npos; at = s.find(what)) s.erase(at, what.size());
    };
    if (c) erase_all(c->symbol);
    erase_all(code);
    // Digits grouped with spaces ("1 200,505") make a comma or a point the decimal one.
    bool space_grouped = false;
    for (std::size_t i = 1; i < s.size() && !space_grouped; ++i) {
        if (!is_money_digit(s[i - 1])) continue;
        std::size_t j = i;
        while (j < s.size() && !is_money_digit(s[j]) && s[j] != ',' && s[j] != '.' && s[j] != '-') ++j;
        space_grouped = j > i && j < s.size() && is_money_digit(s[j]);
    }
    for (std::string_view space : {"\u00a0", "\u202f", "\u2009", " ", "'", "\u2019", "\t"}) erase_all(space);
    bool negative = false;
    if (s.rfind("\u2212", 0) == 0) { negative = true; s.erase(0, 3); }
    else if (!s.empty() && s[0] == '-') { negative = true; s.erase(0, 1); }
    if (s.empty()) return std::nullopt;
    // Where the decimal point is: the last separator, unless it is the only one of its sort and
    // exactly three digits follow it and the currency has fewer decimals ("1,200" is 1200) and
    // the digits are not grouped with spaces, or the same separator appears more than once
    // ("1,200,300").
    std::size_t point = std::string::npos;
    const std::size_t last = s.find_last_of(",.");
    if (last != std::string::npos) {
        const char sep = s[last];
        const bool repeated = s.find(sep) != last;
        const std::size_t after = s.size() - last - 1;
        const bool other_before = s.find_first_of(sep == ',' ? '.' : ',') < last;
        if (!repeated && (space_grouped || other_before || after != 3 || exponent >= 3)) point = last;
    }
    std::uint64_t whole = 0, fraction = 0;
    int fraction_digits = 0;
    bool any_digit = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char ch = s[i];
        if (i == point) continue;
        if (ch == ',' || ch == '.') {
            if (point != std::string::npos && i > point) return std::nullopt;  // a group mark among decimals
            // A group separator stands before exactly three digits.
            std::size_t run = 0;
            while (i + 1 + run < s.size() && is_money_digit(s[i + 1 + run])) ++run;
            if (run != 3 || i == 0) return std::nullopt;
            continue;
        }
        if (!is_money_digit(ch)) return std::nullopt;
        any_digit = true;
        if (point != std::string::npos && i > point) {
            if (++fraction_digits > exponent) return std::nullopt;
            fraction = fraction * 10 + static_cast<std::uint64_t>(ch - '0');
        } else {
            whole = whole * 10 + static_cast<std::uint64_t>(ch - '0');
            if (whole > static_cast<std::uint64_t>(money_limit)) return std::nullopt;
        }
    }
    if (!any_digit) return std::nullopt;
    while (fraction_digits < exponent) { fraction *= 10; ++fraction_digits; }
    const std::uint64_t total = whole * power10(exponent) + fraction;
    if (total > static_cast<std::uint64_t>(money_limit)) return std::nullopt;
    const auto n = static_cast<std::int64_t>(total);
    return negative ? -n : n;
}

}  // namespace cc
