// users.hpp — who is calling: users with a role, known by a bearer token. The database keeps a
// SHA-256 hash of each token, never the token; the server loads them into a user_directory at
// start (users change only at start: demo seeding and --user flags).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/schema/access.hpp"
#include "server_store.hpp"

namespace cc::server {

// The server's roles are the core's (core/schema/access.hpp): admin, manager, and integration
// (a machine account such as telephony: writes calls through /api/v1/integrations/calls, reads
// nothing). What each may do is the core's policy (core/policy.hpp); cc::to_string(role) and
// cc::role_from give the words ("admin", "manager", "integration").
using user_role = cc::role;

std::optional<user_role> parse_role(std::string_view text);

// The authenticated caller, as the sync service sees it.
struct user {
    std::string name;
    user_role role = user_role::manager;
};

// A user with the token in clear: what seeding and --user start from (never stored like this).
struct user_with_token {
    std::string name;
    user_role role = user_role::manager;
    std::string token;
};

// Anna (admin), Boris and Vera (managers), with fixed tokens: seeded into an empty users table.
const std::vector<user_with_token>& demo_users();

// Lowercase hex SHA-256 of the token: what the users table stores.
std::string token_hash(std::string_view token);

// Tokens: 8 to 256 visible ASCII characters (no spaces), so they fit an Authorization header.
bool valid_token(std::string_view token);
inline constexpr std::size_t max_user_name = 100;

// "NAME:ROLE:TOKEN" (the --user flag; ROLE admin, manager or integration). The name may not
// contain ':'; the token may.
// Returns a message for the user when the text is wrong.
std::optional<std::string> parse_user_spec(std::string_view text, user_with_token& out);

// "NAME:TOKEN" (the --integration flag): an integration account, the same as
// "NAME:integration:TOKEN" given to --user.
std::optional<std::string> parse_integration_spec(std::string_view text, user_with_token& out);

user_record to_record(const user_with_token& u);

// Token hash -> user, built once from the store. Lookups are by hash, so a token is never
// compared byte by byte against a stored one.
class user_directory {
public:
    user_directory() = default;
    explicit user_directory(const std::vector<user_record>& records);
    std::optional<user> find_by_token(std::string_view token) const;
    std::size_t size() const { return by_hash_.size(); }

private:
    std::unordered_map<std::string, user> by_hash_;
};

// The token after "Bearer " in an Authorization header value; empty when the value is not a
// bearer credential.
std::string bearer_token(std::string_view authorization);

}  // namespace cc::server
