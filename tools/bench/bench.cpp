// bench.cpp — figures for the core at 2,000 / 20,000 / 100,000 clients: loading the local store
// (the first frame's data: index.bin alone; then decoding every shard, as the background steps
// do), search per keystroke while typing, and heap in use. The same program runs
// natively and as wasm under Node; tools/bench.sh prints the two side by side.
// Usage: cc_bench [-v] [N ...]  → per N, one JSON object of the load and search figures and one
//        of the first download's (snapshot_*) on stdout (-v: the 10 slowest keystrokes on stderr,
//        each with its result count and where its time goes).
//        cc_bench --snapshot [N ...] → the first download's figures alone.
//        cc_bench --dump N file.json → the N clients as the search libraries index them, the typed
//        keystrokes and how many clients our search finds at each (tools/bench/search_libs.mjs).
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
#include "core/apply.hpp"
#include "core/codec.hpp"
#include "core/record_apply.hpp"
#include "core/phone.hpp"
#include "core/search.hpp"
#include "core/storage.hpp"
#include "core/text.hpp"
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

// The 95th percentile of sorted times: the value that 95% of them do not exceed (nearest rank).
double p95(const std::vector<double>& sorted) {
    const std::size_t rank = (sorted.size() * 95 + 99) / 100;  // ceil(0.95 n), 1-based
    return sorted[std::max<std::size_t>(rank, 1) - 1];
}

void json_string(std::FILE* f, const std::string& s) {
    std::fputc('"', f);
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') std::fprintf(f, "\\%c", c);
        else if (c < 0x20) std::fprintf(f, "\\u%04x", c);
        else std::fputc(c, f);
    }
    std::fputc('"', f);
}

void json_strings(std::FILE* f, const std::vector<std::string>& v) {
    std::fputc('[', f);
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) std::fputc(',', f);
        json_string(f, v[i]);
    }
    std::fputc(']', f);
}

// The clients the bench searches, as documents for MiniSearch and FlexSearch (phones as their
// national digits, what our search matches them by), the keystrokes it types and what our search
// returns at each.
int dump(std::size_t n, const char* path) {
    const auto clients = cc::make_demo_clients(n);
    cc::search_index ix;
    for (const auto& c : clients) cc::index_put(ix, c);
    cc::index_sort(ix);
    std::FILE* f = std::fopen(path, "w");
    if (!f) return std::perror(path), 1;
    std::fprintf(f, "{\"keystrokes\":[");
    bool first = true;
    for (const auto& word : typed)
        for (const auto& q : prefixes(word)) {
            std::fprintf(f, "%s{\"query\":", first ? "" : ",");
            json_string(f, q);
            std::fprintf(f, ",\"results\":%zu}", cc::search(ix, q).size());
            first = false;
        }
    std::fprintf(f, "],\n\"clients\":[\n");
    for (std::size_t i = 0; i < clients.size(); ++i) {
        const auto& c = clients[i];
        std::vector<std::string> emails, phones;
        for (const auto& e : c.emails) emails.push_back(e.address);
        for (const auto& p : c.phones) phones.push_back(cc::national_number(p.e164));
        std::fprintf(f, "%s{\"id\":", i ? ",\n" : "");
        json_string(f, c.id);
        std::fprintf(f, ",\"name\":");
        json_string(f, c.name);
        std::fprintf(f, ",\"nickname\":");
        json_string(f, c.nickname);
        std::fprintf(f, ",\"company\":");
        json_string(f, c.company);
        std::fprintf(f, ",\"emails\":");
        json_strings(f, emails);
        std::fprintf(f, ",\"tags\":");
        json_strings(f, c.tags);
        std::fprintf(f, ",\"phones\":");
        json_strings(f, phones);
        std::fputc('}', f);
    }
    std::fprintf(f, "]}\n");
    return std::fclose(f) == 0 ? 0 : 1;
}

bool verbose = false;  // -v: each keystroke's time on stderr

// [SECTION] where a keystroke's time goes (-v) -------------------------------------------------

