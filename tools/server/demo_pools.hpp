// demo_pools.hpp — the word lists the demo generator draws from: names, places, companies,
// notes. Data only; demo_data.cpp decides how to combine them.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cc::demo {

struct name_entry {
    std::string text;   // as written: "Пётр", "Müller"
    std::string ascii;  // for nicknames, emails, urls: "petr", "mueller"
};

struct name_pool {
    bool slavic = false;                     // surnames agree with gender: Петров / Петрова
    std::vector<name_entry> male;
    std::vector<name_entry> female;
    std::vector<name_entry> surnames;        // the masculine form
    std::vector<name_entry> male_patronyms;  // "Сергеевич"; empty where names have none
    std::vector<name_entry> female_patronyms;
};

// Everything written in one language: companies, positions, notes, streets.
enum class text_style { russian, english, german };

struct company { std::string name; std::string slug; };  // "ООО «Ромашка»", "romashka"

struct text_pool {
    std::vector<company> companies;
    std::vector<std::string> positions;
    std::vector<std::string> notes;
    std::vector<std::string> spam_notes;
    std::vector<std::string> streets;
};

// How a national number is built: area code, then a local number of `local_length` digits that
// starts with `local_prefix` (fictional ranges where a country reserves them: 555-01xx in the US,
// Ofcom's drama numbers in the UK).
struct number_plan {
    std::string area;
    std::string local_prefix;
    std::size_t local_length = 7;
};

struct city {
    std::string name;
    std::string time_zone;  // IANA
    number_plan landline;
    std::string postcode;
};

struct region {
    std::string iso;                         // ISO 3166-1 alpha-2, also the phone default country
    std::string country;                     // as a client from there writes it
    std::vector<std::string> languages;      // ISO 639-1, the first is the most common
    const name_pool* names;
    text_style style;
    std::vector<city> cities;
    std::string calling_code;                // "7"
    std::vector<number_plan> mobiles;        // empty: mobiles look like the city's landlines
    std::vector<std::string> email_domains;
    unsigned weight;                         // share of the demo clients, relative
};

const std::vector<region>& regions();
const text_pool& texts(text_style style);

// Word lists shared by all regions.
const std::vector<std::string>& tag_pool();
const std::vector<std::string>& lead_sources();
const std::vector<std::string>& plans();
const std::vector<std::string>& external_systems();

// The feminine form of a Slavic surname: Петров -> Петрова, Ковалевский -> Ковалевская,
// Petrov -> Petrova, Kovalevsky -> Kovalevskaya; others (Шевченко, Ким) do not change.
std::string feminine_surname(std::string_view masculine);

}  // namespace cc::demo
