// snapshot.cpp — the first download as one streamed snapshot (GET /api/v1/snapshot, docs/api.md
// and docs/sync.md): an empty store asks for it instead of walking paged pulls from 0; the host
// hands its body over in batches of whole lines as it arrives (stream_chunk), each applied to the
// base at once so the list fills while it comes; the store is written once at the end (every
// shard, index.bin, meta with the snapshot's version as the cursor); then the usual pulls from
// that version. A snapshot that fails, ends early or holds a line that does not parse is
// reported in the status bar and the card falls back to paged pulls: what it had applied is
// dropped, and nothing of it was ever written (the cursor on disk stays 0).
//
// Index of this file:
// [SECTION] limits, asking
// [SECTION] lines: header, changes, end
// [SECTION] batches and the end of the stream
#include <algorithm>

#include "core/app/internal.hpp"
#include "core/codec.hpp"
#include "core/json_limits.hpp"
#include "core/json_read.hpp"
#include "core/storage.hpp"

namespace cc::app_detail {
namespace {

// [SECTION] limits, asking --------------------------------------------------------------------

// One line is one client or record with, at most, this device's own log entries: far below
// this. The nesting is that of a pull page's change.
constexpr json_bounds snapshot_line_bounds{16u << 20, 64};
// Until the answer starts (the host stops timing once the body flows: the server bounds it).
constexpr int snapshot_start_timeout_ms = 30000;
// While lines come, the list is re-sorted and the results redone at most this often (a sort of
// 100,000 entries per batch would cost more than the batches), and only once it grew by a
// quarter (on_stream_chunk).
constexpr std::int64_t snapshot_show_every_ms = 250;

}  // namespace

bool wants_snapshot(const model& m) {
    return m.snapshot.offered && !m.snapshot.failed && m.server_version == 0 && m.base_ready &&
           m.store.base.empty() && m.store.record_base.empty() && m.shard_text.empty() && m.rows.empty();
}

void request_snapshot(model& m, effects& fx) {
    model::snapshot_state fresh;
    fresh.offered = true;
    fresh.active = true;
    m.snapshot = fresh;
    m.sync = sync_state::pulling;
    m.first_download = true;
    m.pull_total = m.pull_received = 0;
    http_request r{request_id::snapshot, "GET", api(m, "snapshot?device=" + m.device), "", snapshot_start_timeout_ms};
    r.stream = true;
    fx.push_back(std::move(r));
}

namespace {

// [SECTION] lines: header, changes, end -------------------------------------------------------

enum class line_result { ok, bad, schema };

// {"snapshot":1,"schema":1,"version":V,"clients":N,"records":M,"bytes":B}
line_result read_snapshot_header(model& m, const json& j) {
    if (!j.is_object() || integer_member(j, "snapshot") != std::optional<std::int64_t>(1)) return line_result::bad;
    if (integer_member(j, "schema") != std::optional<std::int64_t>(schema_version)) return line_result::schema;
    auto version = integer_member(j, "version");
    if (!version || *version < 0) return line_result::bad;
    m.snapshot.header = true;
    m.snapshot.version = *version;
    m.snapshot.expected_lines = integer_member(j, "clients").value_or(0) + integer_member(j, "records").value_or(0);
    m.snapshot.expected_bytes = integer_member(j, "bytes").value_or(0);
    return line_result::ok;
}

// One line after the header: a change ({"version","client"|"record","history"?}) into
// `clients`/`records`, or the end line, checked against what came.
line_result read_snapshot_line(model& m, const json& j, pulled_clients& clients, pulled_records& records) {
    if (!j.is_object() || m.snapshot.ended) return line_result::bad;  // nothing may follow the end
    if (j.contains("end")) {
        if (!bool_member(j, "end") || integer_member(j, "cursor") != std::optional<std::int64_t>(m.snapshot.version) ||
            integer_member(j, "count") != std::optional<std::int64_t>(m.snapshot.lines))
            return line_result::bad;
        m.snapshot.ended = true;
        return line_result::ok;
    }
    try {
        auto hist = j.value("history", json::array()).get<std::vector<activity_entry>>();
        if (j.contains("record")) {
            // A record of a kind this build does not know is kept as data, as a pull keeps it.
            records.emplace_back(j.at("record").get<record>(), std::move(hist));
        } else {
            clients.emplace_back(j.at("client").get<client>(), std::move(hist));
        }
    } catch (const std::exception&) {
        return line_result::bad;
    }
    m.snapshot.lines += 1;
    return line_result::ok;
}

// The snapshot cannot be used: say why, drop what it put into the base (none of it was written),
// and fall back to paged pulls from 0 after the usual backoff. Edits made meanwhile stay in the
// journal (written as they were made) and their clients come back with the pages.
void fail_snapshot(model& m, const std::string& why, const context& ctx, effects& fx) {
    m.snapshot.active = false;
    m.snapshot.failed = true;
    m.sync = sync_state::failed;
    m.sync_message = why;
    m.pull_total = m.pull_received = 0;
    m.store.base.clear();
    m.store.base_history.clear();
    m.store.record_base.clear();
    m.store.record_ids.clear();
    m.dirty_shards.clear();
    m.index = search_index{};
    std::set<std::string> journaled;
    for (const auto& e : m.journal) journaled.insert(e.op.client_id);
    m.store.overlay.clear();
    m.store.overlay_history.clear();
    refresh_clients(m, journaled);
    index_sort(m.index);
    refresh_results(m);
    schedule_retry(m, ctx, fx);
}

// Every line is in and the end line agreed: the cursor moves to the snapshot's version, the
// journal drops what the base now holds, and everything is written in one go; then the pulls
// from that version (and the pushes) start.
void finish_snapshot(model& m, effects& fx) {
    m.snapshot.active = false;
    m.sync = sync_state::idle;
    m.retry_attempt = 0;
    m.sync_message.clear();
    m.server_version = std::max(m.server_version, m.snapshot.version);
    std::set<std::string> touched;
    prune_journal(m, touched);
    for (const auto& e : m.journal) touched.insert(e.op.client_id);  // overlays depend on the cursor
    for (const auto& id : touched) {
        rebuild_overlay(m, id);
        reindex(m, id);
    }
    index_sort(m.index);
    refresh_results(m);
    m.meta_dirty = true;
    m.first_download = false;
    m.pull_total = m.pull_received = 0;
    request_write(m, fx);
    request_push(m, fx);
    request_pull(m, fx);
}

}  // namespace

// [SECTION] batches and the end of the stream -------------------------------------------------

void on_stream_chunk(model& m, const stream_chunk& a, const context& ctx, effects& fx) {
    if (a.id != request_id::snapshot || !m.snapshot.active) return;  // a failed one's rest: ignored
    m.snapshot.bytes = std::max(m.snapshot.bytes, a.bytes_received);
    pulled_clients clients;
    pulled_records records;
    std::size_t start = 0;
    const std::string& text = a.lines;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + start, end - start);
        start = end + 1;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        std::string why;
        auto doc = parse_bounded(line, snapshot_line_bounds, why);
        line_result r = line_result::bad;
        if (doc) r = m.snapshot.header ? read_snapshot_line(m, *doc, clients, records) : read_snapshot_header(m, *doc);
        if (r == line_result::schema) {
            // A server of another schema: neither a snapshot nor a pull can be read.
            m.snapshot.active = false;
            m.sync = sync_state::failed;
            m.sync_message = "err.schema_unsupported";
            return;
        }
        if (r == line_result::bad) return fail_snapshot(m, "err.snapshot_failed", ctx, fx);
    }
    std::set<std::string> touched;
    const std::size_t entries_before = m.index.entries.size();
    apply_pulled(m, clients, records, /*seen=*/0, touched);
    for (const auto& id : touched) {
        rebuild_overlay(m, id);
        reindex(m, id);
    }
    // The list's order is redone when the time has come and it would show a quarter more
    // clients than it does: a sort costs the whole index (~0.1 s at 100,000), so sorting every
    // 250 ms spent half the stream's time on sorts at 100,000; growing by a quarter each time,
    // all the sorts together cost about five of the last one. Record lines change no name: they
    // never move anything in the order. A batch without a new client (the server sends rows by
    // version: the demo's records come after every client) lists the clients still waiting.
    if (!touched.empty() && (m.snapshot.shown_at == 0 || ctx.now_ms - m.snapshot.shown_at >= snapshot_show_every_ms)) {
        const std::size_t listed = m.index.by_name.size();
        const std::size_t waiting = m.index.entries.size() > listed ? m.index.entries.size() - listed : 0;
        bool sort = waiting > 0 && waiting * 4 >= listed;
        if (!sort && waiting > 0 && m.index.entries.size() == entries_before) {
            // Deleted clients are never listed: only live ones not yet listed count.
            std::size_t live = 0;
            for (const auto& e : m.index.entries) live += e.deleted ? 0 : 1;
            sort = live > listed;
        }
        if (sort) index_sort(m.index);
        refresh_results(m);  // a record line can make a listed client match the query typed
        m.snapshot.shown_at = ctx.now_ms == 0 ? 1 : ctx.now_ms;
    }
}

void on_stream_done(model& m, const stream_done& a, const context& ctx, effects& fx) {
    if (a.id != request_id::snapshot || !m.snapshot.active) return;
    if (a.status == 200) {
        if (m.snapshot.ended) return finish_snapshot(m, fx);
        // The connection closed before the end line: a truncated snapshot is never used.
        return fail_snapshot(m, "err.snapshot_failed", ctx, fx);
    }
    if (m.snapshot.header) return fail_snapshot(m, "err.snapshot_failed", ctx, fx);
    m.snapshot.active = false;
    if (a.status == 404 || a.status == 405 || a.status == 501) {
        // A server without snapshots: paged pulls, at once and with nothing to report.
        m.snapshot.failed = true;
        m.sync = sync_state::idle;
        return request_pull(m, fx);
    }
    // Refused (401, 403: as a pull would be), offline, busy or failed before any line: the same
    // as a failed pull; the next attempt asks for the snapshot again.
    on_request_failed(m, fetch_done{request_id::snapshot, a.status, a.body}, ctx, fx);
}

}  // namespace cc::app_detail
