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

#include "conflict.hpp"
#include "error.hpp"
#include "files.hpp"
#include "journal.hpp"
#include "op.hpp"
#include "reminders.hpp"
#include "search.hpp"
#include "storage.hpp"
#include "store.hpp"

namespace cc {

enum class locale { en, ru };

// ---- request and timer ids ------------------------------------------------------------------
// What a request or a timer is for, as a typed value (DESIGN §2): the core names it in the effect,
// the host keeps it beside its own handle and hands it back untouched with the result
// (fetch_done, timer_fired). The host never decides anything by an id: what it must know about a
// request travels as plain fields of the effect (http_request::long_poll).
// More will come (uploads, reminders, history pages): add an enumerator with the next number and
// handle it in update() (core/app/update.cpp), whose switch warns (-Wswitch) about an id left
// out. The numbers are fixed so a host may pass one across to JavaScript as an int. An id that
// can be in flight several times at once (one upload per file) will carry its key in a field
// beside the id, not in the id.
enum class request_id : std::uint8_t {
    me = 0,         // GET /api/v1/me
    pull = 1,       // GET /api/v1/pull, one page
    pull_wait = 2,  // the same pull, long-polled: the server holds it until something changes
    push = 3,       // POST /api/v1/push
    history = 4,    // GET /api/v1/clients/{id}/history: an older page of one client's log (one at a time)
    upload = 5,     // POST /api/v1/files: one queued upload; its key travels in http_request::key
    play_ticket = 6,  // POST /api/v1/files/{id}/ticket for the player; key: the file id
    open_ticket = 7,  // the same, to open (download) a file; key: the file id
    snapshot = 8,   // GET /api/v1/snapshot: the first download, streamed (stream_chunk, stream_done)
};
enum class timer_id : std::uint8_t {
    sync_retry = 0,     // backoff after a failed request: resume sync
    storage_retry = 1,  // after a failed write: write again
    reminder = 2,       // the next task reminder is due (or the cap ran out: look again)
    upload_retry = 3,   // backoff after an upload failed for a reason that may pass (offline, 5xx)
    shard_step = 4,     // decode the next few shards of the base in the background (0 ms: between frames)
    index_step = 5,     // add the search tokens of more loaded clients (0 ms: between frames)
};

// ---- actions --------------------------------------------------------------------------------
struct storage_loaded {                      // host: IDBFS synced in, files read
    std::map<std::string, std::string> files;  // path relative to the store root -> contents
    std::string fresh_device_id;               // used when meta.json does not exist yet
    bool writer = true;                        // this tab holds the writer lock (Web Locks)
    std::string tab_id;                        // unique per tab: names edits forwarded from it
    // true: `files` holds the first mount only (meta, index.bin, journal ...); the shards come
    // later in shards_loaded (the host loads the base mount after the first frame). false: every
    // file is in `files` (tests, a writer taking over after a full read).
    bool shards_follow = false;
};
// The host loaded the base mount: the shards' files ("shards/NN.json"), undecoded. The core keeps
// them as text and decodes a shard when one of its clients is needed, the rest in the background.
struct shards_loaded { std::map<std::string, std::string> files; bool ok = true; };
// A follower tab: the writer tab changed these files (it said so over BroadcastChannel and this
// tab re-read them after syncfs(true)).
struct storage_changed { std::map<std::string, std::string> files; std::vector<std::string> removed; };
struct storage_written { std::int64_t upto_seq = 0; bool ok = true; std::string reason; };
// The answer to http_request{id}; status 0: no answer (offline, refused, timed out).
struct fetch_done { request_id id = request_id::me; int status = 0; std::string body; std::string key{}; };
// A request with http_request::stream: a batch of whole lines of its body as it arrives
// (newline-terminated, at most one batch per frame), and how many bytes of the body the host has
// received so far (decompressed: what the lines add up to).
struct stream_chunk { request_id id = request_id::snapshot; std::string lines; std::int64_t bytes_received = 0; };
// The end of a streamed request: status 0 when the connection failed (before or in the middle of
// the body); `body` holds the body of an answer that was not 200 (an error), "" otherwise. The
// last piece of a body that did not end with a newline came as a stream_chunk before this.
struct stream_done { request_id id = request_id::snapshot; int status = 0; std::string body; };
struct timer_fired { timer_id id = timer_id::sync_retry; };
struct query_changed { std::string text; };
struct client_selected { std::string id; };
struct client_created { std::string name; std::string source; };
struct edit_requested {                      // the ui asks for one op on a client or its record
    std::string client_id;
    std::string kind;                        // "client.set", "task.create", "task.complete", ...
    json payload;
    std::string source;                      // the widget that asked: where an error is shown
    // Ops on records: the target record; "" for "<kind>.create" (the core names the new record
    // "<kind>:<op id>") and for the client's own ops.
    std::string record_id;
};
// The writer tab receives an edit a follower tab made (forward_edit there).
struct edit_forwarded { edit_requested edit; std::string actor; std::int64_t at = 0; std::string origin; };
// A follower tab hears back from the writer about one forwarded edit.
struct forward_answered { std::string origin; bool ok = true; error why; };
struct locale_changed { cc::locale value; };
// The log's filter by entry type ("client", "task", "call", "comment"): the types shown, empty
// for all. Kept in the store, so it survives a reload (GetCourse keeps its log filters).
struct log_filter_changed { std::set<std::string> types; };
// The log wants an older page of a client's history (pulls carry only entries after the cursor).
struct history_requested { std::string client_id; };
struct link_requested { std::string url; };
struct error_dismissed {};
// snapshot: the server offers GET /api/v1/snapshot (the project's server does; the wasm host
// says so), so an empty store downloads through it instead of paged pulls.
struct server_configured { std::string base_url; std::string actor; bool snapshot = false; };
struct token_entered { std::string token; };  // sign-in: the host keeps it in memory only
struct connectivity_changed { bool online = true; };  // the browser's online/offline events
struct conflict_resolved { std::string conflict_id; bool keep_mine = true; };
struct rejected_discarded { std::string op_id; };   // drop a rejected op for good
struct rejected_retried { std::string op_id; };     // send a rejected op again
// Reminders (core/app/reminders.cpp): the user dismissed one in the reminders panel.
struct reminder_dismissed { std::string key; };
// The card's notice of a sale by the registration link (the band under the top bar): dismissed.
struct sale_notice_dismissed { std::string sale_id; };
// The browser's Notification permission, as the host reads it: "default" (not asked yet),
// "granted", "denied", or "unsupported" (no Notification API).
struct notify_permission_changed { std::string state; };
// "Enable browser notifications" was clicked (a user gesture: only then may the host ask).
struct notify_permission_requested {};

// ---- files (core/app/files.cpp): uploads, the player, opening a file ----
// The ui asks for a file for a call's recording (record_id = the call) or for the comment being
// written (field "files", record_id ""): the host opens its file picker (pick_file).
struct file_pick_requested { std::string client_id; std::string record_id; std::string field; };
// The host read the file the user picked: the target as pick_file named it, and the file.
struct file_picked {
    std::string client_id, record_id, field;
    std::string name, type;                  // type: what the browser says ("" when it does not know)
    std::string bytes;
    // The file's size when the host did not read it (larger than any field takes); -1: bytes.size().
    std::int64_t size = -1;
};
struct upload_progress { std::string key; std::int64_t sent = 0; std::int64_t total = 0; };
struct upload_retried { std::string key; };   // "Retry" on a failed upload
struct upload_removed { std::string key; };   // "Remove": a failed upload, or a file from the comment box
// "Send" in the comment box: posted at once, or when the box's files are all uploaded.
struct comment_posted { std::string client_id; std::string text; std::string source; };
struct file_open_requested { std::string file_id; };  // "Download": opens the file by a ticket URL
// The player: play a call's recording; pause, seek, speed; what the host's <audio> reports.
struct playback_requested { std::string record_id; std::string file_id; };
struct playback_paused {};
struct playback_seeked { double seconds = 0; };
struct playback_rate_changed { double rate = 1; };
struct media_reported {
    std::string file_id;
    double position_s = 0, duration_s = 0;   // duration 0: not known yet
    bool playing = false, ended = false;
    std::string error;                       // "" or why the element failed
};

using action = std::variant<storage_loaded, shards_loaded, storage_changed, storage_written, fetch_done, timer_fired,
                            query_changed, client_selected, client_created, edit_requested,
                            edit_forwarded, forward_answered, locale_changed, link_requested,
                            error_dismissed, server_configured, token_entered,
                            connectivity_changed, conflict_resolved, rejected_discarded,
                            rejected_retried, log_filter_changed, history_requested,
                            reminder_dismissed, sale_notice_dismissed, notify_permission_changed, notify_permission_requested,
                            file_pick_requested, file_picked, upload_progress, upload_retried,
                            upload_removed, comment_posted, file_open_requested,
                            playback_requested, playback_paused, playback_seeked,
                            playback_rate_changed, media_reported, stream_chunk, stream_done>;

// ---- effects (data; the host carries them out) ----------------------------------------------
struct write_files {                          // write into MEMFS, then one syncfs(false)
    std::vector<std::pair<std::string, std::string>> writes;
    std::vector<std::string> removes;
    std::int64_t upto_seq = 0;                // answer with storage_written{upto_seq}
};
// The host adds "Authorization: Bearer <token>" and "X-Schema-Version" to every API request.
// long_poll: the server holds it until something changes, so one is always outstanding while
// the card is online; the host does not count it as work in progress (idle() does not wait).
struct http_request {
    request_id id = request_id::me;           // answered with fetch_done{id}
    std::string method;
    std::string url;
    std::string body;
    int timeout_ms = 15000;
    bool long_poll = false;
    // Requests in flight several times at once (uploads, tickets) name theirs here; the host
    // hands it back in fetch_done::key.
    std::string key{};
    // An upload: the body is this file of the store (uploads/<key>), sent as `content_type` with
    // X-File-Name; the host reports its progress as upload_progress{key}.
    std::string body_file{};
    std::string content_type{};
    std::string file_name{};
    // true: the body is handed over as it arrives, in batches of whole lines (stream_chunk),
    // and the end as stream_done (never fetch_done). No timeout once the answer started: the
    // server bounds a stream itself.
    bool stream = false;
};
struct open_link { std::string url; };        // only http, https, mailto, tel ever get here
struct start_timer { timer_id id = timer_id::sync_retry; int ms = 0; };  // replaces one of the same id
struct forward_edit { edit_forwarded edit; };  // follower -> writer tab
struct forward_answer { forward_answered answer; };  // writer -> the follower tab that asked
struct set_token { std::string token; };      // host: keep in memory, use for API requests
// A reminder is due: a browser notification where the user allowed them (the host checks the
// permission; without it, or without the API, it does nothing). `tag` names the reminder.
struct notify { std::string title, body, tag; };
struct ask_notify_permission {};             // answered with notify_permission_changed
// Opens the host's file picker (from the user's click); answered with file_picked carrying the
// same target, or nothing when the user cancels.
struct pick_file { std::string client_id, record_id, field; std::string accept; };
// The host's one audio element. load: src = url (a ticket URL of our server), then play.
struct media_control {
    enum class what { load, play, pause, seek, rate, stop };
    what command = what::play;
    std::string url;
    std::string file_id;
    double value = 0;                          // seek: seconds; rate: 1, 1.25, 1.5, 2; load: the rate
};
struct download_file { std::string url; };     // opens a ticket URL of our server (a download)
using effect = std::variant<write_files, http_request, open_link, start_timer, forward_edit,
                            forward_answer, set_token, notify, ask_notify_permission, pick_file,
                            media_control, download_file>;

// ---- model ----------------------------------------------------------------------------------
enum class load_state { loading, ready, failed };
enum class sync_state { idle, pulling, offline, failed };

struct refusal { std::string source; error why; };

// Where a client's log stands with the server's pages (GET /api/v1/clients/{id}/history).
struct history_paging {
    bool loading = false;
    bool complete = false;                   // the oldest entry is here
    std::int64_t before = 0;                 // the next page: entries below this version (0: newest)
    std::optional<error> failed;             // the last page failed (offline, refused); retry asks again
};  // last refused edit, shown at its widget

struct forwarded_edit { std::string origin; edit_forwarded edit; };

// The player of call recordings: one at a time, played by the host.
struct player_state {
    std::string record_id, file_id;          // "" when nothing was played
    bool loading = false;                    // waiting for a ticket or the element
    bool playing = false;
    double position_s = 0, duration_s = 0;
    double rate = 1;
    std::optional<error> failed;
};

struct model {
    load_state loading = load_state::loading;
    std::optional<error> storage_error;     // load or write failure, shown in the status bar
    cc::locale lang = locale::en;
    std::set<std::string> log_filter;        // the log's entry types shown; empty: all
    std::map<std::string, history_paging> history;  // per client: paging of its log from the server
    std::string history_in_flight;           // the client whose page is being fetched ("" none)

