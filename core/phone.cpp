// phone.cpp — phone numbers to E.164, search digits and display form. Rules: docs/phone.md.
//
// Index
//   [table]     calling codes: one row per ITU code, plus the countries that share a code
//   [lookup]    finding rows by code and by ISO country, checking a national number
//   [text]      reading what the user wrote: digits, '+', extension markers, separators
//   [resolve]   turning the digits into a calling code + national significant number
//   [api]       normalize_phone, national_number, phone_query_digits, format_phone

#include "core/phone.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace cc {
namespace {

// ---------------------------------------------------------------------------------------------
// [table]
// ---------------------------------------------------------------------------------------------

// One ITU calling code. Lengths count the national significant number (NSN), the digits after
// the calling code. They are plausible bounds, not a numbering plan: a number inside them may
// still not exist.
struct calling_code {
    std::uint16_t code;
    char iso[3];            // the code's main country; "" for non-geographic services
    std::uint8_t min_len;
    std::uint8_t max_len;
    char trunk[5];          // national (trunk) prefix dialled before the NSN at home; '|' splits
                            // alternatives; "" when the country has none
};

// Sorted by code. Facts from the ITU list of assigned codes; lengths and trunk prefixes from the
// national numbering plans as commonly published.
constexpr calling_code k_codes[] = {
    {1, "US", 10, 10, "1"},    // NANP: US, CA and the Caribbean (aliases below)
    {7, "RU", 10, 10, "8"},    // RU and KZ
    {20, "EG", 8, 10, "0"},
    {27, "ZA", 9, 9, "0"},
    {30, "GR", 10, 10, ""},
    {31, "NL", 9, 9, "0"},
    {32, "BE", 8, 9, "0"},
    {33, "FR", 9, 9, "0"},
    {34, "ES", 9, 9, ""},
    {36, "HU", 8, 9, "06"},
    {39, "IT", 6, 11, ""},     // Italian landlines keep their leading 0 in E.164
    {40, "RO", 9, 9, "0"},
    {41, "CH", 9, 9, "0"},
    {43, "AT", 5, 13, "0"},
    {44, "GB", 7, 10, "0"},
    {45, "DK", 8, 8, ""},
    {46, "SE", 6, 10, "0"},
    {47, "NO", 8, 8, ""},
    {48, "PL", 9, 9, ""},
    {49, "DE", 6, 13, "0"},
    {51, "PE", 8, 9, "0"},
    {52, "MX", 10, 10, ""},
    {53, "CU", 6, 8, "0"},
    {54, "AR", 10, 11, "0"},
    {55, "BR", 10, 11, "0"},
    {56, "CL", 8, 9, ""},
    {57, "CO", 8, 10, ""},
    {58, "VE", 10, 10, "0"},
    {60, "MY", 8, 10, "0"},
    {61, "AU", 9, 9, "0"},
    {62, "ID", 7, 12, "0"},
    {63, "PH", 8, 10, "0"},
    {64, "NZ", 8, 10, "0"},
    {65, "SG", 8, 8, ""},
    {66, "TH", 8, 9, "0"},
    {81, "JP", 9, 10, "0"},
    {82, "KR", 8, 11, "0"},
    {84, "VN", 9, 10, "0"},
    {86, "CN", 9, 12, "0"},
    {90, "TR", 10, 10, "0"},
    {91, "IN", 10, 10, "0"},
    {92, "PK", 8, 10, "0"},
    {93, "AF", 9, 9, "0"},
    {94, "LK", 9, 9, "0"},
    {95, "MM", 7, 10, "0"},
    {98, "IR", 10, 10, "0"},
    {211, "SS", 9, 9, "0"},
    {212, "MA", 9, 9, "0"},
    {213, "DZ", 8, 9, "0"},
    {216, "TN", 8, 8, ""},
    {218, "LY", 8, 9, "0"},
    {220, "GM", 7, 7, ""},
    {221, "SN", 9, 9, ""},
    {222, "MR", 8, 8, ""},
    {223, "ML", 8, 8, ""},
    {224, "GN", 8, 9, ""},
    {225, "CI", 8, 10, ""},
    {226, "BF", 8, 8, ""},
    {227, "NE", 8, 8, ""},
    {228, "TG", 8, 8, ""},
    {229, "BJ", 8, 10, ""},
    {230, "MU", 7, 8, ""},
    {231, "LR", 7, 9, "0"},
    {232, "SL", 8, 8, "0"},
    {233, "GH", 9, 9, "0"},
    {234, "NG", 8, 10, "0"},
    {235, "TD", 8, 8, ""},
    {236, "CF", 8, 8, ""},
    {237, "CM", 8, 9, ""},
    {238, "CV", 7, 7, ""},
    {239, "ST", 7, 7, ""},
    {240, "GQ", 9, 9, ""},
    {241, "GA", 7, 8, ""},
    {242, "CG", 9, 9, ""},
    {243, "CD", 9, 9, "0"},
    {244, "AO", 9, 9, ""},
    {245, "GW", 7, 9, ""},
    {246, "IO", 7, 7, ""},
    {247, "AC", 4, 5, ""},
    {248, "SC", 7, 7, ""},
    {249, "SD", 9, 9, "0"},
    {250, "RW", 9, 9, "0"},
    {251, "ET", 9, 9, "0"},
    {252, "SO", 7, 9, "0"},
    {253, "DJ", 8, 8, ""},
    {254, "KE", 7, 10, "0"},
    {255, "TZ", 9, 9, "0"},
    {256, "UG", 9, 9, "0"},
    {257, "BI", 8, 8, ""},
    {258, "MZ", 8, 9, ""},
    {260, "ZM", 9, 9, "0"},
    {261, "MG", 9, 9, "0"},
    {262, "RE", 9, 9, "0"},
    {263, "ZW", 5, 10, "0"},
    {264, "NA", 6, 10, "0"},
    {265, "MW", 7, 9, "0"},
    {266, "LS", 8, 8, ""},
    {267, "BW", 7, 8, ""},
    {268, "SZ", 8, 8, ""},
    {269, "KM", 7, 7, ""},
    {290, "SH", 4, 5, ""},
    {291, "ER", 7, 7, "0"},
    {297, "AW", 7, 7, ""},
    {298, "FO", 6, 6, ""},
    {299, "GL", 6, 6, ""},
    {350, "GI", 8, 8, ""},
    {351, "PT", 9, 9, ""},
    {352, "LU", 4, 11, ""},
    {353, "IE", 7, 10, "0"},
    {354, "IS", 7, 9, ""},
    {355, "AL", 8, 9, "0"},
    {356, "MT", 8, 8, ""},
    {357, "CY", 8, 8, ""},
    {358, "FI", 5, 12, "0"},
    {359, "BG", 7, 9, "0"},
    {370, "LT", 8, 8, "8"},
    {371, "LV", 8, 8, ""},
    {372, "EE", 7, 10, ""},
    {373, "MD", 8, 8, "0"},
    {374, "AM", 8, 8, "0"},
    {375, "BY", 9, 9, "80|0"},  // "8 029 ..." today, "029 ..." in older notes
    {376, "AD", 6, 9, ""},
    {377, "MC", 8, 9, ""},
    {378, "SM", 6, 10, ""},
    {380, "UA", 9, 9, "0"},
    {381, "RS", 6, 12, "0"},
    {382, "ME", 8, 8, "0"},
    {383, "XK", 8, 9, "0"},
    {385, "HR", 8, 9, "0"},
    {386, "SI", 8, 8, "0"},
    {387, "BA", 8, 9, "0"},
    {389, "MK", 8, 8, "0"},
    {420, "CZ", 9, 9, ""},
    {421, "SK", 9, 9, "0"},
    {423, "LI", 7, 9, ""},
    {500, "FK", 5, 5, ""},
    {501, "BZ", 7, 7, ""},
    {502, "GT", 8, 8, ""},
    {503, "SV", 8, 8, ""},
    {504, "HN", 8, 8, ""},
    {505, "NI", 8, 8, ""},
    {506, "CR", 8, 8, ""},
    {507, "PA", 7, 8, ""},
    {508, "PM", 6, 6, ""},
    {509, "HT", 8, 8, ""},
    {590, "GP", 9, 9, "0"},
    {591, "BO", 8, 8, "0"},
    {592, "GY", 7, 7, ""},
    {593, "EC", 8, 9, "0"},
    {594, "GF", 9, 9, "0"},
    {595, "PY", 6, 9, "0"},
    {596, "MQ", 9, 9, "0"},
    {597, "SR", 6, 7, ""},
    {598, "UY", 8, 8, "0"},
    {599, "CW", 7, 8, ""},
    {670, "TL", 7, 8, ""},
    {672, "NF", 6, 6, ""},
    {673, "BN", 7, 7, ""},
    {674, "NR", 7, 7, ""},
    {675, "PG", 7, 8, ""},
    {676, "TO", 5, 7, ""},
    {677, "SB", 5, 7, ""},
    {678, "VU", 5, 7, ""},
    {679, "FJ", 7, 7, ""},
    {680, "PW", 7, 7, ""},
    {681, "WF", 6, 6, ""},
    {682, "CK", 5, 5, ""},
    {683, "NU", 4, 7, ""},
    {685, "WS", 5, 10, ""},
    {686, "KI", 5, 8, ""},
    {687, "NC", 6, 6, ""},
    {688, "TV", 5, 7, ""},
    {689, "PF", 6, 8, ""},
    {690, "TK", 4, 7, ""},
    {691, "FM", 7, 7, ""},
    {692, "MH", 7, 7, ""},
    {800, "", 8, 8, ""},       // international freephone
    {808, "", 8, 8, ""},       // international shared cost
    {850, "KP", 8, 10, ""},
    {852, "HK", 8, 8, ""},
    {853, "MO", 8, 8, ""},
    {855, "KH", 8, 9, "0"},
    {856, "LA", 8, 10, "0"},
    {870, "", 9, 9, ""},       // Inmarsat
    {880, "BD", 8, 10, "0"},
    {881, "", 9, 10, ""},      // global mobile satellite systems
    {882, "", 8, 12, ""},      // international networks
    {883, "", 9, 12, ""},
    {886, "TW", 8, 9, "0"},
    {960, "MV", 7, 7, ""},
    {961, "LB", 7, 8, "0"},
    {962, "JO", 8, 9, "0"},
    {963, "SY", 8, 9, "0"},
    {964, "IQ", 8, 10, "0"},
    {965, "KW", 8, 8, ""},
    {966, "SA", 8, 9, "0"},
    {967, "YE", 7, 9, "0"},
    {968, "OM", 8, 8, ""},
    {970, "PS", 8, 9, "0"},
    {971, "AE", 8, 9, "0"},
    {972, "IL", 8, 9, "0"},
    {973, "BH", 8, 8, ""},
    {974, "QA", 7, 8, ""},
    {975, "BT", 7, 8, ""},
    {976, "MN", 8, 8, "0"},
    {977, "NP", 8, 10, "0"},
    {979, "", 9, 9, ""},       // international premium rate
    {992, "TJ", 9, 9, "8"},
    {993, "TM", 8, 8, "8"},
    {994, "AZ", 9, 9, "0"},
    {995, "GE", 9, 9, "0"},
    {996, "KG", 9, 9, "0"},
    {998, "UZ", 9, 9, "8"},
};

// Countries that share another country's code (and its lengths and trunk prefix). Only used to
// read `default_country`; a number's own country is the row's main country.
struct shared_code {
    char iso[3];
    std::uint16_t code;
};

constexpr shared_code k_shared[] = {
    {"CA", 1}, {"AG", 1}, {"AI", 1}, {"AS", 1}, {"BB", 1}, {"BM", 1}, {"BS", 1}, {"DM", 1},
    {"DO", 1}, {"GD", 1}, {"GU", 1}, {"JM", 1}, {"KN", 1}, {"KY", 1}, {"LC", 1}, {"MP", 1},
    {"MS", 1}, {"PR", 1}, {"SX", 1}, {"TC", 1}, {"TT", 1}, {"VC", 1}, {"VG", 1}, {"VI", 1},
    {"KZ", 7}, {"VA", 39}, {"GG", 44}, {"IM", 44}, {"JE", 44}, {"SJ", 47}, {"CC", 61},
    {"CX", 61}, {"EH", 212}, {"YT", 262}, {"TA", 290}, {"AX", 358}, {"BQ", 599},
    {"BL", 590}, {"MF", 590},
};

constexpr std::size_t k_max_e164_digits = 15;  // ITU E.164: calling code + NSN
constexpr std::size_t k_min_nsn = 4;           // no country has shorter numbers
constexpr std::size_t k_max_extension = 8;     // longer "extensions" are a second number
constexpr std::size_t k_max_written_digits = 18;  // "810" + 15: anything longer is not a phone

constexpr std::size_t code_length(std::uint16_t code) { return code < 10 ? 1 : code < 100 ? 2 : 3; }

constexpr bool decimal_prefix(std::uint16_t shorter, std::uint16_t longer) {
    while (code_length(longer) > code_length(shorter)) longer = static_cast<std::uint16_t>(longer / 10);
    return longer == shorter;
}

// Lookups rely on two facts: rows are sorted, and no code is the start of another (ITU codes
// are prefix-free), so the digits after '+' select at most one row.
constexpr bool table_well_formed() {
    constexpr std::size_t n = sizeof(k_codes) / sizeof(k_codes[0]);
    for (std::size_t i = 0; i < n; ++i) {
        const calling_code& c = k_codes[i];
        if (i > 0 && !(k_codes[i - 1].code < c.code)) return false;
        if (c.min_len < k_min_nsn || c.min_len > c.max_len) return false;
        if (code_length(c.code) + c.max_len > k_max_e164_digits) return false;
        for (std::size_t j = 0; j < n; ++j)
            if (j != i && code_length(k_codes[j].code) < code_length(c.code) &&
                decimal_prefix(k_codes[j].code, c.code))
                return false;
    }
    return true;
}
static_assert(table_well_formed(), "calling code table: unsorted, prefix clash or bad lengths");

// ---------------------------------------------------------------------------------------------
// [lookup]
// ---------------------------------------------------------------------------------------------

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

const calling_code* find_code(std::uint16_t code) {
    const calling_code* end = std::end(k_codes);
    const calling_code* it = std::lower_bound(
        std::begin(k_codes), end, code, [](const calling_code& c, std::uint16_t v) { return c.code < v; });
    return it != end && it->code == code ? it : nullptr;
}

// The row whose code starts `digits`, if any.
const calling_code* find_code_at_start(std::string_view digits) {
    if (digits.empty() || digits[0] == '0') return nullptr;  // "020" is not code 20
    std::uint16_t v = 0;
    for (std::size_t len = 1; len <= 3 && len <= digits.size(); ++len) {
        v = static_cast<std::uint16_t>(v * 10 + (digits[len - 1] - '0'));
        if (const calling_code* c = find_code(v)) return c;
    }
    return nullptr;
}

std::string code_text(const calling_code& c) { return std::to_string(c.code); }

std::string upper_ascii(std::string_view s) {
    std::string out(s);
    for (char& ch : out)
        if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    return out;
}

// The row that reads numbers for `iso` (case-insensitive): its own row or the shared one.
const calling_code* find_country(std::string_view iso) {
    const std::string up = upper_ascii(iso);
    if (up.size() != 2) return nullptr;
    for (const calling_code& c : k_codes)
        if (up == c.iso) return &c;
    for (const shared_code& s : k_shared)
        if (up == s.iso) return find_code(s.code);
    return nullptr;
}

// Trunk prefix alternatives of a row, longest first as written in the table.
std::vector<std::string_view> trunks_of(const calling_code& c) {
    std::vector<std::string_view> out;
    std::string_view t = c.trunk;
    while (!t.empty()) {
        const std::size_t bar = t.find('|');
        out.push_back(t.substr(0, bar));
        if (bar == std::string_view::npos) break;
        t.remove_prefix(bar + 1);
    }
    return out;
}

// Whether a national number may start with `d`. Where a trunk prefix exists, a leading 0 would be
// ambiguous, so no such number starts with 0. NANP area codes start with 2-9; +7 numbers start
// with 3, 4, 8, 9 (Russia) or 6, 7 (Kazakhstan).
bool first_digit_ok(const calling_code& c, char d) {
    if (c.code == 1) return d >= '2';
    if (c.code == 7) return d == '3' || d == '4' || d == '6' || d == '7' || d == '8' || d == '9';
    return c.trunk[0] == '\0' || d != '0';
}

bool plausible_nsn(const calling_code& c, std::string_view nsn) {
    return nsn.size() >= c.min_len && nsn.size() <= c.max_len &&
           code_length(c.code) + nsn.size() <= k_max_e164_digits && first_digit_ok(c, nsn[0]);
}

// ---------------------------------------------------------------------------------------------
// [text]
// ---------------------------------------------------------------------------------------------

constexpr char32_t k_bad = 0xFFFFFFFF;

// Next code point of UTF-8 text; k_bad (and one byte consumed) for malformed input.
char32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    // Continuation bytes after the lead byte: C2-DF one, E0-EF two, F0-F4 three.
    const std::size_t n = b0 >= 0xC2 && b0 <= 0xDF ? 1 : b0 >= 0xE0 && b0 <= 0xEF ? 2 : b0 >= 0xF0 && b0 <= 0xF4 ? 3 : 0;
    if (n == 0 || s.size() - i <= n) {
        ++i;
        return k_bad;
    }
    char32_t cp = b0 & (0x3Fu >> n);
    for (std::size_t k = 1; k <= n; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) {
            ++i;
            return k_bad;
        }
        cp = (cp << 6) | (b & 0x3Fu);
    }
    i += n + 1;
    const bool overlong = (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return k_bad;
    return cp;
}

