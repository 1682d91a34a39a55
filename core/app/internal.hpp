// internal.hpp — what the files of core/app/ share: the helpers update() is made of.
// Private to core/app/: nothing outside includes it (the public header is core/app.hpp).
//
// update() (update.cpp) is only the dispatch over the action variant; each concern lives in its
// own file, and reaches the others only through the functions declared here:
//   overlay.cpp    the model's derived views: overlays (base + outstanding ops), index, results
//   storage.cpp    writes (one syncfs in flight, edits coalesce); loaded, changed, written
//   sync.cpp       me, pull, long poll, push, backoff; pull and push results, journal pruning
//   snapshot.cpp   the first download as one streamed snapshot, then pulls from its version
//   edits.cpp      commit (the writer tab), request_edit
//   tabs.cpp       forwarding edits between follower tabs and the writer tab
//   files.cpp      uploads (queue, progress, retries, the op they end in), the player, downloads
//   conflicts.cpp  detecting and resolving conflicts, rejected ops
//   reminders.cpp  task reminders: firing them (the writer), missed ones, dismissing, the timer
//   queries.cpp    what the ui asks of the model
//
// Index of this file:
// [SECTION] shared names
// [SECTION] overlay.cpp
// [SECTION] storage.cpp
// [SECTION] sync.cpp
// [SECTION] snapshot.cpp
// [SECTION] edits.cpp
// [SECTION] tabs.cpp
// [SECTION] files.cpp
// [SECTION] conflicts.cpp
// [SECTION] reminders.cpp
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/app.hpp"

