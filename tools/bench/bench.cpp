// bench.cpp — figures for the core at 2,000 / 20,000 / 100,000 clients: loading the local store
// (the first frame's data: index.bin alone; then decoding every shard, as the background steps
// do), search per keystroke while typing, and heap in use. The same program runs
// natively and as wasm under Node; tools/bench.sh prints the two side by side.
// Usage: cc_bench [N ...]  → one JSON object per N on stdout.
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/app.hpp"
#include "core/codec.hpp"
#include "core/storage.hpp"
#include "demo_data.hpp"

namespace {

using clock_type = std::chrono::steady_clock;
double ms_since(clock_type::time_point t) {
    return std::chrono::duration<double, std::milli>(clock_type::now() - t).count();
}
std::size_t heap_in_use() { return static_cast<std::size_t>(mallinfo().uordblks); }

// What a manager types, one keystroke at a time: a surname, an English name, a phone written the
// Russian way, an email fragment and a tag.
const std::vector<std::string> typed = {"Петрова", "john sm", "8 912 34", "gmail", "оптовик"};

std::vector<std::string> prefixes(const std::string& s) {
    std::vector<std::string> out;
    for (std::size_t i = 1; i <= s.size(); ++i) {
        if (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;  // mid-character
        out.push_back(s.substr(0, i));
    }
    return out;
}

void run(std::size_t n) {
    const std::size_t heap0 = heap_in_use();
    auto clients = cc::make_demo_clients(n);

    // The files the browser's IDBFS would hold after the first download.
    cc::client_store store;
    for (auto& c : clients) store.base[c.id] = c;
    clients.clear();
    clients.shrink_to_fit();
    std::set<int> all;
    for (int s = 0; s < cc::shard_count; ++s) all.insert(s);
    auto t = clock_type::now();
    std::map<std::string, std::string> files, shards;  // the first mount; the base mount
    for (auto& [p, txt] : cc::encode_shards(store, all)) shards[p] = std::move(txt);
    {
        std::vector<cc::index_record> recs;
        recs.reserve(store.base.size());
        cc::search_index ix;
        for (const auto& [id, c] : store.base) cc::index_put(ix, c);
        for (const auto& e : ix.entries) recs.push_back(cc::index_record{e, cc::row_of(store.base.at(e.id))});
        files[cc::index_path] = cc::encode_index(recs);
    }
    files[cc::meta_path] = cc::encode_meta(cc::stored_meta{"bench", 1, static_cast<std::int64_t>(n), "en"});
    const double encode_ms = ms_since(t);
    std::size_t store_bytes = 0;
    for (auto& [p, txt] : shards) store_bytes += txt.size();
    const std::size_t index_bytes = files[cc::index_path].size();
    store = {};

    // Load: the first mount (meta + index.bin) until the list and search are ready (the first
    // frame's data), then the shards as the host hands them over and the background steps
    // decode them all.
    const std::size_t heap1 = heap_in_use();
    t = clock_type::now();
    cc::storage_loaded first{files, "bench"};
    first.shards_follow = true;
    auto r = cc::update(cc::model{}, first, cc::context{0});
    const double load_ms = ms_since(t);
    cc::model m = std::move(r.next);
    files.clear();
    t = clock_type::now();
    m = cc::update(std::move(m), cc::shards_loaded{shards}, cc::context{0}).next;
    shards.clear();
    while (!m.shard_text.empty())
        m = cc::update(std::move(m), cc::timer_fired{cc::timer_id::shard_step}, cc::context{0}).next;
    const double decode_all_ms = ms_since(t);
    const std::size_t heap_model = heap_in_use() - std::min(heap_in_use(), heap1);

    // Search per keystroke.
    std::vector<double> times;
    std::size_t hits = 0;
    for (const auto& word : typed) {
        m = cc::update(std::move(m), cc::query_changed{""}, cc::context{0}).next;
        for (const auto& q : prefixes(word)) {
            // As the app does it: query_changed narrows the previous results when it can.
            t = clock_type::now();
            m = cc::update(std::move(m), cc::query_changed{q}, cc::context{0}).next;
            times.push_back(ms_since(t));
            hits += m.results.size();
        }
    }
    std::sort(times.begin(), times.end());
    double sum = 0;
    for (double x : times) sum += x;

    // One edit: the cost of apply + journal + index refresh, which must not grow with the store.
    const std::string id = m.index.entries[m.index.by_name[n / 2]].id;
    t = clock_type::now();
    auto e = cc::update(std::move(m), cc::edit_requested{id, "client.set", {{"city", "Тверь"}}, "city"}, cc::context{1});
    const double edit_ms = ms_since(t);
    m = std::move(e.next);
    std::size_t write_bytes = 0;
    for (auto& fx : e.effects)
        if (auto* w = std::get_if<cc::write_files>(&fx))
            for (auto& [p, txt] : w->writes) write_bytes += txt.size();

    std::printf("{\"clients\":%zu,\"store_bytes\":%zu,\"index_bytes\":%zu,\"encode_ms\":%.1f,\"load_ms\":%.1f,"
                "\"decode_all_ms\":%.1f,"
                "\"search_mean_ms\":%.3f,\"search_p95_ms\":%.3f,\"search_max_ms\":%.3f,\"keystrokes\":%zu,"
                "\"edit_ms\":%.3f,\"edit_write_bytes\":%zu,\"model_heap_mb\":%.1f,\"heap_mb\":%.1f,\"hits\":%zu}\n",
                n, store_bytes, index_bytes, encode_ms, load_ms, decode_all_ms, sum / times.size(), times[times.size() * 95 / 100],
                times.back(), times.size(), edit_ms, write_bytes, heap_model / 1048576.0,
                (heap_in_use() - std::min(heap_in_use(), heap0)) / 1048576.0, hits);
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::size_t> sizes;
    for (int i = 1; i < argc; ++i) sizes.push_back(std::strtoul(argv[i], nullptr, 10));
    if (sizes.empty()) sizes = {2000, 20000, 100000};
    for (auto n : sizes) run(n);
}