    std::string device;
    std::string actor = "me";
    std::int64_t next_seq = 1;
    bool writer = true;                      // false: another tab writes; edits are forwarded
    std::string tab_id;
    std::int64_t next_origin = 1;
    std::vector<forwarded_edit> forwarded;   // follower: sent to the writer, not yet answered

    client_store store;
    search_index index;
    // The lazy base (core/app/storage.cpp [SECTION] shards): the list and search come from
    // index.bin at start; a shard's text waits here until one of its clients is needed (the
    // card opened, an edit, a pull) or the background step decodes it.
    bool base_ready = true;                  // the shards are here (decoded or waiting as text)
    std::map<int, std::string> shard_text;   // shard -> its file, not decoded yet
    std::unordered_map<std::string, index_row> rows;  // list rows of clients not decoded yet
    bool legacy_store = false;               // schema 1-2 files (base/NN.json): rewrite them all
    bool store_damaged = false;              // a shard or the index did not decode: write nothing
    std::vector<action> deferred;            // edits that came before the shards (replayed then)
    std::vector<journal_entry> journal;      // committed local ops, oldest first
    std::vector<conflict> conflicts;         // waiting for the user
    std::int64_t saved_seq = 0;              // every op with seq <= this is in IndexedDB
    bool writing = false;                    // a write (one syncfs) is in flight
    bool write_wanted = false;               // edits arrived during the write in flight
    std::set<int> dirty_shards;              // base shards a pull changed, not yet written
    std::set<int> shards_in_flight;          // shards in the write in flight
    std::set<std::int64_t> dirty_journal;    // journal entries whose state changed
    std::vector<std::string> removed_files;  // to delete in the next write
    bool meta_dirty = false;                 // meta.json (cursor, language) not yet written
    // Task reminders (core/app/reminders.cpp): what fired, was missed or dismissed, in
    // reminders.json; only the writer tab fires and writes, followers read its file.
    reminder_book reminders;
    bool reminders_dirty = false;            // reminders.json not yet written
    std::int64_t reminder_timer_at = 0;      // when the reminder timer asked for runs out (0: none)
    std::string notify_permission = "default";  // the browser's Notification permission
    bool conflicts_dirty = false;