// The median of `reps` runs of f, in ms.
template <class F>
double median_ms(int reps, F&& f) {
    std::vector<double> at;
    for (int r = 0; r < reps; ++r) {
        const auto t = clock_type::now();
        f();
        at.push_back(ms_since(t));
    }
    std::sort(at.begin(), at.end());
    return at[at.size() / 2];
}

// The words search() looks up for `q`, read the way core/search.cpp reads a query (a phone
// number's digits, or the folded words), each with the spaces it is looked up in.
struct profiled_word {
    std::string word;
    bool text, digits;
};
std::vector<profiled_word> profiled_words(const std::string& query) {
    const std::string q = cc::trim(query);
    int digit_count = 0;
    bool phone = true;
    for (unsigned char c : q) {
        if (c >= '0' && c <= '9') ++digit_count;
        else if (!(c == ' ' || c == '+' || c == '(' || c == ')' || c == '-' || c == '.')) phone = false;
    }
    if (phone && digit_count >= 3) return {{cc::phone_query_digits(q), false, true}};
    std::vector<profiled_word> out;
    std::string folded = cc::fold(q), cur;
    folded += ' ';
    for (char c : folded) {
        if (c == ' ' || c == '\t' || c == ',') {
            if (!cur.empty()) {
                const bool digits = cur.size() >= 3 && cur.find_first_not_of("0123456789") == std::string::npos;
                out.push_back({cur, true, digits});
            }
            cur.clear();
        } else {
            cur += c;
        }
    }
    return out;
}

