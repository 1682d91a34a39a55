// seed.cpp — see seed.hpp.
#include "seed.hpp"

#include "core/codec.hpp"
#include "demo_data.hpp"

namespace cc::server {

std::size_t seed_demo_clients(server_store& store, std::size_t count) {
    if (count == 0 || store.server_version() != 0) return 0;
    std::vector<client> clients = make_demo_clients(count);
    auto tx = store.begin_write();
    // The store was empty a moment ago; another process may have seeded it since.
    if (tx->client_json(clients.front().id)) return 0;
    for (std::size_t i = 0; i < clients.size(); ++i) {
        const client& c = clients[i];
        activity_entry created;
        created.op_id = "import:" + std::to_string(i + 1);  // "<device>:<seq>" like every op id
        created.actor = "import";
        created.at = c.created_at;
        created.kind = "client.create";
        created.changes.push_back({"name", "", c.name});
        json client_json = c;
        json entry_json = created;
        tx->put_client(c.id, client_json.dump(), entry_json.dump(), created.op_id);
    }
    tx->commit();
    return clients.size();
}

}  // namespace cc::server
