// http_message.cpp — see http_message.hpp.
#include "http_message.hpp"

#include <algorithm>
#include <cctype>

#include "gzip.hpp"

namespace cc::server {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

const std::string* find_header(const std::vector<http_header>& headers, std::string_view name) {
    for (const auto& h : headers)
        if (iequals(h.name, name)) return &h.value;
    return nullptr;
}

std::string http_request::header_value(std::string_view name) const {
    const std::string* v = header(name);
    return v ? *v : std::string();
}

const std::string* http_request::param(std::string_view name) const {
    for (const auto& [k, v] : query)
        if (k == name) return &v;
    return nullptr;
}

void http_response::set_header(std::string name, std::string value) {
    for (auto& h : headers)
        if (iequals(h.name, name)) {
            h.value = std::move(value);
            return;
        }
    headers.push_back({std::move(name), std::move(value)});
}

void http_response::set_content(std::string content, std::string type) {
    body = std::move(content);
    set_header("Content-Type", std::move(type));
}

std::string percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%' && i + 2 < text.size()) {
            int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += (plus_is_space && c == '+') ? ' ' : c;
    }
    return out;
}

void parse_target(const std::string& target, std::string& path,
                  std::vector<std::pair<std::string, std::string>>& query) {
    std::size_t q = target.find('?');
    path = percent_decode(std::string_view(target).substr(0, q), false);
    query.clear();
    if (q == std::string::npos) return;
    std::string_view rest = std::string_view(target).substr(q + 1);
    while (!rest.empty()) {
        std::size_t amp = rest.find('&');
        std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        if (pair.empty()) continue;
        std::size_t eq = pair.find('=');
        std::string key = percent_decode(pair.substr(0, eq), true);
        std::string value = eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1), true);
        query.emplace_back(std::move(key), std::move(value));
    }
}

bool accepts_gzip(const http_request& request) {
    const std::string* offered = request.header("Accept-Encoding");
    if (!offered) return false;
    std::string_view rest = *offered;
    while (!rest.empty()) {
        std::size_t comma = rest.find(',');
        std::string_view token = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        std::string t;
        for (char c : token)
            if (c != ' ' && c != '\t') t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string name = t.substr(0, t.find(';'));
        if (name != "gzip" && name != "x-gzip") continue;
        std::size_t q = t.find(";q=");
        if (q == std::string::npos) return true;
        std::string weight = t.substr(q + 3);
        // q=0, q=0.0, q=0.00, q=0.000 refuse it; anything else accepts it.
        bool zero = !weight.empty() && weight[0] == '0' &&
                    weight.find_first_not_of("0.", 0) == std::string::npos;
        return !zero;
    }
    return false;
}

bool compressible_type(std::string_view type) {
    std::string_view base = type.substr(0, type.find(';'));
    while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
    if (base.rfind("text/", 0) == 0) return base != "text/event-stream";
    return base == "application/json" || base == "application/javascript" || base == "application/xml" ||
           base == "image/svg+xml" || base == "application/xhtml+xml";
}

void compress_for(bool gzip_ok, http_response& response) {
    if (!gzip_ok || response.body.empty() || response.header("Content-Encoding")) return;
    const std::string* type = response.header("Content-Type");
    if (!type || !compressible_type(*type)) return;
    response.body = gzip_compress_fast(response.body);
    response.set_header("Content-Encoding", "gzip");
    const std::string* vary = response.header("Vary");
    if (!vary) response.set_header("Vary", "Accept-Encoding");
    else if (vary->find("Accept-Encoding") == std::string::npos) response.set_header("Vary", *vary + ", Accept-Encoding");
}

// [responder] ------------------------------------------------------------------------------------

responder::responder(std::shared_ptr<target> to, std::uint64_t generation, bool gzip_ok)
    : to_(std::move(to)), generation_(generation), gzip_ok_(gzip_ok) {}

void responder::operator()(http_response response) const {
    if (!to_) return;
    compress_for(gzip_ok_, response);
    to_->answer(generation_, std::move(response));
}

void responder::hold(std::chrono::milliseconds wait, std::function<void()> expired,
                     std::function<void()> gone) const {
    if (to_) to_->hold(generation_, wait, std::move(expired), std::move(gone));
}

// [router] ---------------------------------------------------------------------------------------

void router::add(std::string method, std::string path, handler h) {
    routes_.push_back({std::move(method), std::move(path), std::move(h)});
}

bool router::path_matches(const std::string& pattern, const std::string& path) {
    if (!pattern.empty() && pattern.back() == '*')
        return path.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0;
    return pattern == path;
}

router::match router::find(const std::string& method, const std::string& path) const {
    const std::string m = method == "HEAD" ? std::string("GET") : method;
    match out;
    std::vector<std::string> methods;
    for (const route& r : routes_) {
        if (!path_matches(r.path, path)) continue;
        if (r.method == m) {
            out.found = &r.h;
            return out;
        }
        if (std::find(methods.begin(), methods.end(), r.method) == methods.end()) methods.push_back(r.method);
    }
    for (const std::string& k : methods) out.allow += k + ", ";
    if (!out.allow.empty()) out.allow += "OPTIONS";
    return out;
}

}  // namespace cc::server
