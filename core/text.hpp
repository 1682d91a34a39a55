// text.hpp — UTF-8 helpers the card needs for Russian and English text.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace cc {

bool utf8_valid(std::string_view s);
// The length (1-4) of the valid UTF-8 sequence starting at s[i], or 0 when the bytes there are
// not one: a stray continuation byte, an overlong form, a surrogate, past U+10FFFF, cut short.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);
std::size_t utf8_length(std::string_view s);  // code points
// Case folding for search and sorting: Latin and Cyrillic to lower case, ё -> е.
std::string fold(std::string_view s);
// Up to two initials for the avatar fallback: "Иван Петров" -> "ИП", "anna" -> "A".
std::string initials(std::string_view name);
std::string trim(std::string_view s);

}  // namespace cc
