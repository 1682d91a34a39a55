// fuzz_storage — feeds the files the card reads from IndexedDB at start (meta.json, base
// shards, journal files, conflicts.json; core/storage.cpp) through the real start-up path:
// update() with storage_loaded, as the host dispatches it.
//
// Input: one or more files, each introduced by a line "@@ <path>":
//     @@ meta.json
//     {"schema":1,"device":"dev-1",...}
//     @@ journal/000000000001.json
//     {...}
// Text before the first "@@ " line is meta.json.
// Checks: nothing crashes; a store that is refused says why (err.storage_damaged naming the
// file, or err.schema_unsupported); a store that loads is one the card can save and load again.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "core/app.hpp"
#include "core/storage.hpp"

namespace {

void must(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "fuzz_storage: %s\n", what);
    std::abort();
}

std::map<std::string, std::string> split_files(std::string_view in) {
    std::map<std::string, std::string> files;
    std::string path = cc::meta_path;
    std::size_t pos = 0;
    auto header_at = [&](std::size_t p) { return in.compare(p, 3, "@@ ") == 0; };
    while (pos <= in.size()) {
        // The body runs to the next line that starts with "@@ ".
        std::size_t end = pos;
        while (end < in.size() && !((end == 0 || in[end - 1] == '\n') && header_at(end))) {
            std::size_t nl = in.find('\n', end);
            end = nl == std::string_view::npos ? in.size() : nl + 1;
        }
        std::string_view body = in.substr(pos, end - pos);
        if (!body.empty() && body.back() == '\n') body.remove_suffix(1);
        if (pos > 0 || !body.empty()) files[path] = std::string(body);
        if (end >= in.size()) break;
        std::size_t nl = in.find('\n', end);
        std::size_t stop = nl == std::string_view::npos ? in.size() : nl;
        path = std::string(in.substr(end + 3, stop - end - 3));
        pos = nl == std::string_view::npos ? in.size() : nl + 1;
        if (nl == std::string_view::npos) {
            files[path] = "";
            break;
        }
    }
    return files;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto files = split_files(std::string_view(reinterpret_cast<const char*>(data), size));

    auto r = cc::update(cc::model{}, cc::storage_loaded{files, "dev-fresh", true, "tab-1"}, cc::context{1700000000000, 0.5});
    const cc::model& m = r.next;
    if (m.loading == cc::load_state::failed) {
        must(m.storage_error.has_value(), "a refused store must say why");
        const auto& code = m.storage_error->code;
        must(code == "err.storage_damaged" || code == "err.schema_unsupported",
             "a refused store is damaged or from a newer schema");
        return 0;
    }
    must(m.loading == cc::load_state::ready, "a store that is not refused is loaded");

    // What loaded must survive a save and a reload: the card rewrites these files later.
    std::map<std::string, std::string> saved;
    saved[cc::meta_path] = cc::encode_meta({m.device, m.next_seq, m.server_version, m.lang == cc::locale::ru ? "ru" : "en"});
    std::set<int> used;  // the card writes only the shards that hold clients
    for (const auto& [id, c] : m.store.base) used.insert(cc::shard_of(id));
    for (auto& [path, text] : cc::encode_shards(m.store, used)) saved[path] = std::move(text);
    for (const auto& e : m.journal) saved[cc::journal_path(e.op.seq)] = cc::encode_journal_entry(e);
    saved[cc::conflicts_path] = cc::encode_conflicts(m.conflicts);
    auto again = cc::decode_storage(saved);
    must(std::holds_alternative<cc::stored_state>(again), "what the card loaded must load again after a save");
    return 0;
}
