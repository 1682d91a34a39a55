// store.hpp — the clients the card knows, and their records: the server-confirmed base plus an
// overlay of what pending local ops changed (base + journal re-applied). Readers use find() and
// find_record() / records_of().
#pragma once
#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include <set>
#include <string_view>

#include "client.hpp"
#include "op.hpp"
#include "record.hpp"

namespace cc {

// One line of a client's activity log: who did what, when, old -> new (derived from an op).
struct field_change { std::string field; std::string old_value; std::string new_value; };
struct activity_entry {
    std::string op_id;
    std::string actor;
    std::int64_t at = 0;
    std::string kind;
    std::string record_id;     // the record an op on a record changed ("" for the client's own ops)
    std::vector<field_change> changes;
    bool pending = false;  // still only in this browser's journal
    std::string device;    // the device that made the op
    std::int64_t version = 0;  // server version that applied it (0: not yet)
    json payload = json::object();  // the op's payload: conflicts re-apply a side from it
};

struct client_store {
    std::unordered_map<std::string, client> base;
    std::unordered_map<std::string, client> overlay;
    std::unordered_map<std::string, std::vector<activity_entry>> base_history;
    std::unordered_map<std::string, std::vector<activity_entry>> overlay_history;

    const client* find(const std::string& id) const {
        if (auto it = overlay.find(id); it != overlay.end()) return &it->second;
        if (auto it = base.find(id); it != base.end()) return &it->second;
        return nullptr;
    }
    // Newest first: pending local entries, then confirmed ones.
    std::vector<activity_entry> history(const std::string& id) const;
    template <class F> void for_each(F&& f) const {
        for (const auto& [id, c] : base)
            if (auto it = overlay.find(id); it == overlay.end()) f(c); else f(it->second);
        for (const auto& [id, c] : overlay)
            if (base.find(id) == base.end()) f(c);
    }
    std::size_t size() const;

    // [records] The client's records (tasks, calls, comments ...), base + overlay as for clients.
    std::unordered_map<std::string, record> record_base;
    std::unordered_map<std::string, record> record_overlay;
    std::unordered_map<std::string, std::set<std::string>> record_ids;  // client id -> its record ids

    const record* find_record(const std::string& id) const {
        if (auto it = record_overlay.find(id); it != record_overlay.end()) return &it->second;
        if (auto it = record_base.find(id); it != record_base.end()) return &it->second;
        return nullptr;
    }
    // The client's records of one kind as the card shows them (overlay over base), deleted ones
    // included (callers decide), in id order.
    std::vector<const record*> records_of(const std::string& client_id, std::string_view kind) const;
    void put_base_record(record r);
    void put_overlay_record(record r);
    // Drops the overlay of the client's records (before its journal ops are re-applied).
    void clear_record_overlay(const std::string& client_id);
};

}  // namespace cc