// What people put between digit groups: spaces of every width, dashes, dots, brackets, slashes.
bool is_separator(char32_t c) {
    switch (c) {
        case ' ': case '\t': case '\r': case '\n': case '-': case '.': case '(': case ')': case '/':
        case 0x00A0:  // no-break space (Word, web pages)
        case 0x2007: case 0x2009: case 0x200A: case 0x202F:  // figure, thin, hair, narrow no-break
        case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2212:  // dashes, minus
            return true;
        default:
            return false;
    }
}

bool is_letter(char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0x0400 && c <= 0x04FF);
}

char32_t lower_letter(char32_t c) {
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c >= 0x0410 && c <= 0x042F) return c + 0x20;  // А-Я
    if (c >= 0x0400 && c <= 0x040F) return c + 0x50;  // Ѐ-Џ (Ё)
    return c;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// Words that introduce an extension, lower case.
bool is_extension_word(std::string_view w) {
    return w == "ext" || w == "extn" || w == "extension" || w == "x" ||
           w == "\xD0\xB4\xD0\xBE\xD0\xB1" ||  // "доб"
           w == "\xD0\xB4\xD0\xBE\xD0\xB1\xD0\xB0\xD0\xB2\xD0\xBE\xD1\x87\xD0\xBD\xD1\x8B\xD0\xB9";  // "добавочный"
}