    std::string server_url;                  // "" = same origin
    bool signed_in = false;                  // a token was given (the host holds it)
    std::string user_name, user_role;        // from GET /api/v1/me
    std::string registration_link;           // /me: the registration link's template ({code}); "" = none given
    // Records a pull brought (not the first download) whose kind tells the manager of them
    // (kind_def::notify_on_arrival: today the sales by the registration link), until the manager
    // dismisses them; kept in meta.json, so they survive a reload. At most 50, newest last.
    std::vector<std::string> sale_notices;
    bool online = true;
    std::int64_t server_version = 0;         // pull cursor
    sync_state sync = sync_state::idle;
    std::string sync_message;
    std::int64_t pull_total = 0, pull_received = 0;  // progress of a paged download
    bool first_download = false;             // the initial full download is under way
    // The first download as one snapshot (core/app/snapshot.cpp): an empty store asks for it
    // instead of paged pulls when the server offers it; applied batch by batch, the store written
    // once at the end; a failed one falls back to paged pulls.
    struct snapshot_state {
        bool offered = false;                // server_configured::snapshot
        bool active = false;                 // a snapshot request is in flight
        bool failed = false;                 // one failed in this session: paged pulls from now on
        bool header = false;                 // its first line was read
        bool ended = false;                  // its last line ({"end":true}) was read and agreed
        std::int64_t version = 0;            // the server version it holds (the cursor after it)
        std::int64_t lines = 0, expected_lines = 0;  // changes read / announced
        std::int64_t bytes = 0, expected_bytes = 0;  // body bytes received / announced
        std::int64_t shown_at = 0;           // ctx.now_ms when the list was last re-sorted for it
    } snapshot;
    bool pushing = false;                    // a push is in flight
    bool live = false;                       // a long-poll pull is waiting on the server
    int retry_attempt = 0;                   // consecutive failures, for the backoff

