// apply.hpp — the one function that turns an op into a changed client. The browser runs it
// optimistically, the server authoritatively, the tests directly (DESIGN §3). It validates first
// and on any error changes nothing.
#pragma once
#include <string_view>
#include <variant>
#include <vector>

#include "client.hpp"
#include "error.hpp"
#include "op.hpp"
#include "store.hpp"

namespace cc {

struct applied {
    client after;
    std::vector<field_change> changes;  // for the activity log: field, old -> new
};

// `before` is the client as it is now, or nullptr when it does not exist (client.create).
std::variant<applied, error> apply(const client* before, const op& o);

// Scalar fields `client.set` accepts.
bool is_scalar_field(std::string_view field);
// Lists the item.* ops accept.
bool is_list(std::string_view list);
inline constexpr std::size_t max_list_items = 50;
inline constexpr std::size_t max_tags = 100;
inline constexpr std::size_t max_custom_fields = 100;

activity_entry make_activity(const op& o, std::vector<field_change> changes, bool pending);

}  // namespace cc
