// users.cpp — see users.hpp.
#include "users.hpp"

#include <openssl/evp.h>

#include <cctype>

#include "core/policy.hpp"

namespace cc::server {

std::optional<user_role> parse_role(std::string_view text) { return cc::role_from(text); }

const std::vector<user_with_token>& demo_users() {
    static const std::vector<user_with_token> users = {
        {"Anna", user_role::admin, "demo-admin-token"},
        {"Boris", user_role::manager, "demo-manager-token"},
        {"Vera", user_role::manager, "demo-manager2-token"},
    };
    return users;
}

std::string token_hash(std::string_view token) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(token.data(), token.size(), digest, &size, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 is not available from OpenSSL");
    static const char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (unsigned int i = 0; i < size; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

bool valid_token(std::string_view token) {
    if (token.size() < 8 || token.size() > 256) return false;
    for (char c : token)
        if (c <= ' ' || c > '~') return false;
    return true;
}

std::optional<std::string> parse_user_spec(std::string_view text, user_with_token& out) {
    const std::string shown(text.substr(0, 60));
    std::size_t first = text.find(':');
    std::size_t second = first == std::string_view::npos ? first : text.find(':', first + 1);
    if (second == std::string_view::npos)
        return "--user wants NAME:ROLE:TOKEN, got \"" + shown + "\"";
    std::string_view name = text.substr(0, first);
    std::string_view role = text.substr(first + 1, second - first - 1);
    std::string_view token = text.substr(second + 1);
    if (name.empty() || name.size() > max_user_name)
        return "--user: the name must be 1 to " + std::to_string(max_user_name) + " bytes";
    for (char c : name)
        if (static_cast<unsigned char>(c) < ' ') return "--user: the name has control characters";
    auto r = parse_role(role);
    if (!r) return "--user: the role must be admin, manager or integration, not \"" + std::string(role.substr(0, 20)) + "\"";
    if (!valid_token(token))
        return "--user: the token must be 8 to 256 visible ASCII characters without spaces";
    out = {std::string(name), *r, std::string(token)};
    return std::nullopt;
}

std::optional<std::string> parse_integration_spec(std::string_view text, user_with_token& out) {
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos)
        return "--integration wants NAME:TOKEN, got \"" + std::string(text.substr(0, 60)) + "\"";
    std::string spec(text.substr(0, colon));
    spec += ":integration:";
    spec += text.substr(colon + 1);
    if (auto error = parse_user_spec(spec, out)) {
        std::string message = *error;
        if (message.rfind("--user", 0) == 0) message.replace(0, 6, "--integration");
        return message;
    }
    return std::nullopt;
}

user_record to_record(const user_with_token& u) { return {u.name, cc::to_string(u.role), token_hash(u.token)}; }

user_directory::user_directory(const std::vector<user_record>& records) {
    for (const auto& r : records) {
        auto role = parse_role(r.role);
        if (!role) continue;  // the table's CHECK allows only the known roles; be safe anyway
        by_hash_[r.token_hash] = user{r.name, *role};
    }
}

std::optional<user> user_directory::find_by_token(std::string_view token) const {
    if (!valid_token(token)) return std::nullopt;
    auto it = by_hash_.find(token_hash(token));
    if (it == by_hash_.end()) return std::nullopt;
    return it->second;
}

std::string bearer_token(std::string_view value) {
    // The scheme is case-insensitive (RFC 7235); one or more spaces follow it.
    constexpr std::string_view scheme = "bearer";
    if (value.size() <= scheme.size()) return {};
    for (std::size_t i = 0; i < scheme.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(value[i])) != scheme[i]) return {};
    std::size_t at = scheme.size();
    if (value[at] != ' ') return {};
    while (at < value.size() && value[at] == ' ') ++at;
    std::string_view token = value.substr(at);
    while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
    return std::string(token);
}

}  // namespace cc::server