    std::string query;
    std::vector<std::uint32_t> results;      // indices into index.entries, sorted by name
    std::string selected;                    // client id, "" = none
    std::string select_origin;               // follower: select the client this edit creates
    std::optional<refusal> refused;

    // Files (core/app/files.cpp): the upload queue, kept in uploads.json with each file's bytes
    // in uploads/<key>; the player.
    upload_queue uploads;
    bool uploads_dirty = false;              // uploads.json not yet written
    std::vector<std::pair<std::string, std::string>> blob_writes;  // bytes for the next write
    std::set<std::string> blobs_stored;      // keys whose bytes were handed to a write
    int upload_retry_attempt = 0;            // consecutive upload failures, for the backoff
    player_state player;
};

// What the host knows that the core may not read itself: the clock and a random number in
// [0, 1) for backoff jitter.
// viewer_offset_min: the viewer's UTC offset now, minutes east (all-day tasks' reminders).
struct context { std::int64_t now_ms = 0; double random = 0.5; int viewer_offset_min = 0; };
struct update_result { model next; std::vector<effect> effects; };

update_result update(model m, const action& a, const context& ctx);

// Save status of one client as the user sees it.
enum class save_status { none, saving, saved };
save_status client_save_status(const model& m, const std::string& client_id);
// The card's overall state, for the status bar.
enum class sync_status { offline, saving, saved_locally, syncing, synced };
sync_status overall_status(const model& m);
std::size_t pending_count(const model& m);   // ops the server has not confirmed yet
std::size_t rejected_count(const model& m);
std::vector<const conflict*> conflicts_of(const model& m, const std::string& client_id);
std::vector<const journal_entry*> rejected_of(const model& m, const std::string& client_id);
// True while an op on this record is not confirmed by the server (shown as "pending").
bool record_pending(const model& m, const std::string& record_id);
// A reminder the reminders panel shows: one that fired or was missed, not dismissed, whose task
// is still open. Newest first.
struct shown_reminder {
    const reminder_note* note = nullptr;
    const record* task = nullptr;
    const client* owner = nullptr;           // nullptr when the client is not in the store
    bool missed = false;
};
std::vector<shown_reminder> reminders_shown(const model& m);
// Fields an op changes, for conflict detection: "name", "phones:<id>:type", "custom:<key>".
// The uploads of a target: a call's recording (field "recording"), or the comment box of a
// client (field "files", record_id "") — the files not yet posted with a comment.
std::vector<const upload*> uploads_of(const model& m, const std::string& client_id,
                                      const std::string& record_id, const std::string& field);
// The files a waiting comment (comment_post::key) holds.
std::vector<const upload*> uploads_of_post(const model& m, const std::string& post_key);
std::vector<std::string> touched_fields(const std::string& kind, const json& payload);

}  // namespace cc