struct written_number {
    bool plus = false;      // an international '+' before the first digit
    std::string digits;     // the number's digits in order
    std::string extension;  // digits after an extension marker
};

// Splits what the user wrote into '+', digits and extension; nullopt if anything in it cannot be
// part of a written phone number.
std::optional<written_number> read_text(std::string_view s) {
    written_number out;
    enum class part { number, ext_marker, ext_digits } at = part::number;

    // A pasted tel: link ("tel:+7912...") is a phone number too.
    std::size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (upper_ascii(s.substr(i, 4)) == "TEL:") i += 4;

    while (i < s.size()) {
        const char32_t c = next_code_point(s, i);
        if (c == k_bad) return std::nullopt;
        if (c >= '0' && c <= '9') {
            if (at == part::number) {
                out.digits += static_cast<char>(c);
                if (out.digits.size() > k_max_written_digits) return std::nullopt;
            } else {
                at = part::ext_digits;
                out.extension += static_cast<char>(c);
                if (out.extension.size() > k_max_extension) return std::nullopt;
            }
        } else if (is_separator(c)) {
            continue;
        } else if (c == '+') {
            if (out.plus || !out.digits.empty() || at != part::number) return std::nullopt;
            out.plus = true;
        } else if (c == '#' || c == ',' || c == ';') {
            if (at != part::number || out.digits.empty()) return std::nullopt;
            at = part::ext_marker;
        } else if (c == '=') {  // "; ext=123" as in tel: links
            if (at != part::ext_marker) return std::nullopt;
        } else if (is_letter(c)) {
            std::string word;
            append_utf8(word, lower_letter(c));
            while (i < s.size()) {
                std::size_t j = i;
                const char32_t d = next_code_point(s, j);
                if (d == k_bad || !is_letter(d)) break;
                append_utf8(word, lower_letter(d));
                i = j;
            }
            if (!is_extension_word(word)) return std::nullopt;
            // "ext" after "#"/","/";" is allowed; a second marker after digits is not.
            if (at == part::ext_digits || (at == part::number && out.digits.empty())) return std::nullopt;
            at = part::ext_marker;
        } else {
            return std::nullopt;
        }
    }
    if (at == part::ext_marker) return std::nullopt;  // a marker with no extension after it
    return out;
}

