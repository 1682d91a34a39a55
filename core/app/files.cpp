// files.cpp — files in the card as update() sees them (DESIGN §6 "Files"): the upload queue
// (a picked file is checked, its bytes written beside the journal, then sent one at a time while
// online, with progress, retries and refusals), what a finished upload becomes (the op that sets
// a call's recording, or the comment that waited for its files), and the player and downloads
// (both through ticket URLs of our server). The host does every I/O: it opens the picker, reads
// the file, sends it, plays it.
//
// Index of this file:
// [SECTION] limits and helpers
// [SECTION] picking a file
// [SECTION] sending, one at a time
// [SECTION] upload results: the op, the waiting comment, failures and retries
// [SECTION] retry, remove, post a comment
// [SECTION] the player and opening a file
// [SECTION] queries
#include <algorithm>
#include <cmath>

#include "core/app/internal.hpp"
#include "core/codec.hpp"
#include "core/json_limits.hpp"
#include "core/json_read.hpp"
#include "core/schema/kind.hpp"

namespace cc::app_detail {
namespace {

// [SECTION] limits and helpers ----------------------------------------------------------------

constexpr int upload_timeout_ms = 10 * 60 * 1000;   // 25 MiB at the server's 64 KiB/s floor: ~7 min
constexpr int upload_retry_base_ms = 2000;          // 1–2 s, 2–4 s ... up to a minute, with jitter
constexpr int upload_retry_max_ms = 60000;

upload* find_upload(model& m, const std::string& key) {
    for (auto& u : m.uploads.uploads)
        if (u.key == key) return &u;
    return nullptr;
}

comment_post* find_post(model& m, const std::string& key) {
    for (auto& p : m.uploads.posts)
        if (p.key == key) return &p;
    return nullptr;
}

// Where a refusal about a target's files is shown (the ui puts it under the target's buttons).
std::string files_source(const std::string& client_id, const std::string& record_id) {
    return "files/" + client_id + "/" + (record_id.empty() ? std::string("comment") : record_id);
}

void changed(model& m, effects& fx) {
    m.uploads_dirty = true;
    request_write(m, fx);
}

// The bytes are no longer needed (sent, or the upload removed).
void drop_bytes(model& m, const std::string& key) {
    if (m.blobs_stored.erase(key)) m.removed_files.push_back(upload_bytes_path(key));
    m.blob_writes.erase(std::remove_if(m.blob_writes.begin(), m.blob_writes.end(),
                                       [&](const auto& w) { return w.first == upload_bytes_path(key); }),
                        m.blob_writes.end());
}

void erase_upload(model& m, const std::string& key) {
    drop_bytes(m, key);
    m.uploads.uploads.erase(std::remove_if(m.uploads.uploads.begin(), m.uploads.uploads.end(),
                                           [&](const upload& u) { return u.key == key; }),
                            m.uploads.uploads.end());
}

error answer_error(const fetch_done& a) {
    if (a.status == 0) return error{"err.server_down", "", ""};
    std::string why;
    auto body = parse_bounded(a.body, json_bounds{1u << 20, 16}, why);
    if (body && body->is_object() && body->contains("error") && (*body)["error"].is_object())
        return error{text_member((*body)["error"], "code", "err.server_error"), "",
                     text_member((*body)["error"], "message")};
    return error{"err.server_error", "", std::to_string(a.status)};
}

// A refusal that sending again cannot change: the file itself (413 too large, 415 type, 400).
bool refused_for_good(int status) { return status == 400 || status == 413 || status == 415 || status == 410; }

bool may_ask(const model& m) { return m.signed_in && m.loading == load_state::ready; }

// A ticket's URL is our server's, for this file: "/api/v1/files/<id>?ticket=...". Nothing else
// is ever loaded or opened.
std::optional<std::string> ticket_url(const model& m, const fetch_done& a) {
    if (a.status != 200) return std::nullopt;
    std::string why;
    auto body = parse_bounded(a.body, json_bounds{1u << 16, 8}, why);
    if (!body || !body->is_object()) return std::nullopt;
    const std::string url = text_member(*body, "url");
    const std::string prefix = "/api/v1/files/" + a.key + "?ticket=";
    if (url.rfind(prefix, 0) != 0 || url.find_first_of(" \"'<>\\#") != std::string::npos) return std::nullopt;
    return m.server_url + url;
}

}  // namespace

// [SECTION] picking a file --------------------------------------------------------------------

void on_pick_requested(model& m, const file_pick_requested& a, effects& fx) {
    const std::string source = files_source(a.client_id, a.record_id);
    if (!m.writer) {  // the queue lives in the tab that writes the store
        m.refused = refusal{source, error{"err.upload_other_tab", "", ""}};
        return;
    }
    if (m.refused && m.refused->source == source) m.refused.reset();
    fx.push_back(pick_file{a.client_id, a.record_id, a.field, upload_accept(a.field)});
}

// A refused file changes nothing but the message at its target.
void on_picked(model& m, const file_picked& a, effects& fx) {
    const std::string source = files_source(a.client_id, a.record_id);
    if (m.loading != load_state::ready) return;
    if (!m.writer) {
        m.refused = refusal{source, error{"err.upload_other_tab", "", ""}};
        return;
    }
    const std::int64_t size = a.size >= 0 ? a.size : static_cast<std::int64_t>(a.bytes.size());
    if (auto e = check_upload(a.field, a.name, a.type, size)) {
        m.refused = refusal{source, *e};
        return;
    }
    if (static_cast<std::int64_t>(a.bytes.size()) != size) {  // the host must hand over the bytes
        m.refused = refusal{source, error{"err.file_unreadable", "", a.name}};
        return;
    }
    ensure_client(m, a.client_id);
    const client* owner = m.store.find(a.client_id);
    if (!owner || owner->deleted) {
        m.refused = refusal{source, error{"err.not_found", "", a.client_id}};
        return;
    }
    if (a.field == "recording") {
        const record* call = m.store.find_record(a.record_id);
        if (!call || call->kind != "call" || call->deleted) {
            m.refused = refusal{source, error{"err.not_found", "", a.record_id}};
            return;
        }
    } else if (uploads_of(m, a.client_id, "", "files").size() >= 10) {  // comment.files holds 10
        m.refused = refusal{source, error{"err.too_many_files", "files", "10"}};
        return;
    }
    upload u;
    u.key = "u" + std::to_string(m.uploads.next++);
    u.client_id = a.client_id;
    u.record_id = a.field == "recording" ? a.record_id : std::string();
    u.field = a.field;
    u.name = a.name;
    u.type = *upload_type(a.field, a.name, a.type);
    u.size = static_cast<std::int64_t>(a.bytes.size());
    // A new recording replaces one still waiting for the same call.
    if (a.field == "recording") {
        std::vector<std::string> old;
        for (const upload* x : uploads_of(m, a.client_id, a.record_id, "recording"))
            if (x->state != upload_state::uploading) old.push_back(x->key);
        for (const auto& k : old) erase_upload(m, k);
    }
    m.blob_writes.emplace_back(upload_bytes_path(u.key), a.bytes);
    m.uploads.uploads.push_back(std::move(u));
    if (m.refused && m.refused->source == source) m.refused.reset();
    changed(m, fx);
    pump_uploads(m, fx);
}

// [SECTION] sending, one at a time ------------------------------------------------------------

// Sends the oldest queued upload whose bytes are in the store, unless one is on its way.
void pump_uploads(model& m, effects& fx) {
    if (!may_talk(m) || !m.online) return;
    for (const auto& u : m.uploads.uploads)
        if (u.state == upload_state::uploading) return;
    for (auto& u : m.uploads.uploads) {
        if (u.state != upload_state::queued || !m.blobs_stored.count(u.key)) continue;
        u.state = upload_state::uploading;
        u.sent = 0;
        u.attempts += 1;
        http_request r{request_id::upload, "POST", api(m, "files"), "", upload_timeout_ms};
        r.key = u.key;
        r.body_file = upload_bytes_path(u.key);
        r.content_type = u.type;
        r.file_name = u.name;
        fx.push_back(std::move(r));
        return;
    }
}

void on_upload_progress(model& m, const upload_progress& a) {
    if (upload* u = find_upload(m, a.key); u && u->state == upload_state::uploading)
        u->sent = std::clamp<std::int64_t>(a.sent, 0, u->size);
}

// [SECTION] upload results: the op, the waiting comment, failures and retries ------------------

namespace {

// The file's record reference: our name, the server's size and type.
json file_ref(const upload& u, const json& answer) {
    return json{{"id", text_member(answer, "id")}, {"name", u.name},
                {"size", integer_member(answer, "size").value_or(u.size)},
                {"type", text_member(answer, "type", u.type)}};
}

void schedule_upload_retry(model& m, const context& ctx, effects& fx) {
    m.upload_retry_attempt += 1;
    const double full = std::min<double>(upload_retry_max_ms,
                                         upload_retry_base_ms * std::pow(2.0, m.upload_retry_attempt - 1));
    fx.push_back(start_timer{timer_id::upload_retry, static_cast<int>(full * (0.5 + 0.5 * ctx.random))});
}

}  // namespace

// Posts a waiting comment once all of its files are uploaded (one comment.create with `files`).
// A refused comment goes back to the box with its files, its refusal shown there.
void try_post(model& m, const std::string& post_key, const context& ctx, effects& fx) {
    comment_post* p = find_post(m, post_key);
    if (!p) return;
    json files = json::array();
    std::vector<std::string> keys;
    for (const upload* u : uploads_of_post(m, post_key)) {
        if (u->state != upload_state::done) return;
        files.push_back(u->file);
        keys.push_back(u->key);
    }
    const comment_post post = *p;
    op o;
    o.kind = "comment.create";
    o.client_id = post.client_id;
    o.payload = json{{"text", post.text}};
    if (!files.empty()) o.payload["files"] = files;
    o.at = ctx.now_ms;
    std::optional<error> why;
    commit(m, std::move(o), post.source, "", fx, &why);
    if (why) {
        m.refused = refusal{post.source, *why};
        for (auto& u : m.uploads.uploads)
            if (u.comment == post_key) u.comment.clear();
    } else {
        for (const auto& k : keys) erase_upload(m, k);
    }
    m.uploads.posts.erase(std::remove_if(m.uploads.posts.begin(), m.uploads.posts.end(),
                                         [&](const comment_post& x) { return x.key == post_key; }),
                          m.uploads.posts.end());
    changed(m, fx);
}

void on_upload(model& m, const fetch_done& a, const context& ctx, effects& fx) {
    upload* u = find_upload(m, a.key);
    if (!u || u->state != upload_state::uploading) {
        pump_uploads(m, fx);
        return;
    }
    if (a.status == 200 || a.status == 201) {
        std::string why;
        auto body = parse_bounded(a.body, json_bounds{1u << 16, 8}, why);
        const std::string id = body && body->is_object() ? text_member(*body, "id") : std::string();
        if (id.size() == 64) {
            m.upload_retry_attempt = 0;
            u->state = upload_state::done;
            u->sent = u->size;
            u->reason.reset();
            u->file = file_ref(*u, *body);
            drop_bytes(m, u->key);
            const upload done = *u;
            if (done.field == "recording") {
                op o;
                o.kind = "call.set";
                o.client_id = done.client_id;
                o.record_id = done.record_id;
                o.payload = json{{"recording", done.file}};
                o.at = ctx.now_ms;
                std::optional<error> refused;
                commit(m, std::move(o), files_source(done.client_id, done.record_id), "", fx, &refused);
                if (refused) {  // the call went away meanwhile: say so, keep nothing to retry
                    upload* still = find_upload(m, done.key);
                    still->state = upload_state::failed;
                    still->final = true;
                    still->reason = *refused;
                } else {
                    erase_upload(m, done.key);
                }
            } else if (!done.comment.empty()) {
                try_post(m, done.comment, ctx, fx);
            }
            changed(m, fx);
            pump_uploads(m, fx);
            return;
        }
        // A 2xx without an id is a broken answer: try again later.
    }
    u->state = upload_state::failed;
    u->sent = 0;
    u->reason = answer_error(a);
    if (a.status == 200 || a.status == 201) u->reason = error{"err.bad_server_data", "", ""};
    if (a.status == 413) u->reason = error{"err.file_too_large", "", std::to_string(max_upload_bytes >> 20) + " MB"};
    u->final = refused_for_good(a.status);
    if (a.status == 401) {
        // The token is not valid: the card asks for one (as a sync request would), and the
        // upload waits for it, queued.
        u->state = upload_state::queued;
        m.signed_in = false;
        m.sync_message = "err.unauthorized";
        changed(m, fx);
        return;
    }
    if (a.status == 403) {
        changed(m, fx);  // the user's rights: no automatic retry, "Retry" when they changed
        return;
    }
    if (!u->final) schedule_upload_retry(m, ctx, fx);
    changed(m, fx);
    pump_uploads(m, fx);
}

// The backoff ran out, or the card came back online: what failed for a passing reason goes again.
void requeue_uploads(model& m, effects& fx) {
    bool any = false;
    for (auto& u : m.uploads.uploads)
        if (u.state == upload_state::failed && !u.final) {
            u.state = upload_state::queued;
            any = true;
        }
    if (any) m.uploads_dirty = true;
    pump_uploads(m, fx);
}

// [SECTION] retry, remove, post a comment -----------------------------------------------------

void on_upload_retried(model& m, const upload_retried& a, effects& fx) {
    upload* u = find_upload(m, a.key);
    if (!u || u->state != upload_state::failed) return;
    u->state = upload_state::queued;
    u->final = false;  // the user insists: the server says again if it still refuses
    u->reason.reset();
    m.upload_retry_attempt = 0;
    changed(m, fx);
    pump_uploads(m, fx);
}

void on_upload_removed(model& m, const upload_removed& a, const context& ctx, effects& fx) {
    upload* u = find_upload(m, a.key);
    if (!u || u->state == upload_state::uploading) return;
    const std::string post = u->comment;
    erase_upload(m, a.key);
    if (!post.empty()) try_post(m, post, ctx, fx);  // the comment may be waiting only for it
    changed(m, fx);
    pump_uploads(m, fx);
}

void on_comment_posted(model& m, const comment_posted& a, const context& ctx, effects& fx) {
    std::vector<upload*> box;
    for (auto& u : m.uploads.uploads)
        if (u.client_id == a.client_id && u.field == "files" && u.comment.empty()) box.push_back(&u);
    if (box.empty()) {
        request_edit(m, edit_requested{a.client_id, "comment.create", json{{"text", a.text}}, a.source, ""}, ctx, fx);
        return;
    }
    // Checked now, as the op will be: a comment the user cannot send does not take its files.
    if (auto e = check_value(*find_kind("comment")->field("text"), json(a.text))) {
        m.refused = refusal{a.source, *e};
        return;
    }
    comment_post p{"p" + std::to_string(m.uploads.next++), a.client_id, a.text, a.source};
    for (upload* u : box) u->comment = p.key;
    m.uploads.posts.push_back(p);
    if (m.refused && m.refused->source == a.source) m.refused.reset();
    try_post(m, p.key, ctx, fx);  // all done already: posted now
    changed(m, fx);
}

// [SECTION] the player and opening a file -----------------------------------------------------

void on_playback_requested(model& m, const playback_requested& a, effects& fx) {
    player_state& p = m.player;
    if (p.file_id == a.file_id && !p.failed && !p.loading && p.duration_s > 0) {
        p.playing = true;
        fx.push_back(media_control{media_control::what::play, "", a.file_id, 0});
        return;
    }
    if (!p.file_id.empty() && p.file_id != a.file_id)
        fx.push_back(media_control{media_control::what::stop, "", p.file_id, 0});
    const double rate = p.rate;
    p = player_state{};
    p.record_id = a.record_id;
    p.file_id = a.file_id;
    p.rate = rate;
    if (!may_ask(m) || !m.online) {
        p.failed = error{"err.server_down", "", ""};
        return;
    }
    p.loading = true;
    http_request r{request_id::play_ticket, "POST", api(m, "files/" + a.file_id + "/ticket"), ""};
    r.key = a.file_id;
    fx.push_back(std::move(r));
}

void on_play_ticket(model& m, const fetch_done& a, effects& fx) {
    player_state& p = m.player;
    if (a.key != p.file_id || !p.loading) return;
    if (auto url = ticket_url(m, a)) {
        p.playing = true;
        fx.push_back(media_control{media_control::what::load, *url, p.file_id, p.rate});
        return;
    }
    p.loading = false;
    p.failed = a.status == 200 ? error{"err.bad_server_data", "", ""} : answer_error(a);
}

void on_paused(model& m, effects& fx) {
    if (m.player.file_id.empty()) return;
    m.player.playing = false;
    fx.push_back(media_control{media_control::what::pause, "", m.player.file_id, 0});
}

void on_seeked(model& m, const playback_seeked& a, effects& fx) {
    player_state& p = m.player;
    if (p.file_id.empty()) return;
    p.position_s = std::max(0.0, p.duration_s > 0 ? std::min(a.seconds, p.duration_s) : a.seconds);
    fx.push_back(media_control{media_control::what::seek, "", p.file_id, p.position_s});
}

void on_rate(model& m, const playback_rate_changed& a, effects& fx) {
    static const double rates[] = {1.0, 1.25, 1.5, 2.0};
    if (std::find(std::begin(rates), std::end(rates), a.rate) == std::end(rates)) return;
    m.player.rate = a.rate;
    if (!m.player.file_id.empty())
        fx.push_back(media_control{media_control::what::rate, "", m.player.file_id, a.rate});
}

void on_media(model& m, const media_reported& a) {
    player_state& p = m.player;
    if (a.file_id != p.file_id) return;
    if (!a.error.empty()) {
        p.loading = false;
        p.playing = false;
        p.failed = error{"err.playback_failed", "", a.error};
        return;
    }
    if (std::isfinite(a.position_s) && a.position_s >= 0) p.position_s = a.position_s;
    if (std::isfinite(a.duration_s) && a.duration_s > 0) p.duration_s = a.duration_s;
    p.playing = a.playing && !a.ended;
    if (a.playing || a.duration_s > 0) p.loading = false;
    if (a.ended) p.position_s = p.duration_s;
}

void on_open_requested(model& m, const file_open_requested& a, effects& fx) {
    if (!may_ask(m) || !m.online) {
        m.refused = refusal{"file/" + a.file_id, error{"err.server_down", "", ""}};
        return;
    }
    http_request r{request_id::open_ticket, "POST", api(m, "files/" + a.file_id + "/ticket"), ""};
    r.key = a.file_id;
    fx.push_back(std::move(r));
}

void on_open_ticket(model& m, const fetch_done& a, effects& fx) {
    if (auto url = ticket_url(m, a)) {
        fx.push_back(download_file{*url});
        return;
    }
    m.refused = refusal{"file/" + a.key, a.status == 200 ? error{"err.bad_server_data", "", ""} : answer_error(a)};
}

}  // namespace cc::app_detail

// [SECTION] queries ---------------------------------------------------------------------------

namespace cc {

std::vector<const upload*> uploads_of(const model& m, const std::string& client_id, const std::string& record_id,
                                      const std::string& field) {
    std::vector<const upload*> out;
    for (const auto& u : m.uploads.uploads)
        if (u.client_id == client_id && u.field == field && u.comment.empty() &&
            (field != "recording" || u.record_id == record_id))
            out.push_back(&u);
    return out;
}

std::vector<const upload*> uploads_of_post(const model& m, const std::string& post_key) {
    std::vector<const upload*> out;
    for (const auto& u : m.uploads.uploads)
        if (u.comment == post_key) out.push_back(&u);
    return out;
}

}  // namespace cc
