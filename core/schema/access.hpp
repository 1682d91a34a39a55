// access.hpp — the words of the policy (policy.hpp): roles and verbs, and the rows a kind
// declares about who may do what with it (DESIGN §3: the kind says who may create, change and
// delete it and each field).
#pragma once
#include <cstddef>
#include <vector>

namespace cc {

// admin: everything the policy has; manager: the daily work; integration: a machine account
// (telephony) that may write calls and reads nothing.
enum class role { admin, manager, integration };
enum class verb { read, create, change, remove, restore };

// "These roles may <verb> this kind." A verb with no row is allowed to nobody.
struct access_rule {
    verb what;
    std::vector<role> roles;
};

// The same rows as data: {verb::read, role_bit::admin | role_bit::manager} (field.hpp's role_bit).
struct access_spec {
    verb what;
    unsigned roles;
};
std::vector<access_rule> access_of(const access_spec* specs, std::size_t count);
template <std::size_t N> std::vector<access_rule> access_of(const access_spec (&specs)[N]) { return access_of(specs, N); }

}  // namespace cc