// ---------------------------------------------------------------------------------------------
// [resolve]
// ---------------------------------------------------------------------------------------------

struct resolved {
    const calling_code* code = nullptr;
    std::string nsn;
};

// Digits that start with a calling code (after '+', "00", ...). A trunk prefix kept after the
// code, as in "+44 (0)20 ..." or "+7 8 912 ...", is dropped when the number needs it dropped.
std::optional<resolved> read_international(std::string_view d) {
    const calling_code* c = find_code_at_start(d);
    if (!c) return std::nullopt;
    const std::string_view nsn = d.substr(code_length(c->code));
    if (!nsn.empty() && plausible_nsn(*c, nsn)) return resolved{c, std::string(nsn)};
    for (std::string_view t : trunks_of(*c))
        if (nsn.size() > t.size() && starts_with(nsn, t) && plausible_nsn(*c, nsn.substr(t.size())))
            return resolved{c, std::string(nsn.substr(t.size()))};
    return std::nullopt;
}

// Digits written the way people write them at home in `home`'s country.
std::optional<resolved> read_national(const calling_code& home, std::string_view d) {
    // 1. With the trunk prefix: "8 912 ...", "020 ...", "8 029 ...".
    for (std::string_view t : trunks_of(home))
        if (d.size() > t.size() && starts_with(d, t) && plausible_nsn(home, d.substr(t.size())))
            return resolved{&home, std::string(d.substr(t.size()))};
    // 2. With the calling code but no '+': "7 912 ...", "380 67 ...".
    const std::string code = code_text(home);
    if (d.size() > code.size() && starts_with(d, code) && plausible_nsn(home, d.substr(code.size())))
        return resolved{&home, std::string(d.substr(code.size()))};
    // 3. The bare national number: "912 345 67 89", "(415) 555-2671".
    if (!d.empty() && plausible_nsn(home, d)) return resolved{&home, std::string(d)};
    return std::nullopt;
}

