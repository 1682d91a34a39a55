// http_api.cpp — see http_api.hpp.
//
// Index of this file
//   [SECTION] helpers: errors, query parameters
//   [SECTION] before routing: encodings, CORS, schema check
//   [SECTION] GET /api/v1/pull
//   [SECTION] GET /api/v1/health
//   [SECTION] everything else under /api
#include "http_api.hpp"

#include <httplib.h>

#include <cctype>
#include <charconv>
#include <optional>

#include "core/codec.hpp"

namespace cc::server {
namespace {

// [SECTION] helpers: errors, query parameters ------------------------------------------------------

bool is_api(const std::string& path) { return path.rfind("/api/", 0) == 0 || path == "/api"; }

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

// Device ids come from the client ("<uuid>"); keep them to a safe, short alphabet.
bool valid_device(const std::string& d) {
    if (d.empty() || d.size() > 128) return false;
    for (char c : d) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == '.' || c == ':';
        if (!ok) return false;
    }
    return true;
}

// [SECTION] before routing: encodings, CORS, schema check ---------------------------------------------

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

httplib::Server::HandlerResponse before_routing(const httplib::Request& req, httplib::Response& res) {
    drop_brotli(req);
    if (!is_api(req.path)) return httplib::Server::HandlerResponse::Unhandled;
    add_cors(res);
    if (req.method == "OPTIONS") {  // preflight: the browser sends no X-Schema-Version here
        res.status = 204;
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

// [SECTION] GET /api/v1/pull ------------------------------------------------------------------------

// The page is spliced from the stored JSON texts: they are already in the wire format.
std::string pull_body(const pull_page& page, std::int64_t since) {
    std::size_t size = 160;
    for (const auto& c : page.changes) {
        size += c.client_json.size() + 64;
        for (const auto& h : c.history_json) size += h.size() + 1;
    }
    std::string body;
    body.reserve(size);
    body += "{\"schema\":";
    body += std::to_string(schema_version);
    body += ",\"changes\":[";
    for (std::size_t i = 0; i < page.changes.size(); ++i) {
        const change_record& c = page.changes[i];
        if (i) body += ',';
        body += "{\"version\":";
        body += std::to_string(c.version);
        body += ",\"client\":";
        body += c.client_json;
        body += ",\"history\":[";
        for (std::size_t k = 0; k < c.history_json.size(); ++k) {
            if (k) body += ',';
            body += c.history_json[k];
        }
        body += "]}";
    }
    std::int64_t cursor = page.changes.empty() ? since : page.changes.back().version;
    bool has_more = page.total > static_cast<std::int64_t>(page.changes.size());
    body += "],\"cursor\":" + std::to_string(cursor);
    body += ",\"has_more\":";
    body += has_more ? "true" : "false";
    body += ",\"total\":" + std::to_string(page.total);
    body += ",\"server_version\":" + std::to_string(page.server_version);
    body += ",\"device_seq\":" + std::to_string(page.device_seq);
    body += "}";
    return body;
}

void handle_pull(server_store& store, const httplib::Request& req, httplib::Response& res) {
    std::string error;
    std::int64_t since = integer_param(req, "since", error).value_or(0);
    if (!error.empty()) return send_error(res, 400, "err.bad_request", error);
    std::int64_t limit = integer_param(req, "limit", error).value_or(default_pull_limit);
    if (!error.empty()) return send_error(res, 400, "err.bad_request", error);
    if (limit > max_pull_limit) limit = max_pull_limit;
    std::string device;
    if (req.has_param("device")) {
        device = req.get_param_value("device");
        if (!valid_device(device))
            return send_error(res, 400, "err.bad_request",
                              "device must be 1 to 128 letters, digits or - _ . : characters");
    }
    send_json(res, 200, pull_body(store.pull(since, limit, device), since));
}

// [SECTION] GET /api/v1/health ------------------------------------------------------------------------

void handle_health(server_store& store, httplib::Response& res) {
    json body = {{"ok", true}, {"server_version", store.server_version()}};
    send_json(res, 200, body.dump());
}

// [SECTION] everything else under /api ------------------------------------------------------------------

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

void install_api(httplib::Server& http, server_store& store) {
    http.set_pre_routing_handler(before_routing);

    http.Get("/api/v1/pull", [&store](const httplib::Request& req, httplib::Response& res) {
        handle_pull(store, req, res);
    });
    http.Get("/api/v1/health", [&store](const httplib::Request&, httplib::Response& res) {
        handle_health(store, res);
    });

    // Known paths with another method, then anything else under /api. New endpoints (POST
    // /api/v1/push) go above these lines.
    auto get_only = [](const httplib::Request& req, httplib::Response& res) { wrong_method(req, res, "GET, OPTIONS"); };
    http.Post("/api/v1/(pull|health)", get_only);
    http.Put("/api/v1/(pull|health)", get_only);
    http.Patch("/api/v1/(pull|health)", get_only);
    http.Delete("/api/v1/(pull|health)", get_only);
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
        if (is_api(req.path)) {
            add_cors(res);
            send_error(res, 500, "err.internal", "the server failed: " + what);
        } else {
            res.status = 500;
            res.set_content("Internal server error: " + what + "\n", "text/plain; charset=utf-8");
        }
    });
    // Responses that reach the client with an error status and no body (unsupported methods,
    // requests cpp-httplib refused before routing) still get the documented shape.
    http.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req,
                                                                   httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        if (is_api(req.path)) {
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
