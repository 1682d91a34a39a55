// comment.hpp — what the card needs to know about comments beyond their schema.
#pragma once
#include <cstdint>

namespace cc {

// How long after posting a comment its author may still correct it (comment.edit).
inline constexpr std::int64_t comment_edit_window_ms = 15 * 60 * 1000;

}  // namespace cc
