// http_api.cpp — see http_api.hpp.
//
// Index of this file
//   [SECTION] helpers: answers, errors, query parameters
//   [SECTION] before the body: CORS preflight, auth, schema check, 404/405
//   [SECTION] the endpoints: push, pull, me, health (history and telephony: in the routes)
//   [SECTION] the held-pull bound
//   [SECTION] the snapshot: its bound, the streamed answer
//   [SECTION] the app: routes, static files, refusals
#include "http_api.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <utility>

#include "blob_api.hpp"
#include "core/codec.hpp"

namespace cc::server {
namespace {

// [SECTION] helpers: answers, errors, query parameters ----------------------------------------------

bool is_api(const std::string& path) { return path.rfind("/api/", 0) == 0 || path == "/api"; }

bool needs_auth(const std::string& path) {
    return (path.rfind("/api/v1/", 0) == 0 || path == "/api/v1") && path != "/api/v1/health";
}

http_response json_answer(int status, std::string body, int retry_after_s) {
    http_response res;
    res.status = status;
    add_cors(res);
    res.set_header("Cache-Control", "no-store");
    if (retry_after_s > 0) res.set_header("Retry-After", std::to_string(retry_after_s));
    res.set_content(std::move(body), "application/json");
    return res;
}

http_response from_reply(const reply& r) {
    // Messages may quote what the client sent; never fail on bytes that are not UTF-8.
    return json_answer(r.status, r.body.dump(-1, ' ', false, json::error_handler_t::replace), r.retry_after_s);
}

http_response from_reply(text_reply r) { return json_answer(r.status, std::move(r.body), r.retry_after_s); }

// A query parameter that must be a non-negative integer. nullopt with `error` set when it is
// there but malformed; nullopt with `error` empty when it is absent.
std::optional<std::int64_t> integer_param(const http_request& req, const char* name, std::string& error) {
    const std::string* p = req.param(name);
    if (!p) return std::nullopt;
    const std::string& v = *p;
    bool digits = !v.empty() && v.size() <= 18;
    for (char c : v) digits = digits && c >= '0' && c <= '9';
    std::int64_t out = 0;
    if (digits) std::from_chars(v.data(), v.data() + v.size(), out);
    else error = std::string(name) + " must be a non-negative integer (below 10^18), got \"" +
                 v.substr(0, 40) + "\"";
    return digits ? std::optional<std::int64_t>(out) : std::nullopt;
}

// The caller, from "Authorization: Bearer <token>" exactly as sent; nullopt for no token or an
// unknown one.
std::optional<user> caller(const user_directory& users, const http_request& req) {
    const std::string* header = req.header("Authorization");
    if (!header) return std::nullopt;
    std::string token = bearer_token(*header);
    if (token.empty()) return std::nullopt;
    return users.find_by_token(token);
}

http_response unauthorized(const http_request& req) {
    // Tokens are never logged or echoed, not even a wrong one.
    http_response res = api_error(401, "err.unauthorized",
                                  req.has_header("Authorization")
                                      ? "the bearer token is not valid; sign in again"
                                  : req.has_param("ticket")
                                      ? "the file ticket is not valid for this file, or it has expired; ask for a new one"
                                      : "this request needs an \"Authorization: Bearer <token>\" header");
    res.set_header("WWW-Authenticate", "Bearer realm=\"clientcard\"");
    return res;
}

http_response busy(const std::string& what, int retry_after_s) {
    return api_error(503, "err.busy", what + "; try again in " + std::to_string(retry_after_s) + " s", retry_after_s);
}

bool known_method(const std::string& m) {
    return m == "GET" || m == "HEAD" || m == "POST" || m == "PUT" || m == "PATCH" || m == "DELETE" || m == "OPTIONS";
}

}  // namespace

// Pages on other origins embed the card and call the API with a bearer token (not a cookie), so
// any origin may call it; credentials mode is not needed and not allowed. Files: an upload names
// itself in X-File-Name; a download may ask for a Range and revalidate; scripts may read the
// headers that say which part of a file came.
void add_cors(http_response& res) {
    res.set_header("Access-Control-Allow-Origin", "*");
    res.set_header("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS");
    res.set_header("Access-Control-Allow-Headers",
                   "Authorization, Content-Type, X-Schema-Version, X-File-Name, Range, If-None-Match, If-Range");
    res.set_header("Access-Control-Expose-Headers", "Content-Range, Accept-Ranges, Content-Length, ETag, Retry-After");
    res.set_header("Access-Control-Max-Age", "600");
}

http_response api_error(int status, const std::string& code, const std::string& message, int retry_after_s) {
    json body = {{"error", {{"code", code}, {"message", message}}}};
    return json_answer(status, body.dump(-1, ' ', false, json::error_handler_t::replace), retry_after_s);
}

// [SECTION] before the body: CORS preflight, auth, schema check, 404/405 ------------------------------------

std::optional<http_response> server_app::before_body(const http_request& req) {
    if (!is_api(req.path)) {
        if (req.method == "GET" || req.method == "HEAD") return std::nullopt;  // a file
        http_response res;
        res.status = known_method(req.method) ? 404 : 400;
        res.set_content(res.status == 404 ? "Not found: " + req.path + "\n" : "HTTP 400\n", "text/plain; charset=utf-8");
        return res;
    }
    if (req.method == "OPTIONS") {  // preflight: the browser sends no token or schema here
        http_response res;
        res.status = 204;
        add_cors(res);
        return res;
    }
    // Before anything else (and before a push body is read): without a valid token the answer
    // is 401 and nothing happens.
    if (needs_auth(req.path) && !caller(users_, req) && !(blobs_ && blobs_->ticket_allows(req)))
        return unauthorized(req);
    // An integration account only sends data: its calls and events, and the files (recordings)
    // they name. Everything else (the card's API, downloads, tickets) is 403 before any body.
    if (needs_auth(req.path) && req.path.rfind("/api/v1/integrations/", 0) != 0 &&
        !(req.method == "POST" && req.path == "/api/v1/files"))
        if (auto who = caller(users_, req); who && who->role == user_role::integration)
            return api_error(403, "err.forbidden",
                             who->name + " is an integration account: it may send data to /api/v1/integrations/... and "
                                         "upload files (POST /api/v1/files), not " + req.method + " " +
                                         req.path.substr(0, 80));
    if (const std::string* v = req.header("X-Schema-Version"); v && !v->empty() && *v != std::to_string(schema_version))
        return api_error(400, "err.schema_unsupported",
                         "this server speaks schema version " + std::to_string(schema_version) +
                             ", the request asked for \"" + v->substr(0, 40) + "\"");
    router::match m = api_.find(req.method, req.path);
    if (m.found) return blobs_ ? blobs_->before_body(req) : std::nullopt;
    if (!m.allow.empty() && known_method(req.method)) {
        http_response res = api_error(405, "err.method_not_allowed",
                                      req.method + " is not allowed on " + req.path + " (allowed: " + m.allow + ")");
        res.set_header("Allow", m.allow);
        return res;
    }
    if (known_method(req.method))
        return api_error(404, "err.not_found", "no such API endpoint: " + req.method + " " + req.path);
    return api_error(400, "err.bad_request", "the server could not handle " + req.method + " " + req.path + " (HTTP 400)");
}

// [SECTION] the endpoints: push, pull, me, health ----------------------------------------------------

void server_app::handle_pull(http_request req, responder done) {
    std::string error;
    pull_request p;
    p.since = integer_param(req, "since", error).value_or(0);
    if (error.empty()) p.limit = integer_param(req, "limit", error).value_or(sync_.limits().default_pull_limit);
    // Seconds; capped here already so the conversion to milliseconds cannot overflow.
    if (error.empty()) p.wait = std::chrono::seconds(std::min<std::int64_t>(integer_param(req, "wait", error).value_or(0), 3600));
    if (!error.empty()) return done(api_error(400, "err.bad_request", error));
    if (const std::string* device = req.param("device")) {
        p.device = *device;
        if (!valid_device(p.device))
            return done(api_error(400, "err.bad_request", "device must be 1 to 128 letters, digits or - _ . : characters"));
    }
    if (error.empty()) {
        if (auto h = integer_param(req, "history_since", error)) p.history_since = *h;
    }
    if (!error.empty()) return done(api_error(400, "err.bad_request", error));
    auto who = caller(users_, req);
    if (!who) return done(unauthorized(req));
    p.role = who->role;  // the page is filtered by the caller's policy
    const auto wait = sync_.effective_wait(p.wait);
    std::shared_ptr<void> slot;
    if (wait.count() > 0) {
        slot = take_pull_slot(who->name);
        if (!slot)
            return done(busy("too many long polls are held (at most " + std::to_string(limits_.held_pulls_per_user) +
                                 " per user, " + std::to_string(limits_.held_pulls_total) + " in all)",
                             limits_.held_pulls_retry_after_s));
    }
    sync_service& sync = sync_;
    bool queued = db_.try_submit([&sync, who = *who, p, wait, done, slot = std::move(slot)]() mutable {
        // Another user's device: 403 (its device_seq is not the caller's to read or pin).
        if (auto refused = sync.claim_pull_device(who, p.device)) return done(from_reply(std::move(*refused)));
        std::uint64_t ticket = sync.pull_async(p, [done, slot = std::move(slot)](text_reply r) mutable {
            slot.reset();  // free before the client can see the answer and poll again
            done(from_reply(std::move(r)));
        });
        // Parked in the change feed: no thread waits. The connection's timer answers it when
        // `wait` runs out; a client that goes away takes it out of the feed.
        if (ticket != 0)
            done.hold(wait, [&sync, ticket] { sync.pull_timeout(ticket); }, [&sync, ticket] { sync.pull_cancel(ticket); });
    });
    if (!queued) done(busy("the server is busy", limits_.queue_full_retry_after_s));
}

// [SECTION] the held-pull bound -------------------------------------------------------------------------

std::shared_ptr<void> server_app::take_pull_slot(const std::string& name) {
    std::lock_guard<std::mutex> lock(slots_mutex_);
    std::size_t& mine = held_by_user_[name];
    if (mine >= limits_.held_pulls_per_user || held_total_ >= limits_.held_pulls_total) {
        if (mine == 0) held_by_user_.erase(name);
        return nullptr;
    }
    ++mine;
    ++held_total_;
    return std::shared_ptr<void>(static_cast<void*>(this), [this, name](void*) {
        std::lock_guard<std::mutex> lock(slots_mutex_);
        auto it = held_by_user_.find(name);
        if (it != held_by_user_.end() && --it->second == 0) held_by_user_.erase(it);
        --held_total_;
    });
}

std::size_t server_app::held_pulls() const {
    std::lock_guard<std::mutex> lock(slots_mutex_);
    return held_total_;
}

// [SECTION] the snapshot: its bound, the streamed answer ----------------------------------------------

std::shared_ptr<void> server_app::take_snapshot_slot(const std::string& name) {
    std::lock_guard<std::mutex> lock(slots_mutex_);
    std::size_t& mine = snapshots_by_user_[name];
    if (mine >= limits_.snapshots_per_user || snapshots_total_ >= limits_.snapshots_total) {
        if (mine == 0) snapshots_by_user_.erase(name);
        return nullptr;
    }
    ++mine;
    ++snapshots_total_;
    return std::shared_ptr<void>(static_cast<void*>(this), [this, name](void*) {
        std::lock_guard<std::mutex> lock(slots_mutex_);
        auto it = snapshots_by_user_.find(name);
        if (it != snapshots_by_user_.end() && --it->second == 0) snapshots_by_user_.erase(it);
        --snapshots_total_;
    });
}

// GET /api/v1/snapshot?device=<id>: opened on the database pool (one read transaction), then
// sent chunked as it is read, gzipped when the client accepts it; each piece is made by a job on
// the same pool, so no worker waits for a slow client (docs/api.md).
void server_app::handle_snapshot(http_request req, responder done) {
    auto who = caller(users_, req);
    if (!who) return done(unauthorized(req));
    std::string device;
    if (const std::string* d = req.param("device")) device = *d;
    std::shared_ptr<void> slot = take_snapshot_slot(who->name);
    if (!slot)
        return done(busy("too many snapshots are streaming (at most " + std::to_string(limits_.snapshots_per_user) +
                             " per user, " + std::to_string(limits_.snapshots_total) + " in all)",
                         limits_.snapshots_retry_after_s));
    const bool gzip = accepts_gzip(req);
    sync_service& sync = sync_;
    worker_pool& db = db_;
    const snapshot_limits limits = limits_.snapshot;
    bool queued = db_.try_submit([&sync, &db, who = *who, device, gzip, done, slot, limits]() mutable {
        auto opened = sync.open_snapshot(who, device);
        if (opened.refused) return done(from_reply(std::move(*opened.refused)));
        http_response res;
        res.status = 200;
        add_cors(res);
        res.set_header("Cache-Control", "no-store");
        res.set_header("Content-Type", "application/x-ndjson");
        if (gzip) {
            res.set_header("Content-Encoding", "gzip");
            res.set_header("Vary", "Accept-Encoding");
        }
        auto body = std::make_unique<snapshot_body>(std::move(opened.reader));
        auto run = [&db](std::function<void()> job) { db.submit(std::move(job)); };
        res.source = std::make_shared<snapshot_source>(std::move(body), run, gzip, limits, std::move(slot));
        done(std::move(res));
    });
    if (!queued) done(busy("the server is busy", limits_.queue_full_retry_after_s));
}

// [SECTION] the app: routes, static files, refusals -------------------------------------------------------

server_app::server_app(sync_service& sync, const user_directory& users, static_files& files, worker_pool& db,
                       worker_pool& file_pool, api_limits limits, blob_api* blobs)
    : sync_(sync), users_(users), files_(files), db_(db), file_pool_(file_pool), limits_(limits), blobs_(blobs) {
    auto on_db = [this](auto work) {
        return [this, work](http_request req, responder done) {
            bool queued = db_.try_submit([work, req = std::move(req), done]() mutable {
                try {
                    done(work(req));
                } catch (const std::exception& e) {
                    done(api_error(500, "err.internal", internal_failure(req.method + " " + req.path, e.what())));
                }
            });
            if (!queued) done(busy("the server is busy", limits_.queue_full_retry_after_s));
        };
    };
    // New endpoints go here. A path known for other methods answers 405 with Allow; an unknown
    // one under /api answers 404 (before_body).
    api_.add("POST", "/api/v1/push", on_db([this](http_request& req) {
        auto who = caller(users_, req);
        if (!who) return unauthorized(req);
        return from_reply(sync_.push_text(*who, req.body));
    }));
    api_.add("GET", "/api/v1/pull", [this](http_request req, responder done) { handle_pull(std::move(req), done); });
    api_.add("GET", "/api/v1/snapshot", [this](http_request req, responder done) { handle_snapshot(std::move(req), done); });
    api_.add("GET", "/api/v1/me", [this](http_request req, responder done) {
        auto who = caller(users_, req);  // no database: answered on the I/O thread
        done(who ? from_reply(sync_.me(*who)) : unauthorized(req));
    });
    api_.add("GET", "/api/v1/health", on_db([this](http_request&) { return from_reply(sync_.health()); }));
    // A client's log, page by page: /api/v1/clients/{id}/history (the id as the path has it,
    // percent-decoded; it may contain ':' and '/').
    api_.add("GET", "/api/v1/clients/*", on_db([this](http_request& req) {
        auto who = caller(users_, req);
        if (!who) return unauthorized(req);
        static const std::string prefix = "/api/v1/clients/", suffix = "/history";
        const std::string& path = req.path;
        if (path.size() <= prefix.size() + suffix.size() ||
            path.compare(path.size() - suffix.size(), suffix.size(), suffix) != 0)
            return api_error(404, "err.not_found", "no such API endpoint: " + req.method + " " + path);
        history_request h;
        h.client_id = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
        std::string error;
        if (auto before = integer_param(req, "before", error)) h.before = *before;
        if (error.empty())
            if (auto limit = integer_param(req, "limit", error)) h.limit = *limit;
        if (!error.empty()) return api_error(400, "err.bad_request", error);
        return from_reply(sync_.history(*who, h));
    }));
    // Telephony (integration accounts): a call event with the integration's own call id.
    api_.add("POST", "/api/v1/integrations/calls", on_db([this](http_request& req) {
        auto who = caller(users_, req);
        if (!who) return unauthorized(req);
        return from_reply(sync_.ingest_call(*who, std::string_view(req.body)));
    }));
    // Everything else integrations report (orders, payments, balances, funnels, webinars, ...).
    api_.add("POST", "/api/v1/integrations/events", on_db([this](http_request& req) {
        auto who = caller(users_, req);
        if (!who) return unauthorized(req);
        return from_reply(sync_.ingest_events(*who, std::string_view(req.body)));
    }));
    if (blobs_) blobs_->add_routes(api_);  // /api/v1/files...
}

body_plan server_app::plan_body(const http_request& head) {
    return blobs_ && is_api(head.path) ? blobs_->plan_body(head) : body_plan{};
}

void server_app::handle(http_request req, responder done) {
    if (!is_api(req.path)) {
        bool queued = file_pool_.try_submit([this, req = std::move(req), done] {
            http_response res;
            try {
                files_.serve(req, res);
            } catch (const std::exception& e) {
                res = http_response{};
                res.status = 500;
                res.set_content("Internal server error: " + internal_failure(req.path, e.what()) + "\n", "text/plain; charset=utf-8");
            }
            done(std::move(res));
        });
        if (!queued) done(refusal(nullptr, 503, "err.busy", "the server is busy", limits_.queue_full_retry_after_s));
        return;
    }
    router::match m = api_.find(req.method, req.path);
    if (!m.found) return done(api_error(404, "err.not_found", "no such API endpoint: " + req.method + " " + req.path));
    const std::string where = req.method + " " + req.path;
    try {
        (*m.found)(std::move(req), done);
    } catch (const std::exception& e) {
        done(api_error(500, "err.internal", internal_failure(where, e.what())));
    }
}

http_response server_app::refusal(const http_request* head, int status, const std::string& code,
                                  const std::string& message, int retry_after_s) {
    if (!head || is_api(head->path)) return api_error(status, code, message, retry_after_s);
    http_response res;
    res.status = status;
    if (retry_after_s > 0) res.set_header("Retry-After", std::to_string(retry_after_s));
    res.set_content(message + "\n", "text/plain; charset=utf-8");
    return res;
}

}  // namespace cc::server
