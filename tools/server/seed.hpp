// seed.hpp — fills a fresh database with demo clients (demo_data.hpp), one "client.create"
// activity entry each, as if an import had created them.
#pragma once
#include <cstddef>

#include "server_store.hpp"

namespace cc::server {

// Adds `count` demo clients when the store has none; leaves a store with data untouched.
// Returns the number of clients added.
std::size_t seed_demo_clients(server_store& store, std::size_t count);

}  // namespace cc::server
