// validate.hpp — the checks `apply` runs, exposed so the ui can show the same message next to a
// field while the user types. Each returns nullopt when the value is acceptable.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "error.hpp"

namespace cc {

// Longest accepted value of a text field, in characters (code points).
//   name 200, note 1000 (Leeloo's comment limit), tag 64, custom key 64, custom value 1000,
//   urls 2048, everything else 200.
std::size_t max_length(std::string_view field);

std::optional<error> check_text(std::string_view field, std::string_view value);  // length, UTF-8, control chars
std::optional<error> check_name(std::string_view value);        // not blank, length
std::optional<error> check_email(std::string_view value);
std::optional<error> check_phone(std::string_view raw);         // must normalise to E.164
std::optional<error> check_url(std::string_view field, std::string_view value);  // http(s) only
std::optional<error> check_time_zone(std::string_view value);   // "" or an IANA zone name
std::optional<error> check_language(std::string_view value);    // "" or ISO 639-1 code
std::optional<error> check_tag(std::string_view value);

// An op's time on the wire: ms since the epoch, from 2000-01-01 (no edit of this card is older;
// 0, -1 and seconds instead of ms land below it) to 2^53 (the largest integer a JavaScript
// number holds exactly). err.bad_value for "at" otherwise.
inline constexpr std::int64_t min_op_at = 946684800000;
inline constexpr std::int64_t max_op_at = std::int64_t{1} << 53;
std::optional<error> check_at(std::int64_t at);

// Only http, https, mailto and tel links ever open; anything else is shown as text.
bool link_allowed(std::string_view url);

}  // namespace cc
