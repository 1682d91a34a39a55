// strings.hpp — the card's texts, English and Russian (DESIGN §8). Keys are dotted words
// ("search.hint", "field.name"); error codes from the core ("err.email_invalid") are keys too, so
// a refusal is shown in the user's language. Shared texts live in strings.cpp; each section owns
// its own table (section.hpp), and tr() finds both through the section registry.
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/app.hpp"
#include "core/error.hpp"

namespace ui {

// One text: its key, English, Russian.
struct string_row { const char* key; const char* en; const char* ru; };

// The text for `key` in `lang`; English when Russian lacks it; the key itself when unknown.
// The pointer stays valid for the life of the program.
const char* tr(cc::locale lang, std::string_view key);
// True when the table has `key` (tests check that every core error code is translated).
bool tr_has(std::string_view key);
// Every table tr() reads: the shared one first, then each section's (tests check them whole).
struct string_table { const char* owner; const string_row* rows; std::size_t count; };
std::vector<string_table> string_tables();

// A core error as a sentence: tr(code) with "{detail}" replaced by e.detail.
std::string error_text(cc::locale lang, const cc::error& e);
// tr(key) with "{}" replaced by `arg` (user data never becomes a format string).
std::string tr_arg(cc::locale lang, std::string_view key, std::string_view arg);
// tr(key) with named placeholders ("{actor}", "{field}") replaced in one pass, so a value that
// itself contains "{field}" is never expanded again.
std::string tr_fill(cc::locale lang, std::string_view key,
                    std::initializer_list<std::pair<std::string_view, std::string_view>> args);
// tr(key) with "{n}" replaced by the number: "Orders ({n})" -> "Orders (3)".
std::string tr_num(cc::locale lang, std::string_view key, std::int64_t n);
// "{n} ..." with the plural form of `n`: key + ".one" / ".few" / ".many" (Russian rules;
// English uses .one and .many).
std::string tr_count(cc::locale lang, std::string_view key, std::int64_t n);

}  // namespace ui
