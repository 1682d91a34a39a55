// json_read.hpp — reading one member of JSON that came from outside (a server answer, a message
// from another tab) without trusting its type.
//
// nlohmann's `value(key, fallback)` throws when the member has another type, and converts a
// float to an integer with a plain cast: a "cursor" of 1e300 is undefined behaviour, a "code"
// of 5 throws out of update(). These read what is there when it has the expected type and
// range, and give the fallback (or nullopt) otherwise.
#pragma once
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace cc {

// The member as a string; `fallback` when absent, not a string, or `obj` is not an object.
inline std::string text_member(const nlohmann::json& obj, const char* key, std::string fallback = {}) {
    if (!obj.is_object()) return fallback;
    auto it = obj.find(key);
    return it != obj.end() && it->is_string() ? it->get<std::string>() : fallback;
}

// The member as an integer that fits int64; nullopt when absent, a float, out of range, or
// anything else. 1.0 is not an integer here: the server never sends one.
inline std::optional<std::int64_t> integer_member(const nlohmann::json& obj, const char* key) {
    if (!obj.is_object()) return std::nullopt;
    auto it = obj.find(key);
    if (it == obj.end()) return std::nullopt;
    if (it->is_number_unsigned()) {
        auto u = it->get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
        return static_cast<std::int64_t>(u);
    }
    if (it->is_number_integer()) return it->get<std::int64_t>();
    return std::nullopt;
}

inline bool bool_member(const nlohmann::json& obj, const char* key, bool fallback = false) {
    if (!obj.is_object()) return fallback;
    auto it = obj.find(key);
    return it != obj.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

// The member when it is an object; an empty object otherwise.
inline nlohmann::json object_member(const nlohmann::json& obj, const char* key) {
    if (!obj.is_object()) return nlohmann::json::object();
    auto it = obj.find(key);
    return it != obj.end() && it->is_object() ? *it : nlohmann::json::object();
}

}  // namespace cc
