// phone_test.cpp — phone normalisation as a sales manager meets it: numbers pasted from mail,
// messengers and spreadsheets in every format must land on one E.164 value; garbage must not.
#include <doctest/doctest.h>

#include <string>

#include "core/phone.hpp"

namespace {

// The E.164 form, or "-" when the text is not accepted as a phone number.
std::string e164(std::string_view text, std::string_view country = "RU") {
    const auto p = cc::normalize_phone(text, country);
    return p ? p->e164 : "-";
}

std::string country_of(std::string_view text, std::string_view country = "RU") {
    const auto p = cc::normalize_phone(text, country);
    return p ? p->country : "-";
}

std::string extension_of(std::string_view text) {
    const auto p = cc::normalize_phone(text);
    return p ? p->extension : "-";
}

}  // namespace

TEST_CASE("phone: the four formats from the issue are one number") {
    const char* formats[] = {"+7 (912) 345-67-89", "8 912 345 67 89", "89123456789", "+79123456789"};
    for (const char* f : formats) {
        CAPTURE(f);
        const auto p = cc::normalize_phone(f);
        REQUIRE(p);
        CHECK(p->e164 == "+79123456789");
        CHECK(p->country == "RU");
        CHECK(p->extension.empty());
    }
}

TEST_CASE("phone: Russian numbers in the ways people write them") {
    CHECK(e164("9123456789") == "+79123456789");           // 10-digit national number
    CHECK(e164("7 912 345 67 89") == "+79123456789");      // calling code without '+'
    CHECK(e164("+7 (495) 123-45-67") == "+74951234567");   // Moscow landline
    CHECK(e164("8 (495) 123-45-67") == "+74951234567");
    CHECK(e164("8-495-123-45-67") == "+74951234567");
    CHECK(e164("(495) 123 45 67") == "+74951234567");
    CHECK(e164("8 (812) 123-45-67") == "+78121234567");    // St Petersburg, trunk 8 + code 812
    CHECK(e164("812 123 45 67") == "+78121234567");        // no trunk: the 8 belongs to the code
    CHECK(e164("8 800 555-35-35") == "+78005553535");      // toll-free
    CHECK(e164("8.912.345.67.89") == "+79123456789");
    CHECK(e164("  +7 912 345 67 89  ") == "+79123456789");
    CHECK(e164("007 912 345 67 89") == "+79123456789");    // 00 international prefix
    CHECK(e164("+7 8 912 345 67 89") == "+79123456789");   // trunk kept after the code
    CHECK(e164("+8 912 345 67 89") == "+79123456789");     // the common "+8" slip
    CHECK(e164("+8 800 555 35 35") == "+78005553535");     // not Bangladesh +880 0...
}

TEST_CASE("phone: separators from word processors and web pages") {
    CHECK(e164("+7\xC2\xA0" "912\xC2\xA0" "345-67-89") == "+79123456789");         // no-break spaces
    CHECK(e164("8\xE2\x80\xAF" "912\xE2\x80\xAF" "345 67 89") == "+79123456789");  // narrow no-break space
    CHECK(e164("8 912 345\xE2\x80\x91" "67\xE2\x80\x91" "89") == "+79123456789");  // no-break hyphens
    CHECK(e164("8 (912) 345\xE2\x80\x93" "67\xE2\x80\x93" "89") == "+79123456789"); // en dashes
    CHECK(e164("8\t912\t3456789") == "+79123456789");
    CHECK(e164("tel:+79123456789") == "+79123456789");     // a pasted tel: link
}

TEST_CASE("phone: Kazakhstan shares +7 and is told apart by the first digit") {
    CHECK(e164("+7 701 123 45 67") == "+77011234567");
    CHECK(country_of("+7 701 123 45 67") == "KZ");
    CHECK(country_of("8 727 123 45 67") == "KZ");          // Almaty landline, read from RU
    CHECK(e164("8 701 123 45 67", "KZ") == "+77011234567");
    CHECK(country_of("8 912 345 67 89", "KZ") == "RU");    // a Russian number stays Russian
    CHECK(e164("+7 012 345 67 89") == "-");                 // no +7 number starts with 0
    CHECK(e164("+7 212 345 67 89") == "-");
}