// Each keystroke: query_changed as the bench times it, search() alone, and for each word its
// estimate and look-up into a bitmap (tokens_find), and the walk of the name order picking the
// entries of that bitmap; the worst 10 by query_changed on stderr.
void profile_keystrokes(cc::model& m, const std::vector<std::string>& keystrokes, const std::vector<double>& times) {
    struct row {
        std::string q;
        double update_ms, search_ms;
        std::size_t results;
        std::string detail;
    };
    std::vector<row> rows;
    const auto& ix = m.index;
    for (std::size_t k = 0; k < keystrokes.size(); ++k) {
        const std::string& q = keystrokes[k];
        row r{q, times[k], 0, 0, ""};
        r.search_ms = median_ms(5, [&] { r.results = cc::search(ix, q).size(); });
        for (const auto& w : profiled_words(q)) {
            std::size_t estimate = 0;
            const double est_ms = median_ms(5, [&] {
                estimate = (w.text ? cc::tokens_estimate(ix.tokens, w.word, cc::gram_space::text) : 0) +
                           (w.digits ? cc::tokens_estimate(ix.tokens, w.word, cc::gram_space::digits) : 0);
            });
            std::vector<std::uint64_t> bits(ix.entries.size() / 64 + 1);
            const double find_ms = median_ms(5, [&] {
                std::fill(bits.begin(), bits.end(), 0);
                if (w.text) cc::tokens_find(ix.tokens, w.word, cc::gram_space::text, bits);
                if (w.digits) cc::tokens_find(ix.tokens, w.word, cc::gram_space::digits, bits);
            });
            std::size_t marked = 0;
            for (auto b : bits) marked += static_cast<std::size_t>(__builtin_popcountll(b));
            std::size_t picked = 0;
            const double walk_ms = median_ms(5, [&] {  // as search() does it: no branch per entry
                std::vector<std::uint32_t> out(marked + 1);
                std::size_t kept = 0;
                for (auto i : ix.by_name) {
                    out[kept] = i;
                    kept += bits[i >> 6] >> (i & 63) & 1;
                }
                picked = kept;
            });
            char buf[256];
            std::snprintf(buf, sizeof buf, " [%s: estimate %zu in %.3f ms, look-up %.3f ms -> %zu entries, name-order walk %.3f ms -> %zu]",
                          w.word.c_str(), estimate, est_ms, find_ms, marked, walk_ms, picked);
            r.detail += buf;
        }
        rows.push_back(std::move(r));
    }
    std::sort(rows.begin(), rows.end(), [](const row& a, const row& b) { return a.update_ms > b.update_ms; });
    std::fprintf(stderr, "worst keystrokes (query_changed median ms; search() alone; per word):\n");
    for (std::size_t k = 0; k < rows.size() && k < 10; ++k)
        std::fprintf(stderr, "  %-10s %.3f ms, search() %.3f ms, %zu results%s\n", ("\"" + rows[k].q + "\"").c_str(),
                     rows[k].update_ms, rows[k].search_ms, rows[k].results, rows[k].detail.c_str());
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
        cc::index_sort(ix);
        for (auto i : cc::index_file_order(ix))
            recs.push_back(cc::index_record{ix.entries[i], cc::row_of(store.base.at(ix.entries[i].id))});
        files[cc::index_path] = cc::encode_index(recs);
    }
    files[cc::meta_path] = cc::encode_meta(cc::stored_meta{"bench", 1, static_cast<std::int64_t>(n), "en"});
    const double encode_ms = ms_since(t);
    std::size_t store_bytes = 0;
    for (auto& [p, txt] : shards) store_bytes += txt.size();
    const std::size_t index_file_bytes = files[cc::index_path].size();
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
    // After the first frame: the search tokens of the loaded entries, step by step.
    t = clock_type::now();
    while (!cc::index_tokenized(m.index))
        m = cc::update(std::move(m), cc::timer_fired{cc::timer_id::index_step}, cc::context{0}).next;
    const double tokens_ms = ms_since(t);
    t = clock_type::now();
    m = cc::update(std::move(m), cc::shards_loaded{shards}, cc::context{0}).next;
    shards.clear();
    while (!m.shard_text.empty())
        m = cc::update(std::move(m), cc::timer_fired{cc::timer_id::shard_step}, cc::context{0}).next;
    const double decode_all_ms = ms_since(t);
    const std::size_t heap_model = heap_in_use() - std::min(heap_in_use(), heap1);

    // Search per keystroke: the typed words, letter by letter, `reps` times over; each keystroke's
    // time is its median over the runs (the machine is shared: a run can be preempted), and the
    // figures are over the keystrokes.
    constexpr int reps = 5;
    std::vector<std::vector<double>> runs;
    std::size_t hits = 0;
    for (int rep = 0; rep < reps; ++rep) {
        std::vector<double> run_times;
        for (const auto& word : typed) {
            m = cc::update(std::move(m), cc::query_changed{""}, cc::context{0}).next;
            for (const auto& q : prefixes(word)) {
                // As the app does it: query_changed (the index, or the previous results when few).
                t = clock_type::now();
                m = cc::update(std::move(m), cc::query_changed{q}, cc::context{0}).next;
                run_times.push_back(ms_since(t));
                if (rep == 0) hits += m.results.size();
            }
        }
        runs.push_back(std::move(run_times));
    }
    std::vector<double> times;
    for (std::size_t k = 0; k < runs[0].size(); ++k) {
        std::vector<double> at;
        for (const auto& r : runs) at.push_back(r[k]);
        std::sort(at.begin(), at.end());
        times.push_back(at[at.size() / 2]);
    }
    if (verbose) {
        std::vector<std::string> keystrokes;
        for (const auto& word : typed)
            for (const auto& q : prefixes(word)) keystrokes.push_back(q);
        profile_keystrokes(m, keystrokes, times);
    }
    std::sort(times.begin(), times.end());
    double sum = 0;

    // The index alone: built again from the loaded clients, as the load does it.
    t = clock_type::now();
    {
        cc::search_index ix;
        m.store.for_each([&](const cc::client& c) { cc::index_put(ix, c); });
        cc::index_sort(ix);
    }
    const double index_build_ms = ms_since(t);
    const std::size_t index_bytes = cc::index_bytes(m.index);
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

    std::printf("{\"clients\":%zu,\"store_bytes\":%zu,\"index_file_bytes\":%zu,\"encode_ms\":%.1f,\"load_ms\":%.1f,"
                "\"tokens_ms\":%.1f,\"decode_all_ms\":%.1f,"
                "\"search_mean_ms\":%.3f,\"search_p95_ms\":%.3f,\"search_max_ms\":%.3f,\"keystrokes\":%zu,"
                "\"index_build_ms\":%.1f,\"index_bytes\":%zu,"
                "\"edit_ms\":%.3f,\"edit_write_bytes\":%zu,\"model_heap_mb\":%.1f,\"heap_mb\":%.1f,\"hits\":%zu}\n",
                n, store_bytes, index_file_bytes, encode_ms, load_ms, tokens_ms, decode_all_ms, sum / times.size(), p95(times),
                times.back(), times.size(), index_build_ms, index_bytes, edit_ms, write_bytes, heap_model / 1048576.0,
                (heap_in_use() - std::min(heap_in_use(), heap0)) / 1048576.0, hits);
    std::fflush(stdout);
}