// International access codes dialled before a calling code from `home`, besides "00".
std::string_view exit_code(const calling_code* home) {
    if (!home) return {};
    if (home->code == 1) return "011";             // NANP
    if (home->trunk[0] == '8') return "810";       // Russia, Kazakhstan, Belarus and neighbours
    return {};
}

std::optional<resolved> resolve(const written_number& w, const calling_code* home) {
    const std::string_view d = w.digits;
    if (d.empty()) return std::nullopt;
    if (w.plus) {
        if (auto r = read_international(d)) return r;
        // "+8 912 ..." : a trunk prefix written with a plus, a common slip where the trunk is 8.
        // Only when no calling code reads the digits.
        if (home && home->trunk[0] == '8' && d[0] == '8')
            if (auto r = read_national(*home, d); r && d.size() == r->nsn.size() + 1) return r;
        return std::nullopt;
    }
    if (starts_with(d, "00")) return read_international(d.substr(2));
    const std::string_view exit = exit_code(home);
    if (!exit.empty() && starts_with(d, exit))
        if (auto r = read_international(d.substr(exit.size()))) return r;
    if (home)
        if (auto r = read_national(*home, d)) return r;
    // Digits that fit no national reading may be an international number written without '+'
    // ("380 67 123 45 67" in a Russian card).
    return read_international(d);
}