TEST_CASE("phone: other countries with their calling codes") {
    CHECK(e164("+1 (415) 555-2671") == "+14155552671");
    CHECK(country_of("+1 (415) 555-2671") == "US");
    CHECK(e164("+44 20 7946 0958") == "+442079460958");
    CHECK(country_of("+44 20 7946 0958") == "GB");
    CHECK(e164("+44 (0)20 7946 0958") == "+442079460958");  // "(0)" trunk after the code
    CHECK(e164("0044 20 7946 0958") == "+442079460958");
    CHECK(e164("+49 30 12345678") == "+493012345678");
    CHECK(e164("+49 (0)151 2345 6789") == "+4915123456789");
    CHECK(e164("+380 (67) 123-45-67") == "+380671234567");
    CHECK(country_of("+380 67 123 45 67") == "UA");
    CHECK(e164("+375 29 123-45-67") == "+375291234567");
    CHECK(country_of("+375 29 123-45-67") == "BY");
    CHECK(e164("+998 90 123 45 67") == "+998901234567");
    CHECK(country_of("+998 90 123 45 67") == "UZ");
    CHECK(e164("+33 6 12 34 56 78") == "+33612345678");
    CHECK(e164("+39 06 1234 5678") == "+390612345678");      // Italian landlines keep their 0
    CHECK(e164("8 10 44 20 7946 0958") == "+442079460958");  // Russian "8 10" international exit
}

TEST_CASE("phone: international numbers written without '+' in a Russian card") {
    CHECK(e164("380671234567") == "+380671234567");
    CHECK(e164("998 90 123 45 67") == "+998901234567");
    CHECK(e164("4915123456789") == "+4915123456789");
    // A British national number means nothing without the GB default: no guessing.
    CHECK(e164("020 7946 0958") == "-");
    // Belarusian "8 0xx" read with the RU default is not a Russian number either.
    CHECK(e164("8 029 123-45-67") == "-");
}

TEST_CASE("phone: default country decides how national numbers are read") {
    // US: 10-digit national numbers, optional 1 before them, 011 to dial out.
    CHECK(e164("(415) 555-2671", "US") == "+14155552671");
    CHECK(e164("1-415-555-2671", "US") == "+14155552671");
    CHECK(e164("415.555.2671", "US") == "+14155552671");
    CHECK(e164("011 44 20 7946 0958", "US") == "+442079460958");
    CHECK(e164("(015) 555-2671", "US") == "-");                  // no area code starts with 0
    CHECK(country_of("(416) 555-0100", "CA") == "CA");          // Canada shares +1
    // GB, DE, UA: trunk 0.
    CHECK(e164("020 7946 0958", "GB") == "+442079460958");
    CHECK(e164("07911 123456", "GB") == "+447911123456");
    CHECK(e164("030 12345678", "DE") == "+493012345678");
    CHECK(e164("030/12345678", "DE") == "+493012345678");
    CHECK(e164("0151 23456789", "DE") == "+4915123456789");
    CHECK(e164("067 123 45 67", "UA") == "+380671234567");
    CHECK(e164("(067) 123-45-67", "UA") == "+380671234567");
    // BY: "8 0xx" trunk, and the older "0xx".
    CHECK(e164("8 029 123-45-67", "BY") == "+375291234567");
    CHECK(e164("8 017 123-45-67", "BY") == "+375171234567");   // Minsk landline
    CHECK(e164("029 123 45 67", "BY") == "+375291234567");
    // UZ with trunk 8, KZ like RU.
    CHECK(e164("8 90 123 45 67", "UZ") == "+998901234567");
    CHECK(e164("90 123 45 67", "UZ") == "+998901234567");
    CHECK(e164("8 912 345 67 89", "KZ") == "+79123456789");
    // The default is case-insensitive; numbers with '+' read the same under any default.
    CHECK(e164("020 7946 0958", "gb") == "+442079460958");
    CHECK(e164("+7 912 345 67 89", "US") == "+79123456789");
    CHECK(e164("+7 912 345 67 89", "") == "+79123456789");
    // An unknown default reads no national numbers at all.
    CHECK(e164("8 912 345 67 89", "ZZ") == "-");
}

