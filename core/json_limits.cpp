// json_limits.cpp — see json_limits.hpp.
#include "core/json_limits.hpp"

namespace cc {

std::size_t json_nesting_depth(std::string_view text, std::size_t stop_above) {
    std::size_t depth = 0, deepest = 0;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        switch (c) {
            case '"': in_string = true; break;
            case '[':
            case '{':
                if (++depth > deepest) {
                    deepest = depth;
                    if (deepest > stop_above) return deepest;
                }
                break;
            case ']':
            case '}':
                if (depth > 0) --depth;
                break;
            default: break;
        }
    }
    return deepest;
}

std::optional<nlohmann::json> parse_bounded(std::string_view text, const json_bounds& bounds, std::string& why) {
    if (text.size() > bounds.max_bytes) {
        why = "the JSON text has " + std::to_string(text.size()) + " bytes; at most " +
              std::to_string(bounds.max_bytes) + " are accepted";
        return std::nullopt;
    }
    std::size_t depth = json_nesting_depth(text, bounds.max_depth);
    if (depth > bounds.max_depth) {
        why = "the JSON nests deeper than " + std::to_string(bounds.max_depth) + " levels";
        return std::nullopt;
    }
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        why = std::string("the text is not valid JSON: ") + e.what();
        return std::nullopt;
    }
}

}  // namespace cc
