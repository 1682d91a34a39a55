// byte_range.cpp — see byte_range.hpp.
#include "byte_range.hpp"

#include <limits>
#include <vector>

namespace cc::server {
namespace {

constexpr std::uint64_t saturated = std::numeric_limits<std::uint64_t>::max();

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ows(char c) { return c == ' ' || c == '\t'; }

// Decimal digits only (at least one); a value past 2^64 - 1 becomes 2^64 - 1.
bool parse_number(std::string_view text, std::uint64_t& out) {
    if (text.empty()) return false;
    out = 0;
    for (char c : text) {
        if (!is_digit(c)) return false;
        const auto d = static_cast<std::uint64_t>(c - '0');
        out = out > (saturated - d) / 10 ? saturated : out * 10 + d;
    }
    return true;
}

struct spec {
    bool suffix = false;     // "-n"
    std::uint64_t a = 0, b = saturated;
};

// One range-spec: "a-b", "a-" or "-n". False when it is not one (the header is then ignored).
bool parse_spec(std::string_view text, spec& out) {
    const auto dash = text.find('-');
    if (dash == std::string_view::npos || text.find('-', dash + 1) != std::string_view::npos) return false;
    std::string_view left = text.substr(0, dash), right = text.substr(dash + 1);
    if (left.empty()) {
        out.suffix = true;
        return parse_number(right, out.b);
    }
    if (!parse_number(left, out.a)) return false;
    if (right.empty()) return true;  // "a-": to the end
    if (!parse_number(right, out.b)) return false;
    return out.b >= out.a;           // "5-3" is invalid: the whole header is ignored
}

// The bytes `s` asks for in a file of `size` bytes; false when none of it is there.
bool resolve(const spec& s, std::uint64_t size, std::uint64_t& first, std::uint64_t& length) {
    if (size == 0) return false;
    if (s.suffix) {
        if (s.b == 0) return false;  // "-0": no bytes
        length = s.b < size ? s.b : size;
        first = size - length;
        return true;
    }
    if (s.a >= size) return false;
    const std::uint64_t last = s.b < size - 1 ? s.b : size - 1;
    first = s.a;
    length = last - s.a + 1;
    return true;
}

}  // namespace

range_answer parse_range(std::string_view header, std::uint64_t size) {
    range_answer whole;
    // The unit, case-insensitively, then '='.
    constexpr std::string_view unit = "bytes=";
    if (header.size() <= unit.size()) return whole;
    for (std::size_t i = 0; i < unit.size(); ++i) {
        char c = header[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != unit[i]) return whole;
    }
    std::string_view rest = header.substr(unit.size());
    // A list of range-specs; optional whitespace around the commas, empty elements skipped
    // (RFC 9110 §5.6.1), but at least one range.
    std::vector<spec> specs;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        while (!item.empty() && is_ows(item.front())) item.remove_prefix(1);
        while (!item.empty() && is_ows(item.back())) item.remove_suffix(1);
        if (item.empty()) continue;
        spec s;
        if (!parse_spec(item, s)) return whole;
        if (specs.size() >= 100) return whole;  // nobody asks for more; do not keep counting
        specs.push_back(s);
    }
    if (specs.empty()) return whole;

    range_answer out;
    bool any = false;
    for (const spec& s : specs) {
        std::uint64_t first = 0, length = 0;
        if (!resolve(s, size, first, length)) continue;
        if (!any) {
            out.first = first;
            out.length = length;
        }
        any = true;
    }
    if (!any) {
        out.kind = range_answer::unsatisfiable;
        return out;
    }
    if (specs.size() > 1) return whole;  // several ranges: the whole file (no multipart answers)
    out.kind = range_answer::part;
    return out;
}

std::string content_range(const range_answer& r, std::uint64_t size) {
    if (r.kind == range_answer::part)
        return "bytes " + std::to_string(r.first) + "-" + std::to_string(r.first + r.length - 1) + "/" +
               std::to_string(size);
    return "bytes */" + std::to_string(size);
}

}  // namespace cc::server
