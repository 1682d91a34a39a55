// history.cpp — a client's log, page by page. Pulls carry only the entries after the card's
// cursor (a first download carries none), so when the log is opened the card asks the server for
// older entries: GET /api/v1/clients/{id}/history?before=<version>&limit=50, one page at a time.
// Pages join the client's confirmed log (merge_history) and are stored with it.
#include <cctype>

#include "core/app/internal.hpp"
#include "core/codec.hpp"
#include "core/json_limits.hpp"
#include "core/json_read.hpp"
#include "core/storage.hpp"

namespace cc::app_detail {
namespace {

constexpr int history_page = 50;
constexpr json_bounds history_bounds{16u << 20, 64};

// Percent-encodes a client id for a path segment (ids are ours, but "c:dev:1" has colons).
std::string path_segment(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace

void request_history(model& m, const std::string& client_id, effects& fx) {
    ensure_client(m, client_id);  // its stored log first: the page continues it
    history_paging& p = m.history[client_id];
    if (p.complete || p.loading || !m.history_in_flight.empty()) return;
    if (!may_talk(m)) {
        p.failed = error{"err.offline", "", ""};
        return;
    }
    // The oldest confirmed entry the card holds is where the next page starts.
    std::int64_t before = p.before;
    if (before == 0)
        if (auto it = m.store.base_history.find(client_id); it != m.store.base_history.end() && !it->second.empty())
            before = it->second.back().version;
    std::string url = api(m, "clients/" + path_segment(client_id) + "/history?limit=" + std::to_string(history_page));
    if (before > 0) url += "&before=" + std::to_string(before);
    p.loading = true;
    p.failed.reset();
    m.history_in_flight = client_id;
    fx.push_back(http_request{request_id::history, "GET", url, ""});
}

void on_history(model& m, const fetch_done& a, effects& fx) {
    const std::string id = m.history_in_flight;
    m.history_in_flight.clear();
    if (id.empty()) return;
    history_paging& p = m.history[id];
    p.loading = false;
    if (a.status != 200) {
        p.failed = error{a.status == 0 ? "err.offline" : a.status == 404 ? "err.not_found" : "err.bad_server_data", "",
                         std::to_string(a.status)};
        return;
    }
    std::string why;
    auto doc = parse_bounded(a.body, history_bounds, why);
    std::vector<activity_entry> entries;
    std::optional<std::int64_t> next;
    try {
        if (!doc || !doc->is_object()) throw std::runtime_error("not an object");
        const json& list = doc->contains("entries") ? doc->at("entries") : doc->at("history");
        entries = list.get<std::vector<activity_entry>>();
        if (auto it = doc->find("next_before"); it != doc->end() && !it->is_null()) {
            next = integer_member(*doc, "next_before");
            if (!next) throw std::runtime_error("next_before");
        }
    } catch (const std::exception&) {
        p.failed = error{"err.bad_server_data", "", ""};
        return;
    }
    if (!entries.empty()) {
        ensure_client(m, id);
        merge_history(m.store.base_history[id], std::move(entries));
        m.dirty_shards.insert(shard_of(id));
        request_write(m, fx);
    }
    p.complete = !next.has_value();
    p.before = next.value_or(0);
}

}  // namespace cc::app_detail
