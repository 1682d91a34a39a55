// json_limits.hpp — reading JSON from outside (a request body, a pull page, a stored file, a
// message from another tab) with its size and nesting checked before any recursive work.
//
// nlohmann::json builds, copies, dumps and compares values recursively: a 120 KB text of 60,000
// nested arrays overflows the stack in whichever of those comes first. So every decoder that
// takes text it did not write itself calls parse_bounded, which scans the bytes once (no
// recursion, no allocation) and parses only a text that is within the limits.
//
//     std::string why;
//     auto doc = cc::parse_bounded(body, {1 << 20, 64}, why);
//     if (!doc) return refuse(why);            // "the JSON nests 60001 levels deep; at most 64"
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace cc {

struct json_bounds {
    std::size_t max_bytes = 1u << 20;  // the text itself
    std::size_t max_depth = 64;        // arrays and objects inside each other
};

// The deepest nesting of arrays and objects in `text`, counted outside strings. Stops counting
// (and returns a value above `stop_above`) once the depth passes `stop_above`. Malformed text
// gives some number; the parser reports the syntax error afterwards.
std::size_t json_nesting_depth(std::string_view text, std::size_t stop_above = static_cast<std::size_t>(-1));

// The parsed document, or nullopt with `why` set (in English, for an error message): too large,
// too deep, or not valid JSON (the parser's own message, which says where it broke).
std::optional<nlohmann::json> parse_bounded(std::string_view text, const json_bounds& bounds, std::string& why);

}  // namespace cc
