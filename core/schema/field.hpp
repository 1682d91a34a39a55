// field.hpp — a field definition: the one place a field of a record kind is declared (DESIGN §3).
// Validation, the codec, the details rows, log lines, conflict detection and search read it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/schema/access.hpp"

namespace cc {

// How a value travels (JSON) and is checked:
//   text, long_text   string, at most `max` characters, valid UTF-8, no control characters
//                     (long_text keeps line breaks)
//   number            integer in [min, max]
//   money             integer minor units (kopecks, cents) in [min, max]
//   date              "YYYY-MM-DD"
//   datetime          integer ms since the Unix epoch (UTC)
//   boolean           true / false
//   enumeration       one of `values`
//   reference         string id of a user or a record (at most 128 bytes)
//   url               http(s) link (validate.hpp check_url), at most `max` characters
//   time_zone         "" or an IANA zone name
//   phone             a number that normalises to E.164 (phone.hpp)
//   file              {"id": sha256 hex, "name", "size", "type"} of a file in the blob store
//   file_list         array of at most `max` files
//   number_list       array of at most `max` integers, each in [min, item_max]
//   currency          an ISO 4217 code the card knows (core/money.hpp): "RUB", "USD"
//   line_items        array of at most `max` {"name": text ≤ 200, "quantity": 1..1,000,000,
//                     "price": minor units ≥ 0}: what an order is made of
enum class field_type {
    text, long_text, number, money, date, datetime, boolean, enumeration, reference, url,
    time_zone, phone, file, file_list, number_list, currency, line_items
};

// Who may write a field through the generic mutators. `system` fields (a task's status, when it
// was closed) change only through a named mutator or the server: `set` refuses them.
enum class field_access { editable, system };

struct field_def {
    std::string key;
    field_type type = field_type::text;
    std::int64_t max = 200;           // characters, the largest number, or the most list items
    std::int64_t min = 0;             // the smallest number (number_list: of each item)
    std::int64_t item_max = 0;        // number_list: the largest item
    std::vector<std::string> values;  // enumeration: the words, in the order the ui offers them
    bool required = false;            // create must carry it (or the kind gives a default)
    bool searchable = false;          // part of the client's search projection
    field_access access = field_access::editable;
    nlohmann::json fallback;          // the value create stores when the payload omits it (null: none)
    // Roles that may write this field; empty: whoever may change the record (the kind's rows).
    std::vector<role> writers;

    // Declaring a field reads as a sentence: field("title", field_type::text, 200).needed().searched()
    field_def needed() const { auto f = *this; f.required = true; return f; }
    field_def searched() const { auto f = *this; f.searchable = true; return f; }
    field_def system_only() const { auto f = *this; f.access = field_access::system; return f; }
    field_def defaults_to(nlohmann::json v) const { auto f = *this; f.fallback = std::move(v); return f; }
    field_def written_by(std::vector<role> r) const { auto f = *this; f.writers = std::move(r); return f; }
    field_def one_of(std::vector<std::string> words) const { auto f = *this; f.values = std::move(words); return f; }
    field_def between(std::int64_t lo, std::int64_t hi) const { auto f = *this; f.min = lo; f.max = hi; return f; }
    field_def items_between(std::int64_t lo, std::int64_t hi) const { auto f = *this; f.min = lo; f.item_max = hi; return f; }
};

inline field_def field(std::string key, field_type type, std::int64_t max = 200) {
    field_def f;
    f.key = std::move(key);
    f.type = type;
    f.max = max;
    return f;
}

// A field declared as data: the same sentence as field(...).needed()..., but every part is a
// compile-time constant, so a kind's fields are a constexpr table (no code per field in the
// module: issue 9's eleven kinds cost 14 KB of gzipped wasm as builder chains) that fields_of()
// turns into field_defs once, when the kind is built.
//   constexpr field_spec fields[] = {
//       spec("number", t::text, 64).needed().searched(),
//       spec("status", t::enumeration).one_of("new|paid").defaults_to("new"),
//       spec("source", t::text, 64).written_by(role_bit::integration),
//   };
namespace role_bit {
constexpr unsigned admin = 1, manager = 2, integration = 4;
}
struct field_spec {
    const char* key = "";
    field_type type = field_type::text;
    std::int64_t max = 200, min = 0, item_max = 0;
    const char* values = nullptr;   // enumeration: "new|paid|failed"
    bool required = false, searchable = false, system = false;
    enum class fallback_kind : unsigned char { none, word, number, boolean } fallback = fallback_kind::none;
    const char* fallback_word = nullptr;
    std::int64_t fallback_number = 0;
    unsigned writers = 0;           // role_bit mask; 0: whoever may change the record

    constexpr field_spec needed() const { auto f = *this; f.required = true; return f; }
    constexpr field_spec searched() const { auto f = *this; f.searchable = true; return f; }
    constexpr field_spec system_only() const { auto f = *this; f.system = true; return f; }
    constexpr field_spec one_of(const char* words) const { auto f = *this; f.values = words; return f; }
    constexpr field_spec between(std::int64_t lo, std::int64_t hi) const { auto f = *this; f.min = lo; f.max = hi; return f; }
    constexpr field_spec items_between(std::int64_t lo, std::int64_t hi) const {
        auto f = *this; f.min = lo; f.item_max = hi; return f;
    }
    constexpr field_spec written_by(unsigned roles) const { auto f = *this; f.writers = roles; return f; }
    constexpr field_spec defaults_to(const char* word) const {
        auto f = *this; f.fallback = fallback_kind::word; f.fallback_word = word; return f;
    }
    constexpr field_spec defaults_to_number(std::int64_t n) const {
        auto f = *this; f.fallback = fallback_kind::number; f.fallback_number = n; return f;
    }
    constexpr field_spec defaults_to(bool b) const {
        auto f = *this; f.fallback = fallback_kind::boolean; f.fallback_number = b ? 1 : 0; return f;
    }
};
constexpr field_spec spec(const char* key, field_type type, std::int64_t max = 200) {
    field_spec f;
    f.key = key;
    f.type = type;
    f.max = max;
    return f;
}
std::vector<field_def> fields_of(const field_spec* specs, std::size_t count);
template <std::size_t N> std::vector<field_def> fields_of(const field_spec (&specs)[N]) { return fields_of(specs, N); }
std::vector<role> roles_of(unsigned role_bits);

// Checks one value against its definition; nullopt when acceptable. The error names the field.
std::optional<error> check_value(const field_def& f, const nlohmann::json& value);

// How the activity log shows a value ("" for null). Times stay ms (the ui formats them in the
// viewer's zone from the field's type); a file shows its name; lists join with ", ".
std::string log_text(const field_def& f, const nlohmann::json& value);

const char* to_string(field_type t);

}  // namespace cc
