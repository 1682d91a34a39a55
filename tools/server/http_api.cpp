// http_api.cpp — see http_api.hpp.
//
// Index of this file
//   [SECTION] helpers: errors, query parameters
//   [SECTION] before routing: encodings, CORS, auth, schema check
//   [SECTION] the endpoints: push, pull, me, health
//   [SECTION] everything else under /api
//   [SECTION] installing
#include "http_api.hpp"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <optional>

#include "core/codec.hpp"

namespace cc::server {
namespace {

// [SECTION] helpers: errors, query parameters ------------------------------------------------------

bool is_api(const std::string& path) { return path.rfind("/api/", 0) == 0 || path == "/api"; }

bool needs_auth(const std::string& path) {
    return (path.rfind("/api/v1/", 0) == 0 || path == "/api/v1") && path != "/api/v1/health";
}

void send_json(httplib::Response& res, int status, std::string body) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    // Plain "application/json" (JSON is UTF-8 by definition): cpp-httplib compresses exactly
    // this type and not "application/json; charset=utf-8".
    res.set_content(std::move(body), "application/json");
}

// A query parameter that must be a non-negative integer. nullopt with `error` set when it is
// there but malformed; nullopt with `error` empty when it is absent.
std::optional<std::int64_t> integer_param(const httplib::Request& req, const char* name,
                                          std::string& error) {
    if (!req.has_param(name)) return std::nullopt;
    std::string v = req.get_param_value(name);
    bool digits = !v.empty() && v.size() <= 18;
    for (char c : v) digits = digits && c >= '0' && c <= '9';
    std::int64_t out = 0;
    if (digits) std::from_chars(v.data(), v.data() + v.size(), out);
    else error = std::string(name) + " must be a non-negative integer (below 10^18), got \"" +
                 v.substr(0, 40) + "\"";
    return digits ? std::optional<std::int64_t>(out) : std::nullopt;
}

// [SECTION] before routing: encodings, CORS, auth, schema check ---------------------------------------

// cpp-httplib prefers brotli whenever a browser offers it (every browser does) and Debian's build
// compresses at brotli's slowest quality: a 2.4 MB pull page took 4 s instead of 60 ms with gzip.
// So "br" is taken out of Accept-Encoding before the library looks at it. The request object is
// not const (the library passes its own local by const reference), so the edit is well defined.
void drop_brotli(const httplib::Request& req) {
    if (!req.has_header("Accept-Encoding")) return;
    std::string offered = req.get_header_value("Accept-Encoding");
    std::string kept;
    std::size_t start = 0;
    while (start <= offered.size()) {
        std::size_t comma = offered.find(',', start);
        if (comma == std::string::npos) comma = offered.size();
        std::string token = offered.substr(start, comma - start);
        start = comma + 1;
        std::size_t b = token.find_first_not_of(' ');
        if (b == std::string::npos) continue;
        token = token.substr(b);
        std::string name = token.substr(0, token.find(';'));
        while (!name.empty() && name.back() == ' ') name.pop_back();
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (name == "br") continue;
        kept += (kept.empty() ? "" : ", ") + token;
    }
    auto& headers = const_cast<httplib::Request&>(req).headers;
    headers.erase("Accept-Encoding");
    if (!kept.empty()) headers.emplace("Accept-Encoding", kept);
}

// Pages on other origins embed the card and call the API with a bearer token (not a cookie), so
// any origin may call it; credentials mode is not needed and not allowed.

void add_cors(httplib::Response& res) {
    res.set_header("Access-Control-Allow-Origin", "*");
    res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    res.set_header("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Schema-Version");
    res.set_header("Access-Control-Max-Age", "600");
}

// The caller, from "Authorization: Bearer <token>"; nullopt for no token or an unknown one.
std::optional<user> caller(const user_directory& users, const httplib::Request& req) {
    if (!req.has_header("Authorization")) return std::nullopt;
    std::string token = bearer_token(req.get_header_value("Authorization"));
    if (token.empty()) return std::nullopt;
    return users.find_by_token(token);
}

void unauthorized(const httplib::Request& req, httplib::Response& res) {
    // Tokens are never logged or echoed, not even a wrong one.
    res.set_header("WWW-Authenticate", "Bearer realm=\"clientcard\"");
    send_error(res, 401, "err.unauthorized",
               req.has_header("Authorization")
                   ? "the bearer token is not valid; sign in again"
                   : "this request needs an \"Authorization: Bearer <token>\" header");
}

httplib::Server::HandlerResponse before_routing(const user_directory& users, const httplib::Request& req,
                                                httplib::Response& res) {
    drop_brotli(req);
    if (!is_api(req.path)) return httplib::Server::HandlerResponse::Unhandled;
    add_cors(res);
    if (req.method == "OPTIONS") {  // preflight: the browser sends no token or schema here
        res.status = 204;
        return httplib::Server::HandlerResponse::Handled;
    }
    // Before anything else (and before a push body is read): without a valid token the answer
    // is 401 and nothing happens.
    if (needs_auth(req.path) && !caller(users, req)) {
        unauthorized(req, res);
        return httplib::Server::HandlerResponse::Handled;
    }
    if (req.has_header("X-Schema-Version")) {
        std::string v = req.get_header_value("X-Schema-Version");
        if (v != std::to_string(schema_version)) {
            send_error(res, 400, "err.schema_unsupported",
                       "this server speaks schema version " + std::to_string(schema_version) +
                       ", the request asked for \"" + v.substr(0, 40) + "\"");
            return httplib::Server::HandlerResponse::Handled;
        }
    }
    return httplib::Server::HandlerResponse::Unhandled;
}

// [SECTION] the endpoints: push, pull, me, health ----------------------------------------------------

void send_reply(httplib::Response& res, const reply& r) {
    // Messages may quote what the client sent; never fail on bytes that are not UTF-8.
    send_json(res, r.status, r.body.dump(-1, ' ', false, json::error_handler_t::replace));
}

// Runs `handler` with the authenticated caller (before_routing has already refused the rest).
template <class F>
void as_user(const user_directory& users, const httplib::Request& req, httplib::Response& res, F&& handler) {
    if (auto who = caller(users, req)) handler(*who);
    else unauthorized(req, res);
}

void handle_pull(sync_service& sync, const user& who, const httplib::Request& req, httplib::Response& res) {
    std::string error;
    pull_request p;
    p.since = integer_param(req, "since", error).value_or(0);
    if (error.empty()) p.limit = integer_param(req, "limit", error).value_or(sync.limits().default_pull_limit);
    // Seconds; capped here already so the conversion to milliseconds cannot overflow.
    if (error.empty()) p.wait = std::chrono::seconds(std::min<std::int64_t>(integer_param(req, "wait", error).value_or(0), 3600));
    if (!error.empty()) return send_error(res, 400, "err.bad_request", error);
    if (req.has_param("device")) {
        p.device = req.get_param_value("device");
        if (!valid_device(p.device))
            return send_error(res, 400, "err.bad_request",
                              "device must be 1 to 128 letters, digits or - _ . : characters");
    }
    text_reply r = sync.pull_as(who, p);  // another user's device: 403
    send_json(res, r.status, std::move(r.body));
}

// [SECTION] everything else under /api -----------------------------------------------------------------

void not_found(const httplib::Request& req, httplib::Response& res) {
    send_error(res, 404, "err.not_found", "no such API endpoint: " + req.method + " " + req.path);
}

void wrong_method(const httplib::Request& req, httplib::Response& res, const char* allowed) {
    res.set_header("Allow", allowed);
    send_error(res, 405, "err.method_not_allowed",
               req.method + " is not allowed on " + req.path + " (allowed: " + allowed + ")");
}

}  // namespace

