// store.cpp — reading the two layers of the client store as one.
#include "store.hpp"

namespace cc {

std::vector<activity_entry> client_store::history(const std::string& id) const {
    std::vector<activity_entry> out;
    if (auto it = overlay_history.find(id); it != overlay_history.end())
        out.assign(it->second.rbegin(), it->second.rend());  // kept oldest first
    if (auto it = base_history.find(id); it != base_history.end())
        out.insert(out.end(), it->second.begin(), it->second.end());  // kept newest first
    return out;
}

std::size_t client_store::size() const {
    std::size_t n = base.size();
    for (const auto& [id, c] : overlay)
        if (base.find(id) == base.end()) ++n;
    return n;
}

std::vector<const record*> client_store::records_of(const std::string& client_id, std::string_view kind) const {
    std::vector<const record*> out;
    auto it = record_ids.find(client_id);
    if (it == record_ids.end()) return out;
    for (const auto& id : it->second)
        if (const record* r = find_record(id); r && r->kind == kind) out.push_back(r);
    return out;
}

void client_store::put_base_record(record r) {
    record_ids[r.client_id].insert(r.id);
    std::string id = r.id;
    record_base[std::move(id)] = std::move(r);
}

void client_store::put_overlay_record(record r) {
    record_ids[r.client_id].insert(r.id);
    std::string id = r.id;
    record_overlay[std::move(id)] = std::move(r);
}

void client_store::clear_record_overlay(const std::string& client_id) {
    auto it = record_ids.find(client_id);
    if (it == record_ids.end()) return;
    for (auto id = it->second.begin(); id != it->second.end();) {
        record_overlay.erase(*id);
        if (record_base.count(*id)) ++id;
        else id = it->second.erase(id);
    }
    if (it->second.empty()) record_ids.erase(it);
}

}  // namespace cc