// The ISO country of a resolved number.
std::string country_of(const resolved& r, const calling_code* home, std::string_view home_iso) {
    if (r.code->code == 7) return (r.nsn[0] == '6' || r.nsn[0] == '7') ? "KZ" : "RU";
    // A shared code read for a country that shares it ("CA" reading +1 ...) keeps that country.
    if (home == r.code) return upper_ascii(home_iso);
    return r.code->iso;
}

// Applies a pattern of 'x' (one digit each) and literal separators when the digit count fits.
std::optional<std::string> apply_pattern(std::string_view nsn, std::string_view pattern) {
    if (static_cast<std::size_t>(std::count(pattern.begin(), pattern.end(), 'x')) != nsn.size())
        return std::nullopt;
    std::string out;
    std::size_t k = 0;
    for (char p : pattern) out += p == 'x' ? nsn[k++] : p;
    return out;
}

// Groups of three from the left; a last group of four is split 2-2 ("912 345 67 89").
std::string generic_groups(std::string_view nsn) {
    std::string out;
    while (nsn.size() > 4) {
        out.append(nsn.substr(0, 3)).push_back(' ');
        nsn.remove_prefix(3);
    }
    if (nsn.size() == 4)
        out.append(nsn.substr(0, 2)).append(" ").append(nsn.substr(2));
    else
        out.append(nsn);
    return out;
}

