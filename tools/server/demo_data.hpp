// demo_data.hpp — deterministic demo clients for the reference server, benchmarks and tests.
// Same n and seed -> the same clients, byte for byte, on every machine; make_demo_clients(k) is a
// prefix of make_demo_clients(n) for k < n. About 2% are deliberate duplicates of an earlier
// client (same person; the phone written another way and/or the email in another case) for the
// merge feature. docs/server.md describes the data.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/client.hpp"

namespace cc {

inline constexpr std::uint64_t demo_default_seed = 0x436C69656E744361ull;  // "ClientCa"

std::vector<client> make_demo_clients(std::size_t n, std::uint64_t seed = demo_default_seed);

// "c-000001" for index 0: the id of the index-th demo client.
std::string demo_client_id(std::size_t index);

}  // namespace cc