TEST_CASE("phone: extensions are kept apart from the number") {
    CHECK(extension_of("+7 495 123-45-67 доб. 123") == "123");
    CHECK(extension_of("+7 495 123-45-67 доб 123") == "123");
    CHECK(extension_of("+7 495 123-45-67 ДОБ.123") == "123");
    CHECK(extension_of("+7 495 123-45-67 добавочный 123") == "123");
    CHECK(extension_of("+7 495 123-45-67 ext. 123") == "123");
    CHECK(extension_of("+7 495 123-45-67 ext123") == "123");
    CHECK(extension_of("+7 495 123-45-67 EXT 123") == "123");
    CHECK(extension_of("+7 495 123-45-67 x123") == "123");
    CHECK(extension_of("+7 495 123-45-67 #123") == "123");
    CHECK(extension_of("+7 495 123-45-67,123") == "123");
    CHECK(extension_of("tel:+74951234567;ext=123") == "123");
    CHECK(e164("+7 495 123-45-67 доб. 123") == "+74951234567");
    CHECK(e164("8 (495) 123-45-67 x 9") == "+74951234567");
    CHECK(e164("+1 415 555 2671 ext. 204", "US") == "+14155552671");
    // A marker with nothing after it, twice, or before the number is not a phone.
    CHECK(e164("+7 495 123-45-67 доб.") == "-");
    CHECK(e164("+7 495 123-45-67 #") == "-");
    CHECK(e164("+7 495 123-45-67 доб. 12 доб. 34") == "-");
    CHECK(e164("x123") == "-");
    CHECK(e164("#123 8 495 123 45 67") == "-");
    // Two numbers in one field are not one number with a long "extension".
    CHECK(e164("8 912 345 67 89, 8 912 345 67 90") == "-");
    CHECK(e164("+7 912 345 67 89, +7 912 345 67 90") == "-");
}

TEST_CASE("phone: text that is not a phone number") {
    CHECK(e164("") == "-");
    CHECK(e164("   ") == "-");
    CHECK(e164("()-.-") == "-");
    CHECK(e164("+") == "-");
    CHECK(e164("call me") == "-");
    CHECK(e164("8 912 abc 67 89") == "-");
    CHECK(e164("+7 912 345 67 89 (мобильный)") == "-");     // a note in the field
    CHECK(e164("+7 912 xxx xx xx") == "-");                 // a placeholder, not an extension
    CHECK(e164("8 912 345 67 8O") == "-");                  // letter O for zero
    CHECK(e164("12345") == "-");                             // too short
    CHECK(e164("+7 912 345") == "-");
    CHECK(e164("1234567890") == "-");                        // no Russian number starts with 1
    CHECK(e164("+7 912 345 67 890") == "-");                 // one digit too many for +7
    CHECK(e164("1234567890123456") == "-");                  // 16 digits: beyond E.164
    CHECK(e164("+1234567890123456") == "-");
    CHECK(e164("+999 123 456 789") == "-");                  // unassigned calling code
    CHECK(e164("++7 912 345 67 89") == "-");
    CHECK(e164("8 912 + 345 67 89") == "-");                 // '+' in the middle
    CHECK(e164("8 912 345 67 89*") == "-");
    CHECK(e164("\xFF\xFE" "89123456789") == "-");            // not UTF-8
    CHECK(e164("8 912 345 67 8\xD0") == "-");                 // cut UTF-8 sequence
}

TEST_CASE("phone: national_number") {
    CHECK(cc::national_number("+79123456789") == "9123456789");
    CHECK(cc::national_number("+14155552671") == "4155552671");
    CHECK(cc::national_number("+380671234567") == "671234567");
    CHECK(cc::national_number("+442079460958") == "2079460958");
    CHECK(cc::national_number("") == "");
}

