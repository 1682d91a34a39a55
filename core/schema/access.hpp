// access.hpp — the words of the policy (policy.hpp): roles and verbs, and the rows a kind
// declares about who may do what with it (DESIGN §3: the kind says who may create, change and
// delete it and each field).
#pragma once
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

}  // namespace cc