// National display habits for the countries our users call most.
std::string group_nsn(std::uint16_t code, std::string_view nsn) {
    std::string_view pattern;
    switch (code) {
        case 7: pattern = "xxx xxx-xx-xx"; break;
        case 1: pattern = "xxx xxx-xxxx"; break;
        case 33: pattern = "x xx xx xx xx"; break;
        case 44: pattern = !nsn.empty() && nsn[0] == '2' ? "xx xxxx xxxx" : "xxxx xxxxxx"; break;
        case 49:  // mobile prefixes 15x-17x, the one-digit-shorter big-city area codes
            if (!nsn.empty() && nsn[0] == '1') return std::string(nsn.substr(0, 3)) + " " + std::string(nsn.substr(3));
            if (starts_with(nsn, "30") || starts_with(nsn, "40") || starts_with(nsn, "69") || starts_with(nsn, "89"))
                return std::string(nsn.substr(0, 2)) + " " + std::string(nsn.substr(2));
            break;
        case 375: case 380: case 992: case 994: case 995: case 996: case 998:
            pattern = "xx xxx-xx-xx";
            break;
        default: break;
    }
    if (!pattern.empty())
        if (auto s = apply_pattern(nsn, pattern)) return *s;
    return generic_groups(nsn);
}

// Digits of a query after a complete calling code; "" while the code is still being typed.
std::string after_calling_code(std::string_view d) {
    const calling_code* c = find_code_at_start(d);
    if (!c) return d.size() < 3 ? std::string() : std::string(d);
    std::string_view rest = d.substr(code_length(c->code));
    // "+44 (0)20 ..." : a 0 trunk after the code is never part of the number.
    for (std::string_view t : trunks_of(*c))
        if (t[0] == '0' && rest.size() > t.size() && starts_with(rest, t)) {
            rest.remove_prefix(t.size());
            break;
        }
    return std::string(rest);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [api]
// ---------------------------------------------------------------------------------------------

std::optional<normalized_phone> normalize_phone(std::string_view input, std::string_view default_country) {
    const std::optional<written_number> w = read_text(input);
    if (!w) return std::nullopt;
    const calling_code* home = find_country(default_country);
    const std::optional<resolved> r = resolve(*w, home);
    if (!r) return std::nullopt;
    normalized_phone out;
    out.e164 = "+" + code_text(*r->code) + r->nsn;
    out.extension = w->extension;
    out.country = country_of(*r, home, default_country);
    return out;
}

std::string national_number(std::string_view e164) {
    std::string digits;
    for (char ch : e164)
        if (is_digit(ch)) digits += ch;
    if (e164.empty() || e164[0] != '+') return digits;
    const calling_code* c = find_code_at_start(digits);
    return c ? digits.substr(code_length(c->code)) : digits;
}

std::string phone_query_digits(std::string_view query, std::string_view default_country) {
    // A complete number, in any format normalize_phone reads, looks for its own national number.
    // Every reading drops only leading digits, so this, like the rules below, never narrows.
    if (const auto full = normalize_phone(query, default_country)) return national_number(full->e164);

    std::string d;
    std::vector<bool> gap_before;  // a separator right before digit i: "7 912" vs "7912"
    bool plus = false;
    bool phone_like = true;
    bool gap = false;
    for (std::size_t i = 0; i < query.size();) {
        const char32_t c = next_code_point(query, i);
        if (c >= '0' && c <= '9') {
            d += static_cast<char>(c);
            gap_before.push_back(gap);
            gap = false;
        } else if (is_separator(c)) {
            gap = true;
        } else if (c == '+' && d.empty() && !plus) {
            plus = true;
        } else {
            phone_like = false;
        }
    }
    // Not written like a phone number (a name, an address): its digits as they are.
    if (!phone_like) return d;
    if (plus) return after_calling_code(d);

    const calling_code* home = find_country(default_country);
    // "0044 20 ...", "810 44 ...", "011 44 ...": only once a known calling code follows.
    for (std::string_view exit : {std::string_view("00"), exit_code(home)})
        if (!exit.empty() && d.size() > exit.size() && starts_with(d, exit) &&
            find_code_at_start(std::string_view(d).substr(exit.size())))
            return after_calling_code(std::string_view(d).substr(exit.size()));
    if (!home) return d;

    // A leading trunk prefix is dropped as soon as a digit follows it. What remains is a
    // substring of what was typed, so this only widens the match: "8912" still finds a number
    // ending in ...89 12 and also every +7 912 ... number.
    for (std::string_view t : trunks_of(*home))
        if (d.size() > t.size() && starts_with(d, t)) return d.substr(t.size());
    // The calling code without '+' is dropped only when the query cannot be a fragment: it is set
    // off by a separator ("7 912") or too long to be a national number ("79123456789").
    const std::string code = code_text(*home);
    if (d.size() > code.size() && starts_with(d, code) &&
        (gap_before[code.size()] || d.size() > home->max_len))
        return d.substr(code.size());
    return d;
}

std::string format_phone(std::string_view e164) {
    if (e164.size() < 2 || e164[0] != '+' || !std::all_of(e164.begin() + 1, e164.end(), is_digit))
        return std::string(e164);
    const std::string_view digits = e164.substr(1);
    const calling_code* c = find_code_at_start(digits);
    if (!c || digits.size() == code_length(c->code)) return std::string(e164);
    return "+" + code_text(*c) + " " + group_nsn(c->code, digits.substr(code_length(c->code)));
}

}  // namespace cc