TEST_CASE("phone: phone_query_digits for instant search") {
    using cc::phone_query_digits;
    // A number typed from its start, with trunk or international prefix: the national digits.
    CHECK(phone_query_digits("8 912 345") == "912345");
    CHECK(phone_query_digits("+7 912") == "912");
    CHECK(phone_query_digits("+7 (912) 34") == "91234");
    CHECK(phone_query_digits("007912") == "912");
    CHECK(phone_query_digits("7 912 3") == "9123");         // code set off by a space
    // Compact 8...: the trunk goes, so +7 912... numbers are found while typing.
    CHECK(phone_query_digits("8912") == "912");
    // Digits from the middle of a number stay as typed.
    CHECK(phone_query_digits("3456") == "3456");
    CHECK(phone_query_digits("45-67") == "4567");
    CHECK(phone_query_digits("7912") == "7912");            // a bare 7 may be a middle digit
    CHECK(phone_query_digits("8") == "8");                  // a lone 8 is just a digit
    // Complete numbers in any format give the national number that search compares with.
    CHECK(phone_query_digits("89123456789") == "9123456789");
    CHECK(phone_query_digits("79123456789") == "9123456789");
    CHECK(phone_query_digits("+7 (495) 123-45-67 доб. 12") == "4951234567");
    CHECK(phone_query_digits("380671234567") == "671234567");
    // Other defaults and prefixes.
    CHECK(phone_query_digits("+44 20 79") == "2079");
    CHECK(phone_query_digits("+44 (0)20 79") == "2079");
    CHECK(phone_query_digits("0044 20") == "20");
    CHECK(phone_query_digits("020 79", "GB") == "2079");
    CHECK(phone_query_digits("1 415", "US") == "415");
    CHECK(phone_query_digits("(415) 555", "US") == "415555");
    CHECK(phone_query_digits("8 029 12", "BY") == "2912");
    CHECK(phone_query_digits("810 44 20", "RU") == "20");
    // Only a prefix typed so far: nothing to look for yet.
    CHECK(phone_query_digits("+7") == "");
    CHECK(phone_query_digits("+38") == "");
    CHECK(phone_query_digits("+") == "");
    // Not a phone query: names give no digits, mixed text gives its digits unchanged.
    CHECK(phone_query_digits("Иван") == "");
    CHECK(phone_query_digits("офис 8912") == "8912");
    CHECK(phone_query_digits("") == "");
}

TEST_CASE("phone: the query digits find the stored number") {
    // What search does: query digits as a substring of the stored national number.
    const std::string stored = cc::national_number(cc::normalize_phone("+7 (912) 345-67-89")->e164);
    const char* queries[] = {"8 912 345", "+7 912", "89123", "007912", "345-67", "6789", "8 (912) 345-67-89"};
    for (const char* q : queries) {
        CAPTURE(q);
        CHECK(stored.find(cc::phone_query_digits(q)) != std::string::npos);
    }
    CHECK(stored.find(cc::phone_query_digits("8 913")) == std::string::npos);
}

TEST_CASE("phone: format_phone") {
    CHECK(cc::format_phone("+79123456789") == "+7 912 345-67-89");
    CHECK(cc::format_phone("+74951234567") == "+7 495 123-45-67");
    CHECK(cc::format_phone("+14155552671") == "+1 415 555-2671");
    CHECK(cc::format_phone("+442079460958") == "+44 20 7946 0958");
    CHECK(cc::format_phone("+447911123456") == "+44 7911 123456");
    CHECK(cc::format_phone("+375291234567") == "+375 29 123-45-67");
    CHECK(cc::format_phone("+380671234567") == "+380 67 123-45-67");
    CHECK(cc::format_phone("+493012345678") == "+49 30 12345678");
    CHECK(cc::format_phone("+4915123456789") == "+49 151 23456789");
    CHECK(cc::format_phone("+33612345678") == "+33 6 12 34 56 78");
    CHECK(cc::format_phone("+3212345678") == "+32 123 456 78");      // generic grouping
    CHECK(cc::format_phone("+861012345678") == "+86 101 234 56 78");
    // Not E.164: shown as it is rather than mangled.
    CHECK(cc::format_phone("8 912 345") == "8 912 345");
    CHECK(cc::format_phone("") == "");
    // Round trip: the display form reads back to the same number.
    for (const char* e : {"+79123456789", "+14155552671", "+442079460958", "+998901234567"}) {
        CAPTURE(e);
        CHECK(e164(cc::format_phone(e)) == e);
    }
}
