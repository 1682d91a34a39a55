// record.hpp — a record: one thing the card shows about a client (DESIGN §3). The client itself
// is the root kind (client.hpp, a typed struct with its own apply); every other kind — task,
// call, comment, and the sections still to come — is a `record` whose fields are JSON values
// checked against its kind's schema (schema/kind.hpp). Each record has its own version and
// history, so a new comment never resends its client.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace cc {

struct record {
    std::string kind;          // "task", "call", "comment", ...: a kind_def's name
    std::string id;            // "<kind>:<id of the op that created it>"
    std::string client_id;     // the client it belongs to
    nlohmann::json fields = nlohmann::json::object();  // field key -> value, as the schema types it
    std::string created_by;    // the user whose op created it (stamped by the server)
    std::int64_t created_at = 0;  // ms since the Unix epoch (UTC)
    std::int64_t updated_at = 0;
    std::string updated_by;
    std::int64_t version = 0;  // server version of its last change (0: never confirmed)
    bool deleted = false;

    // A field's value, or null when the record does not carry it.
    const nlohmann::json& get(const std::string& key) const {
        static const nlohmann::json none;
        auto it = fields.find(key);
        return it == fields.end() ? none : *it;
    }
    std::string text(const std::string& key) const {
        const auto& v = get(key);
        return v.is_string() ? v.get<std::string>() : std::string();
    }
    std::int64_t number(const std::string& key, std::int64_t fallback = 0) const {
        const auto& v = get(key);
        return v.is_number_integer() ? v.get<std::int64_t>() : fallback;
    }
    bool flag(const std::string& key) const {
        const auto& v = get(key);
        return v.is_boolean() && v.get<bool>();
    }
};

// The record id a create op must use: derived from the op id, so two devices can never pick the
// same one and nobody can choose an id that belongs to someone else's record.
inline std::string record_id_for(const std::string& kind, const std::string& op_id) { return kind + ":" + op_id; }

}  // namespace cc
