// seed.hpp — fills a fresh database: demo clients (demo_data.hpp), one "client.create" activity
// entry each, as if an import had created them; and the demo users with their tokens.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "server_store.hpp"
#include "users.hpp"

namespace cc::server {

// Adds `count` demo clients when the store has none; leaves a store with data untouched.
// With `records_percent` > 0, about that share of them also get tasks, calls and comments
// (make_demo_record_ops), applied with the core's apply_record, their times relative to
// `anchor_ms` (the start of the current day, UTC, when 0). Returns the number of clients added.
std::size_t seed_demo_clients(server_store& store, std::size_t count, unsigned records_percent = 0,
                              std::int64_t anchor_ms = 0);

// Adds the demo users (users.hpp) when the users table is empty, then adds `extra` (the --user
// flags): a name that exists gets the new role and token. One transaction.
void seed_users(server_store& store, const std::vector<user_with_token>& extra);

// The lines printed at start, one per user: "  admin   Anna   demo-admin-token". A token is
// shown when this run knows it (a demo user whose token is unchanged, or a --user flag).
// `integrations`: the integration accounts instead of the people (listed apart: they never
// sign in to the card).
std::vector<std::string> user_lines(server_store& store, const std::vector<user_with_token>& extra,
                                    bool integrations = false);

}  // namespace cc::server
