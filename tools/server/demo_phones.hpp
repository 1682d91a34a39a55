// demo_phones.hpp — demo phone numbers written the many ways people write them, so the card's
// normalisation and duplicate search meet "+7 (912) 345-67-89", "8 912 345 67 89",
// "89123456789" and "8(495)123-45-67 доб. 12" for real.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "demo_pools.hpp"
#include "demo_random.hpp"

namespace cc::demo {

struct phone_digits {
    std::string calling_code;  // "7"
    std::string area;          // "912"
    std::string local;         // "3456789"
};

phone_digits make_number(random& rng, const std::string& calling_code, const number_plan& plan);

// How many written forms `write_phone` knows for this number; styles are 0..count-1.
std::size_t style_count(const phone_digits& number);

// The number as a person would type it in style `style`, with an extension when not empty
// ("доб. 12" in Russian text, "ext. 12" otherwise).
std::string write_phone(const phone_digits& number, std::size_t style, std::string_view extension,
                        text_style language);

}  // namespace cc::demo
