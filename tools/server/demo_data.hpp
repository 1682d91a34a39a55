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
#include "core/op.hpp"

namespace cc {

inline constexpr std::uint64_t demo_default_seed = 0x436C69656E744361ull;  // "ClientCa"

std::vector<client> make_demo_clients(std::size_t n, std::uint64_t seed = demo_default_seed);

// "c-000001" for index 0: the id of the index-th demo client.
std::string demo_client_id(std::size_t index);

// Tasks, calls and comments for the demo clients, as ops on records in the order to apply them
// (cc::apply_record; seed.cpp): about `percent`% of the clients (the first one always, spammers
// never) get 1-3 tasks (open and coming, open and overdue, done with a result, cancelled; calls,
// meetings with a place or a link, all-day tasks, reminders), 0-3 calls when they have a phone
// (some that did not take place, with a reason), 0-3 comments (some with links). Op ids are
// "import:<seq>" from `first_seq` on, actors the demo managers (Anna, Boris, Vera). Times are
// relative to `anchor_ms` (the seeding time): tasks fall due around it, calls and comments come
// before it. The same clients, percent, anchor and seed give the same ops.
std::vector<op> make_demo_record_ops(const std::vector<client>& clients, unsigned percent, std::int64_t anchor_ms,
                                     std::int64_t first_seq, std::uint64_t seed = demo_default_seed);

// An integration event of the demo data: which integration sends it, when it happened (the
// seeding's clock while it is ingested), and its body as POST /api/v1/integrations/events takes it.
struct demo_event {
    std::string integration;  // "Shop", "Bonus program", "Game", "Funnels", ...
    std::int64_t at = 0;
    nlohmann::json body;
};

// Money and activity for the demo clients (issue 9; demo_money.cpp): about half of the
// `percent`% that get records (the first client always, spammers never) get orders with items,
// payments (some failed with a provider's decline code), refunds, recurring orders and their
// charges, bonus balance entries, registrations by the card's link ending in a sale, funnel
// subscriptions, memberships, webinar attendance and page visits as integration `events` (each
// client's in the order they happened, all before `anchor_ms`), and the deals with their stage
// changes, sales plan entries (some locked), manual sales and the registration links as
// managers' `ops` ("import:<seq>" from `first_seq` on), which come first: a registration event
// names its link. Deterministic: the same clients, percent, anchor and seed give the same data.
struct demo_activity {
    std::vector<op> ops;
    std::vector<demo_event> events;
};
demo_activity make_demo_activity(const std::vector<client>& clients, unsigned percent, std::int64_t anchor_ms,
                                 std::int64_t first_seq, std::uint64_t seed = demo_default_seed);

}  // namespace cc
