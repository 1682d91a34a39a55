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

}  // namespace cc
