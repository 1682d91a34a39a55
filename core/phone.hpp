// phone.hpp — phone numbers normalised to E.164 so one number is found in any format:
// "+7 (912) 345-67-89", "8 912 345 67 89", "89123456789" and "+79123456789" are one number.
// The rules are documented in docs/phone.md.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace cc {

struct normalized_phone {
    std::string e164;       // "+79123456789"
    std::string extension;  // "123" from "... ext. 123" / "доб. 123" / "#123"; "" if none
    std::string country;    // ISO 3166-1 alpha-2 of the calling code's main country, "RU";
                            // +7 6xx/7xx gives "KZ"; a code shared with default_country ("CA"
                            // reading +1) gives default_country; "" for non-geographic codes
};

// Normalises `input` (any common written format). `default_country` (ISO alpha-2) decides how a
// number written without an international prefix is read. Returns nullopt when the text cannot be
// a phone number (letters, too few or too many digits, unknown calling code).
std::optional<normalized_phone> normalize_phone(std::string_view input,
                                                std::string_view default_country = "RU");

// Digits a search query should look for: the national significant number when the query reads
// as a full number ("8 912 345" -> "912345"), else just the query's digits. "" when nothing but
// a prefix was typed ("+7", "+38"). The rule for a leading 8 vs middle digits: docs/phone.md.
std::string phone_query_digits(std::string_view query, std::string_view default_country = "RU");

// The national significant number of an E.164 number: "+79123456789" -> "9123456789".
std::string national_number(std::string_view e164);

// A readable international form for display: "+7 912 345-67-89".
std::string format_phone(std::string_view e164);

}  // namespace cc
