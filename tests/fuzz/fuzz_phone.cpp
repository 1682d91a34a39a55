// fuzz_phone — feeds phone numbers, as typed into the card or sent in an op, through core/phone:
// normalize_phone, phone_query_digits, national_number and format_phone.
//
// Input: the number as text. "XX|rest" (two letters and a bar) reads "rest" with default
// country XX, so the fuzzer also varies the country; otherwise the card's default, RU.
// Checks: nothing crashes; a normalised number normalises to itself (under any default
// country) with no extension; its display form normalises back to it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/phone.hpp"

namespace {

void must(bool ok, const char* what, std::string_view a, std::string_view b) {
    if (ok) return;
    std::fprintf(stderr, "fuzz_phone: %s\n  got:  %.*s\n  want: %.*s\n", what, static_cast<int>(a.size()),
                 a.data(), static_cast<int>(b.size()), b.data());
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    std::string_view country = "RU";
    if (input.size() >= 3 && input[2] == '|') {
        country = input.substr(0, 2);
        input.remove_prefix(3);
    }

    (void)cc::phone_query_digits(input, country);
    auto n = cc::normalize_phone(input, country);
    if (!n) return 0;

    const std::string& e164 = n->e164;
    must(e164.size() >= 2 && e164[0] == '+', "an E.164 number starts with + and a digit", e164, "+...");
    for (std::string_view again_in : {std::string_view("RU"), std::string_view("US"), country}) {
        auto again = cc::normalize_phone(e164, again_in);
        must(again.has_value(), "a normalised number must normalise again", e164, e164);
        must(again->e164 == e164, "a normalised number must normalise to itself", again->e164, e164);
        must(again->extension.empty(), "an E.164 number has no extension", again->extension, "");
    }
    const std::string shown = cc::format_phone(e164);
    auto from_shown = cc::normalize_phone(shown, country);
    must(from_shown.has_value() && from_shown->e164 == e164, "the display form must read back as the number",
         from_shown ? from_shown->e164 : shown, e164);
    const std::string nsn = cc::national_number(e164);
    must(!nsn.empty() && e164.size() > nsn.size() &&
             e164.compare(e164.size() - nsn.size(), nsn.size(), nsn) == 0,
         "the national number is the end of the E.164 number", nsn, e164);
    (void)cc::phone_query_digits(e164, country);
    return 0;
}