// [SECTION] snapshot: the first download through the core ---------------------------------------
// The N demo clients and the records the demo server makes for 30% of them (its default), as the
// lines of GET /api/v1/snapshot for a new device (no history: a device gets only its own
// entries), handed to the core as the host does (whole lines, at most 1 MB per stream_chunk; the
// host's clock as `now`) until stream_done gives the one write of the store. Prints the core's
// work per client while the lines come, the end (the write's encoding), and the total.

std::vector<std::string> snapshot_bench_lines(std::size_t n) {
    const auto clients = cc::make_demo_clients(n);
    std::vector<std::string> rows;
    std::int64_t version = 0;
    std::size_t client_lines = 0;
    for (const auto& c : clients) {
        rows.push_back("{\"version\":" + std::to_string(++version) + ",\"client\":" + cc::json(c).dump() + "}");
        ++client_lines;
    }
    std::map<std::string, cc::record> made;
    for (const cc::op& o : cc::make_demo_record_ops(clients, 30, 1'760'000'000'000, static_cast<std::int64_t>(n) + 1)) {
        auto it = made.find(o.record_id);
        auto result = cc::apply_record(it == made.end() ? nullptr : &it->second, o);
        auto* ok = std::get_if<cc::record_applied>(&result);
        if (!ok) continue;
        ok->after.version = ++version;
        made[ok->after.id] = std::move(ok->after);
    }
    // The server sends each row's newest state once, in version order.
    std::vector<const cc::record*> records;
    for (const auto& [id, r] : made) records.push_back(&r);
    std::sort(records.begin(), records.end(), [](const cc::record* a, const cc::record* b) { return a->version < b->version; });
    for (const cc::record* r : records)
        rows.push_back("{\"version\":" + std::to_string(r->version) + ",\"record\":" + cc::json(*r).dump() + "}");
    std::size_t bytes = 0;
    for (const auto& l : rows) bytes += l.size() + 1;
    std::vector<std::string> lines;
    lines.push_back("{\"snapshot\":1,\"schema\":" + std::to_string(cc::schema_version) + ",\"version\":" +
                    std::to_string(version) + ",\"clients\":" + std::to_string(client_lines) + ",\"records\":" +
                    std::to_string(records.size()) + ",\"bytes\":" + std::to_string(bytes) + "}");
    for (auto& l : rows) lines.push_back(std::move(l));
    lines.push_back("{\"end\":true,\"cursor\":" + std::to_string(version) + ",\"count\":" + std::to_string(rows.size()) + "}");
    return lines;
}