namespace cc::app_detail {

// [SECTION] shared names ----------------------------------------------------------------------

using effects = std::vector<effect>;

// Special kinds a follower forwards for actions that change the writer's journal or conflicts.
constexpr const char* kind_resolve = "conflict.resolve";
constexpr const char* kind_discard = "journal.discard";
constexpr const char* kind_retry = "journal.retry";
constexpr const char* kind_dismiss_reminder = "reminder.dismiss";

// [SECTION] overlay.cpp -----------------------------------------------------------------------

void refresh_results(model& m);
// Rebuilds the overlay of one client: its base with every outstanding op re-applied (rebase).
void rebuild_overlay(model& m, const std::string& id);
void reindex(model& m, const std::string& id);
// After a batch of base or journal changes: overlays, index, order, results.
void refresh_clients(model& m, const std::set<std::string>& ids);
journal_entry* find_entry(model& m, const std::string& op_id);
// Adds entries a pull or a history page brought to a client's confirmed log (kept newest
// first), each op once: pulls carry only entries after the cursor, pages carry older ones.
void merge_history(std::vector<activity_entry>& log, std::vector<activity_entry> more);

// [SECTION] storage.cpp -----------------------------------------------------------------------

// Starts a write of everything not yet in IndexedDB, unless one is in flight (edits coalesce).
void request_write(model& m, effects& fx);
void on_loaded(model& m, const storage_loaded& a, const context& ctx, effects& fx);
void on_shards_loaded(model& m, const shards_loaded& a, const context& ctx, effects& fx);
// The lazy base: decodes the shards given / the client's shard / every shard still waiting as
// text (overlays, search entries and results follow). Anything that reads or changes a client
// in update() calls ensure_client first; the ui reads only what is decoded or index rows.
void ensure_shards(model& m, const std::set<int>& shards);
void ensure_client(model& m, const std::string& id);
void ensure_all_shards(model& m);
// timer_id::shard_step: a few more shards, then the next step (between frames).
void on_shard_step(model& m, effects& fx);
// timer_id::index_step: the search tokens of a few thousand more loaded entries.
void on_index_step(model& m, effects& fx);
void on_changed(model& m, const storage_changed& a);
void on_written(model& m, const storage_written& a, effects& fx);

// [SECTION] sync.cpp --------------------------------------------------------------------------

void request_me(model& m, effects& fx);
// A paged pull now; with `wait`, a long poll the server holds until something changes.
void request_pull(model& m, effects& fx, bool wait = false);
// Sends the oldest pending ops, in order, one batch at a time.
void request_push(model& m, effects& fx);
// Everything the writer does to catch up: pull first (paged), then push, then wait for news.
void resume_sync(model& m, effects& fx);
void on_pull(model& m, const fetch_done& a, const context& ctx, effects& fx);
void on_push(model& m, const fetch_done& a, const context& ctx, effects& fx);
void on_me(model& m, const fetch_done& a, const context& ctx, effects& fx);
// history.cpp: the log's older pages, one request at a time.
void request_history(model& m, const std::string& client_id, effects& fx);
void on_history(model& m, const fetch_done& a, effects& fx);
bool may_talk(const model& m);
std::string api(const model& m, const std::string& path);
// Backoff with jitter: a sync_retry timer (resume_sync) after the retry_attempt-th failure.
void schedule_retry(model& m, const context& ctx, effects& fx);
// A request failed: the status bar says why; 401/403 wait for a token, the rest is retried.
void on_request_failed(model& m, const fetch_done& a, const context& ctx, effects& fx);
// Drops journal entries the base now holds (confirmed at or below the cursor).
void prune_journal(model& m, std::set<std::string>& touched);
using pulled_clients = std::vector<std::pair<client, std::vector<activity_entry>>>;
using pulled_records = std::vector<std::pair<record, std::vector<activity_entry>>>;
// Pulled clients and records (with the log entries that came along) into the base: conflicts
// noted, our own ops confirmed, their clients to `touched`, their shards dirty.
void apply_pulled(model& m, pulled_clients& changes, pulled_records& record_changes, std::int64_t seen,
                  std::set<std::string>& touched);

// [SECTION] snapshot.cpp ----------------------------------------------------------------------

// The store is empty and the server offers snapshots (and none failed in this session).
bool wants_snapshot(const model& m);
void request_snapshot(model& m, effects& fx);
void on_stream_chunk(model& m, const stream_chunk& a, const context& ctx, effects& fx);
void on_stream_done(model& m, const stream_done& a, const context& ctx, effects& fx);

// [SECTION] edits.cpp -------------------------------------------------------------------------

// Commits one op in the writer tab: applies it, and on success journals it and asks for a write
// and a push. `origin` names an edit forwarded from another tab. A refusal goes to *refused_out
// when given, else to m.refused at `source`.
void commit(model& m, op o, const std::string& source, const std::string& origin, effects& fx,
            std::optional<error>* refused_out = nullptr);
void request_edit(model& m, edit_requested edit, const context& ctx, effects& fx);
// The checks the server makes of an op on a record before its schema: the client exists and is
// not deleted, the role may (when the server told us the role). Names a create's new record.
std::optional<error> check_record_op(const model& m, op& o);

// [SECTION] tabs.cpp --------------------------------------------------------------------------

// A follower tab: check the edit against what this tab sees, then hand it to the writer.
void forward(model& m, edit_requested edit, const context& ctx, effects& fx);
void on_forwarded(model& m, const edit_forwarded& f, const context& ctx, effects& fx);
void on_answered(model& m, const forward_answered& a);

// [SECTION] files.cpp -------------------------------------------------------------------------

void on_pick_requested(model& m, const file_pick_requested& a, effects& fx);
void on_picked(model& m, const file_picked& a, effects& fx);
// Sends the oldest queued upload whose bytes are stored, unless one is on its way.
void pump_uploads(model& m, effects& fx);
void on_upload_progress(model& m, const upload_progress& a);
void on_upload(model& m, const fetch_done& a, const context& ctx, effects& fx);
// What failed for a passing reason (offline, 5xx) is queued again and sent.
void requeue_uploads(model& m, effects& fx);
void on_upload_retried(model& m, const upload_retried& a, effects& fx);
void on_upload_removed(model& m, const upload_removed& a, const context& ctx, effects& fx);
void on_comment_posted(model& m, const comment_posted& a, const context& ctx, effects& fx);
void try_post(model& m, const std::string& post_key, const context& ctx, effects& fx);
void on_playback_requested(model& m, const playback_requested& a, effects& fx);
void on_play_ticket(model& m, const fetch_done& a, effects& fx);
void on_paused(model& m, effects& fx);
void on_seeked(model& m, const playback_seeked& a, effects& fx);
void on_rate(model& m, const playback_rate_changed& a, effects& fx);
void on_media(model& m, const media_reported& a);
void on_open_requested(model& m, const file_open_requested& a, effects& fx);
void on_open_ticket(model& m, const fetch_done& a, effects& fx);

// [SECTION] conflicts.cpp ---------------------------------------------------------------------

// Records a conflict for each field someone else changed (in `history`, after `seen`) that one
// of this card's outstanding ops on `c` also changes.
void detect_conflicts(model& m, const std::string& client_id, const std::vector<activity_entry>& history, std::int64_t seen);
std::optional<error> resolve_conflict(model& m, const std::string& id, bool keep_mine, const context& ctx,
                                      const std::string& origin, effects& fx);
// Discard drops a rejected op for good; retry sends its change again as a new op.
std::optional<error> settle_rejected(model& m, const std::string& op_id, bool retry, const context& ctx,
                                     const std::string& origin, effects& fx);

// [SECTION] reminders.cpp ---------------------------------------------------------------------

// The writer tab, at `ctx.now_ms`: every reminder of an open task due since the book was last
// checked fires (a notify effect) or, when older than the grace, is noted as missed; the book is
// written when that changed it; the reminder timer is set for the next one (capped). Other tabs:
// nothing. Called before and after each action that can change tasks or the time.
void reminders_tick(model& m, const context& ctx, effects& fx);
// Reads reminders.json from the files of a load or of the writer's change; false when damaged
// (m.storage_error says so). Absent: the book stays as it is.
bool read_reminders(model& m, const std::map<std::string, std::string>& files);
void dismiss_reminder(model& m, const std::string& key, const context& ctx, effects& fx);

}  // namespace cc::app_detail
