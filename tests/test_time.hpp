// test_time.hpp — spans of time in milliseconds (the core's unit), shared by the test files so
// each does not define its own (the unity build compiles several test files as one).
#pragma once
#include <cstdint>

inline constexpr std::int64_t minute = 60 * 1000;
inline constexpr std::int64_t hour = 60 * minute;