void run_snapshot(std::size_t n) {
    std::vector<std::string> lines = snapshot_bench_lines(n);
    std::size_t body_bytes = 0;
    for (const auto& l : lines) body_bytes += l.size() + 1;
    // A card on an empty store, signed in, on a server that offers snapshots.
    cc::model m;
    m = cc::update(std::move(m), cc::server_configured{"", "me", true}, cc::context{0}).next;
    m = cc::update(std::move(m), cc::token_entered{"token"}, cc::context{0}).next;
    auto booted = cc::update(std::move(m), cc::storage_loaded{{}, "bench"}, cc::context{0});
    m = std::move(booted.next);
    bool asked = false;
    std::vector<cc::effect> pending = std::move(booted.effects);
    while (!pending.empty()) {
        std::vector<cc::effect> next;
        for (const auto& fx : pending) {
            if (auto* r = std::get_if<cc::http_request>(&fx)) asked = asked || r->id == cc::request_id::snapshot;
            // The new store's files (meta.json): written before the lines come, as in the browser.
            if (auto* w = std::get_if<cc::write_files>(&fx)) {
                auto r = cc::update(std::move(m), cc::storage_written{w->upto_seq, true, ""}, cc::context{0});
                m = std::move(r.next);
                for (auto& e : r.effects) next.push_back(std::move(e));
            }
        }
        pending = std::move(next);
    }
    if (!asked) {
        std::fprintf(stderr, "snapshot bench: the card did not ask for a snapshot\n");
        std::exit(1);
    }
    const auto start = clock_type::now();
    auto now_ms = [&] { return static_cast<std::int64_t>(ms_since(start)) + 1; };
    std::size_t at = 0, received = 0, batches = 0;
    while (at < lines.size()) {
        std::string batch;
        while (at < lines.size() && (batch.empty() || batch.size() + lines[at].size() + 1 <= (1u << 20))) {
            batch += lines[at++];
            batch += '\n';
        }
        received += batch.size();
        ++batches;
        m = cc::update(std::move(m), cc::stream_chunk{cc::request_id::snapshot, std::move(batch),
                                                      static_cast<std::int64_t>(received)},
                       cc::context{now_ms()}).next;
    }
    const double stream_ms = ms_since(start);
    auto t = clock_type::now();
    auto done = cc::update(std::move(m), cc::stream_done{cc::request_id::snapshot, 200, ""}, cc::context{now_ms()});
    const double end_ms = ms_since(t);
    const double total_ms = ms_since(start);
    std::size_t write_bytes = 0, shard_files = 0;
    for (const auto& fx : done.effects)
        if (auto* w = std::get_if<cc::write_files>(&fx))
            for (const auto& [p, txt] : w->writes) {
                write_bytes += txt.size();
                shard_files += cc::shard_of_path(p) >= 0;
            }
    if (shard_files == 0 || done.next.store.base.size() != n) {
        std::fprintf(stderr, "snapshot bench: %zu clients in the base, %zu shards written\n", done.next.store.base.size(), shard_files);
        std::exit(1);
    }
    std::printf("{\"clients\":%zu,\"snapshot_lines\":%zu,\"snapshot_body_mb\":%.1f,\"snapshot_batches\":%zu,"
                "\"snapshot_apply_us\":%.1f,\"snapshot_stream_ms\":%.1f,\"snapshot_end_ms\":%.1f,\"snapshot_total_ms\":%.1f,"
                "\"snapshot_write_mb\":%.1f}\n",
                n, lines.size() - 2, body_bytes / 1048576.0, batches, stream_ms * 1000.0 / static_cast<double>(n), stream_ms,
                end_ms, total_ms, write_bytes / 1048576.0);
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 4 && std::string(argv[1]) == "--dump") return dump(std::strtoul(argv[2], nullptr, 10), argv[3]);
    if (argc >= 2 && std::string(argv[1]) == "--snapshot") {
        // The first download alone: cc_bench --snapshot [N ...]
        std::vector<std::size_t> ns;
        for (int i = 2; i < argc; ++i) ns.push_back(std::strtoul(argv[i], nullptr, 10));
        if (ns.empty()) ns = {2000, 20000, 100000};
        for (auto n : ns) run_snapshot(n);
        return 0;
    }
    std::vector<std::size_t> sizes;
    for (int i = 1; i < argc; ++i)
        if (std::string(argv[i]) == "-v") verbose = true;
        else sizes.push_back(std::strtoul(argv[i], nullptr, 10));
    if (sizes.empty()) sizes = {2000, 20000, 100000};
    for (auto n : sizes) {
        run(n);
        run_snapshot(n);
    }
}
