// app.hpp — the application as values: model, actions, effects, and the pure update.
//
//   user input / fetch result / storage loaded / timer
//        -> action -> update(model, action, context) -> { model', effects }
//   the ui reads the model and returns actions; the host interprets effects and feeds results
//   back as actions (DESIGN §2). Nothing here does I/O or reads a clock: the host passes `now`.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "error.hpp"
#include "op.hpp"
#include "search.hpp"
#include "store.hpp"

namespace cc {

enum class locale { en, ru };

// ---- actions --------------------------------------------------------------------------------
struct storage_loaded {                      // host: IDBFS synced in, files read
    std::map<std::string, std::string> files;  // path relative to the store root -> contents
    std::string fresh_device_id;               // used when meta.json does not exist yet
};
struct storage_written { std::int64_t upto_seq = 0; bool ok = true; std::string reason; };
struct fetch_done { std::string tag; int status = 0; std::string body; };  // status 0: no answer
struct timer_fired { std::string name; };
struct query_changed { std::string text; };
struct client_selected { std::string id; };
struct client_created { std::string name; std::string source; };
struct edit_requested {                      // the ui asks for one op on a client
    std::string client_id;
    std::string kind;
    json payload;
    std::string source;                      // the widget that asked: where an error is shown
};
struct locale_changed { cc::locale value; };
struct link_requested { std::string url; };
struct error_dismissed {};
struct server_configured { std::string base_url; std::string actor; };

using action = std::variant<storage_loaded, storage_written, fetch_done, timer_fired,
                            query_changed, client_selected, client_created, edit_requested,
                            locale_changed, link_requested, error_dismissed, server_configured>;

// ---- effects (data; the host carries them out) ----------------------------------------------
struct write_files {                          // write into MEMFS, then one syncfs(false)
    std::vector<std::pair<std::string, std::string>> writes;
    std::vector<std::string> removes;
    std::int64_t upto_seq = 0;                // answer with storage_written{upto_seq}
};
struct http_request { std::string tag; std::string method; std::string url; std::string body; };
struct open_link { std::string url; };        // only http, https, mailto, tel ever get here
struct start_timer { std::string name; int ms = 0; };
using effect = std::variant<write_files, http_request, open_link, start_timer>;

// ---- model ----------------------------------------------------------------------------------
enum class load_state { loading, ready, failed };
enum class sync_state { idle, pulling, offline, failed };

struct refusal { std::string source; error why; };  // last refused edit, shown at its widget

struct model {
    load_state loading = load_state::loading;
    std::optional<error> storage_error;     // load or write failure, shown in the status bar
    cc::locale lang = locale::en;

    std::string device;
    std::string actor = "me";
    std::int64_t next_seq = 1;

    client_store store;
    search_index index;
    std::vector<op> journal;                 // committed local ops, oldest first
    std::int64_t saved_seq = 0;              // every op with seq <= this is in IndexedDB
    bool writing = false;                    // a write (one syncfs) is in flight
    bool write_wanted = false;               // edits arrived during the write in flight
    std::set<int> dirty_shards;              // base shards a pull changed, not yet written
    std::set<int> shards_in_flight;          // shards in the write in flight
    bool meta_dirty = false;                 // meta.json (cursor, language) not yet written

    std::string server_url;                  // "" = same origin
    std::int64_t server_version = 0;         // pull cursor
    sync_state sync = sync_state::idle;
    std::string sync_message;
    std::int64_t pull_total = 0, pull_received = 0;  // progress of a paged download

    std::string query;
    std::vector<std::uint32_t> results;      // indices into index.entries, sorted by name
    std::string selected;                    // client id, "" = none
    std::optional<refusal> refused;
};

struct context { std::int64_t now_ms = 0; };
struct update_result { model next; std::vector<effect> effects; };

update_result update(model m, const action& a, const context& ctx);

// Save status of one client as the user sees it.
enum class save_status { none, saving, saved };
save_status client_save_status(const model& m, const std::string& client_id);
std::size_t pending_count(const model& m);

}  // namespace cc