void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message) {
    json body = {{"error", {{"code", code}, {"message", message}}}};
    // Messages may quote what the client sent; never fail on bytes that are not UTF-8.
    send_json(res, status, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

// [SECTION] installing ------------------------------------------------------------------------------------

void install_api(httplib::Server& http, sync_service& sync, const user_directory& users) {
    http.set_pre_routing_handler([&users](const httplib::Request& req, httplib::Response& res) {
        return before_routing(users, req, res);
    });
    // Bodies above the push limit are refused by the library before they are stored (413,
    // answered by the error handler below); push_text checks again after decompression.
    http.set_payload_max_length(sync.limits().max_body_bytes);

    http.Post("/api/v1/push", [&](const httplib::Request& req, httplib::Response& res) {
        as_user(users, req, res, [&](const user& who) { send_reply(res, sync.push_text(who, req.body)); });
    });
    http.Get("/api/v1/pull", [&](const httplib::Request& req, httplib::Response& res) {
        as_user(users, req, res, [&](const user& who) { handle_pull(sync, who, req, res); });
    });
    http.Get("/api/v1/me", [&](const httplib::Request& req, httplib::Response& res) {
        as_user(users, req, res, [&](const user& who) { send_reply(res, sync.me(who)); });
    });
    http.Get("/api/v1/health", [&sync](const httplib::Request&, httplib::Response& res) {
        send_reply(res, sync.health());
    });

    // Known paths with another method, then anything else under /api. New endpoints go above
    // these lines.
    auto get_only = [](const httplib::Request& req, httplib::Response& res) { wrong_method(req, res, "GET, OPTIONS"); };
    auto post_only = [](const httplib::Request& req, httplib::Response& res) { wrong_method(req, res, "POST, OPTIONS"); };
    const char* get_paths = "/api/v1/(pull|health|me)";
    http.Post(get_paths, get_only);
    http.Put(get_paths, get_only);
    http.Patch(get_paths, get_only);
    http.Delete(get_paths, get_only);
    http.Get("/api/v1/push", post_only);
    http.Put("/api/v1/push", post_only);
    http.Patch("/api/v1/push", post_only);
    http.Delete("/api/v1/push", post_only);
    http.Get("/api(/.*)?", not_found);
    http.Post("/api(/.*)?", not_found);
    http.Put("/api(/.*)?", not_found);
    http.Patch("/api(/.*)?", not_found);
    http.Delete("/api(/.*)?", not_found);

    // Failures inside a handler: a JSON error for API calls, plain text for the rest.
    http.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown error";
        try { std::rethrow_exception(ep); }
        catch (const std::exception& e) { what = e.what(); }
        catch (...) {}
        // The cause goes to stderr under a reference; the answer names only the reference.
        reply r = internal_error(req.method + " " + req.path, what);
        if (is_api(req.path)) {
            add_cors(res);
            send_reply(res, r);
        } else {
            res.status = 500;
            res.set_content("Internal server error (" + r.body["error"]["message"].get<std::string>() + ")\n",
                            "text/plain; charset=utf-8");
        }
    });
    // Responses that reach the client with an error status and no body (unsupported methods,
    // requests cpp-httplib refused before routing) still get the documented shape.
    const std::size_t max_body = sync.limits().max_body_bytes;
    http.set_error_handler(httplib::Server::HandlerWithResponse([max_body](const httplib::Request& req,
                                                                           httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        if (is_api(req.path) && res.status == 413) {
            add_cors(res);
            send_error(res, 413, "err.too_large",
                       "the request body is larger than " + std::to_string(max_body) +
                       " bytes; send fewer ops per batch");
        } else if (is_api(req.path)) {
            add_cors(res);
            send_error(res, res.status, res.status == 404 ? "err.not_found" : "err.bad_request",
                       "the server could not handle " + req.method + " " + req.path + " (HTTP " +
                       std::to_string(res.status) + ")");
        } else {
            std::string status = std::to_string(res.status);
            res.set_content(res.status == 404 ? "Not found: " + req.path + "\n" : "HTTP " + status + "\n",
                            "text/plain; charset=utf-8");
        }
        return httplib::Server::HandlerResponse::Handled;
    }));
}

}  // namespace cc::server
