// seed.cpp — see seed.hpp.
#include "seed.hpp"

#include <algorithm>
#include <chrono>
#include <map>

#include "core/apply.hpp"
#include "core/codec.hpp"
#include "core/record_apply.hpp"
#include "demo_data.hpp"
#include "sync_service.hpp"

namespace cc::server {

std::size_t seed_demo_clients(server_store& store, std::size_t count, unsigned records_percent, std::int64_t anchor_ms) {
    if (count == 0 || store.server_version() != 0) return 0;
    std::vector<client> clients = make_demo_clients(count);
    // The ingestion of integration events (made before the transaction: it reads the store).
    std::int64_t event_time = 0;
    sync_service ingest(store);
    ingest.set_clock([&event_time] { return event_time; });
    auto tx = store.begin_write();
    // The store was empty a moment ago; another process may have seeded it since.
    if (tx->client_json(clients.front().id)) return 0;
    for (std::size_t i = 0; i < clients.size(); ++i) {
        const client& c = clients[i];
        activity_entry created;
        created.op_id = "import:" + std::to_string(i + 1);  // "<device>:<seq>" like every op id
        created.actor = "import";
        created.device = "import";
        created.version = tx->version() + 1;  // what put_client hands out next
        created.at = c.created_at;
        created.kind = "client.create";
        created.changes.push_back({"name", "", c.name});
        json client_json = c;
        tx->put_client(c.id, client_json.dump(), encode_history(created), created.op_id);
        std::vector<std::string> numbers;
        for (const auto& p : c.phones)
            if (!p.e164.empty()) numbers.push_back(p.e164);
        tx->set_client_phones(c.id, numbers);
        std::vector<std::string> addresses;
        for (const auto& e : c.emails) addresses.push_back(e.address);
        tx->set_client_emails(c.id, addresses);
    }
    if (records_percent > 0) {
        if (anchor_ms == 0) {
            using namespace std::chrono;
            const std::int64_t now = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
            anchor_ms = now / 86'400'000 * 86'400'000;
        }
        // The same apply as a card's ops; a demo op it refuses is a bug in the generator.
        std::map<std::string, record> made;
        std::vector<op> ops = make_demo_record_ops(clients, records_percent, anchor_ms,
                                                   static_cast<std::int64_t>(clients.size()) + 1);
        demo_activity activity = make_demo_activity(clients, records_percent, anchor_ms,
                                                    static_cast<std::int64_t>(clients.size() + ops.size()) + 1);
        ops.insert(ops.end(), std::make_move_iterator(activity.ops.begin()), std::make_move_iterator(activity.ops.end()));
        for (const op& o : ops) {
            auto it = made.find(o.record_id);
            auto result = apply_record(it == made.end() ? nullptr : &it->second, o);
            if (auto* e = std::get_if<error>(&result))
                throw store_error("demo record op " + o.id + " (" + o.kind + ") is refused: " + e->code + " " + e->field);
            auto& ok = std::get<record_applied>(result);
            const std::int64_t version = tx->version() + 1;
            ok.after.version = version;
            activity_entry entry = make_activity(o, std::move(ok.changes), false);
            entry.version = version;
            json record_json = ok.after;
            tx->put_record(ok.after.id, ok.after.kind, ok.after.client_id, record_json.dump(), ok.after.deleted,
                           encode_history(entry), o.id);
            made[ok.after.id] = std::move(ok.after);
        }
        // Money and activity come as integrations send them: each event through the ingestion
        // of POST /api/v1/integrations/events (process(), the policy, the rules across records,
        // the log, the ops table), at the time it happened.
        bool applied_any = false;
        for (const demo_event& e : activity.events) {
            event_time = e.at;
            const user integration{e.integration, user_role::integration};
            reply r = ingest.ingest_event_in(*tx, integration, e.body, applied_any);
            if (r.status != 200)
                throw store_error("demo event " + e.body.dump().substr(0, 200) + " is refused: " + r.body.dump().substr(0, 300));
        }
    }
    tx->commit();
    return clients.size();
}

void seed_users(server_store& store, const std::vector<user_with_token>& extra) {
    bool empty = store.users().empty();
    if (!empty && extra.empty()) return;
    auto tx = store.begin_write();
    if (empty)
        for (const auto& u : demo_users()) tx->put_user(to_record(u));
    for (const auto& u : extra) tx->put_user(to_record(u));
    tx->commit();
}

std::vector<std::string> user_lines(server_store& store, const std::vector<user_with_token>& extra,
                                    bool integrations) {
    std::vector<user_record> users;
    for (auto& u : store.users())
        if ((u.role == "integration") == integrations) users.push_back(std::move(u));
    std::size_t width = 0;
    for (const auto& u : users) width = std::max(width, u.name.size());
    std::vector<std::string> lines;
    for (const auto& u : users) {
        std::string token = "(token not shown: set by an earlier run)";
        for (const auto* known : {&extra, &demo_users()})
            for (const auto& k : *known)
                if (k.name == u.name && token_hash(k.token) == u.token_hash) token = k.token;
        std::string line = "  " + u.role;
        line.resize(std::max<std::size_t>(line.size() + 1, 10), ' ');
        line += u.name;
        line.append(width + 2 - u.name.size(), ' ');
        lines.push_back(line + token);
    }
    return lines;
}

}  // namespace cc::server
