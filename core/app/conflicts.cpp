// conflicts.cpp — someone else changed a field this card also changed while offline: find it
// in a pulled history, keep it for the user, resolve it (keep mine / take theirs). And the ops
// the server rejected: discard them or send them again.
//
// Index of this file:
// [SECTION] fields an op touches
// [SECTION] detecting conflicts (in pulled histories)
// [SECTION] resolving conflicts
// [SECTION] rejected ops
#include <algorithm>

#include "core/app/internal.hpp"
#include "core/storage.hpp"

namespace cc {

// [SECTION] fields an op touches --------------------------------------------------------------

std::vector<std::string> touched_fields(const std::string& kind, const json& payload) {
    std::vector<std::string> out;
    if (!payload.is_object()) return out;
    if (kind == "client.set") {
        for (const auto& [k, v] : payload.items()) out.push_back(k);
    } else if (kind == "client.delete") {
        out.push_back("deleted");
    } else if (kind == "item.update" || kind == "item.remove") {
        const std::string base = payload.value("list", std::string()) + ":" + payload.value("id", std::string());
        if (kind == "item.remove" || !payload.contains("item") || !payload["item"].is_object()) {
            out.push_back(base);
        } else {
            for (const auto& [k, v] : payload["item"].items()) out.push_back(base + ":" + k);
        }
    } else if (kind == "custom.set" || kind == "custom.remove") {
        out.push_back("custom:" + payload.value("key", std::string()));
    }
    return out;
}

namespace app_detail {
namespace {

bool fields_overlap(const std::string& a, const std::string& b) {
    auto under = [](const std::string& x, const std::string& y) {  // x is inside y ("phones:p1:raw" in "phones:p1")
        return x.size() > y.size() && x.compare(0, y.size(), y) == 0 && x[y.size()] == ':';
    };
    return a == b || under(a, b) || under(b, a);
}

// The part of an op's payload that concerns one field, as an op that sets just that.
json payload_for_field(const std::string& kind, const json& payload, const std::string& field) {
    if (kind == "client.set" && payload.is_object() && payload.contains(field)) return json{{field, payload[field]}};
    if (kind == "item.update" && payload.is_object()) {
        const auto last = field.rfind(':');
        const std::string key = last == std::string::npos ? "" : field.substr(last + 1);
        json p = payload;
        if (p.contains("item") && p["item"].is_object() && p["item"].contains(key)) p["item"] = json{{key, payload["item"][key]}};
        return p;
    }
    return payload;
}

// How one side changed `field`, as the log shows it ("old -> new" keeps only the new side).
std::string shown_value(const std::vector<field_change>& changes, const std::string& field, const json& payload) {
    for (const auto& c : changes)
        if (fields_overlap(field, c.field)) return c.new_value;
    if (payload.is_object() && payload.contains(field)) {
        const json& v = payload[field];
        return v.is_string() ? v.get<std::string>() : v.dump();
    }
    return payload.dump();
}

}  // namespace

// [SECTION] detecting conflicts (in pulled histories) -----------------------------------------

void detect_conflicts(model& m, const client& c, const std::vector<activity_entry>& history, std::int64_t seen) {
    for (const auto& theirs : history) {
        if (theirs.version <= seen || theirs.device == m.device) continue;
        const auto their_fields = touched_fields(theirs.kind, theirs.payload);
        for (const auto& mine : m.journal) {
            if (mine.op.client_id != c.id || mine.state == op_state::rejected) continue;
            if (mine.base_version >= theirs.version) continue;  // mine was made after seeing theirs
            for (const auto& f : touched_fields(mine.op.kind, mine.op.payload)) {
                const auto hit = std::find_if(their_fields.begin(), their_fields.end(),
                                              [&](const std::string& g) { return fields_overlap(f, g); });
                if (hit == their_fields.end()) continue;
                const std::string id = theirs.op_id + "|" + f;
                if (std::any_of(m.conflicts.begin(), m.conflicts.end(), [&](const conflict& x) { return x.id == id; }))
                    continue;
                conflict k;
                k.id = id;
                k.client_id = c.id;
                k.field = f;
                k.their_actor = theirs.actor;
                k.their_at = theirs.at;
                k.their_value = shown_value(theirs.changes, f, theirs.payload);
                std::vector<field_change> my_changes;
                if (auto h = m.store.overlay_history.find(c.id); h != m.store.overlay_history.end())
                    for (const auto& x : h->second)
                        if (x.op_id == mine.op.id) my_changes = x.changes;
                k.my_value = shown_value(my_changes, f, mine.op.payload);
                k.mine_won = mine.state != op_state::confirmed || mine.version > theirs.version;
                k.my_kind = mine.op.kind;
                k.my_payload = payload_for_field(mine.op.kind, mine.op.payload, f);
                k.their_kind = theirs.kind;
                k.their_payload = payload_for_field(theirs.kind, theirs.payload, f);
                m.conflicts.push_back(std::move(k));
                m.conflicts_dirty = true;
            }
        }
    }
}

// [SECTION] resolving conflicts ---------------------------------------------------------------

std::optional<error> resolve_conflict(model& m, const std::string& id, bool keep_mine, const context& ctx,
                                      const std::string& origin, effects& fx) {
    auto it = std::find_if(m.conflicts.begin(), m.conflicts.end(), [&](const conflict& c) { return c.id == id; });
    if (it == m.conflicts.end()) return std::nullopt;  // already resolved (another tab, a double click)
    const conflict k = *it;
    // Only the side that is not in effect needs an op: it comes after in server order and wins.
    std::optional<error> refused;
    if (keep_mine != k.mine_won) {
        op o;
        o.kind = keep_mine ? k.my_kind : k.their_kind;
        o.payload = keep_mine ? k.my_payload : k.their_payload;
        o.client_id = k.client_id;
        o.at = ctx.now_ms;
        commit(m, std::move(o), "conflict", origin, fx, &refused);
        if (refused) return refused;
    }
    m.conflicts.erase(std::find_if(m.conflicts.begin(), m.conflicts.end(), [&](const conflict& c) { return c.id == id; }));
    m.conflicts_dirty = true;
    request_write(m, fx);
    return std::nullopt;
}

// [SECTION] rejected ops ----------------------------------------------------------------------

// Discard drops a rejected op for good; retry sends its change again as a new op (the server
// answers an op id it rejected with the same rejection, so the old id cannot go again).
std::optional<error> settle_rejected(model& m, const std::string& op_id, bool retry, const context& ctx,
                                     const std::string& origin, effects& fx) {
    journal_entry* e = find_entry(m, op_id);
    if (!e || e->state != op_state::rejected) return std::nullopt;
    const op old = e->op;
    m.removed_files.push_back(journal_path(old.seq));
    m.journal.erase(std::find_if(m.journal.begin(), m.journal.end(), [&](const journal_entry& x) { return x.op.id == op_id; }));
    std::optional<error> refused;
    if (retry) {
        op o;
        o.kind = old.kind;
        o.client_id = old.client_id;
        o.payload = old.payload;
        o.at = ctx.now_ms;
        commit(m, std::move(o), "rejected", origin, fx, &refused);
    }
    refresh_clients(m, {old.client_id});
    request_write(m, fx);
    return refused;
}

}  // namespace app_detail
}  // namespace cc
