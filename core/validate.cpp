// validate.cpp — the checks behind every refusal the user sees. Error codes are keys of the ui
// string table; `detail` carries the limit or the offending value.
#include "validate.hpp"

#include <array>
#include <cctype>
#include <string>

#include "phone.hpp"
#include "text.hpp"

namespace cc {
namespace {


std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Fields whose text may span several lines.
bool multiline(std::string_view field) {
    return field == "note" || field == "addresses" || field == "custom_value";
}

bool valid_domain(std::string_view d) {
    if (d.empty() || d.size() > 253) return false;
    std::size_t labels = 0, start = 0;
    std::string_view last;
    while (start <= d.size()) {
        std::size_t dot = d.find('.', start);
        std::string_view label = d.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
        for (unsigned char c : label)
            if (!(std::isalnum(c) || c == '-' || c >= 0x80)) return false;
        ++labels;
        last = label;
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    if (labels < 2 || last.size() < 2) return false;
    bool all_digits = true;
    for (unsigned char c : last) all_digits = all_digits && std::isdigit(c);
    return !all_digits;
}

}  // namespace

std::size_t max_length(std::string_view field) {
    if (field == "name") return 200;
    if (field == "note" || field == "custom_value") return 1000;
    if (field == "tags" || field == "tag" || field == "custom_key") return 64;
    if (field == "avatar_url" || field == "sites" || field == "socials" || field == "url") return 2048;
    if (field == "emails") return 254;
    if (field == "addresses") return 500;
    return 200;
}

std::optional<error> check_text(std::string_view field, std::string_view value) {
    if (!utf8_valid(value)) return make_error("err.text_invalid", field);
    for (unsigned char c : value) {
        bool allowed_break = multiline(field) && (c == '\n' || c == '\t');
        if ((c < 0x20 && !allowed_break) || c == 0x7F) return make_error("err.text_invalid", field);
    }
    const std::size_t limit = max_length(field);
    if (utf8_length(value) > limit) return make_error("err.too_long", field, std::to_string(limit));
    return std::nullopt;
}

std::optional<error> check_name(std::string_view value) {
    if (trim(value).empty()) return make_error("err.name_empty", "name");
    return check_text("name", value);
}

std::optional<error> check_email(std::string_view value) {
    if (auto e = check_text("emails", value)) return e;
    const std::string v = trim(value);
    const auto at = v.find('@');
    if (v.empty() || at == std::string::npos || v.find('@', at + 1) != std::string::npos)
        return make_error("err.email_invalid", "emails", v);
    const std::string_view local = std::string_view(v).substr(0, at);
    const std::string_view domain = std::string_view(v).substr(at + 1);
    if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.' ||
        local.find("..") != std::string_view::npos)
        return make_error("err.email_invalid", "emails", v);
    for (unsigned char c : local)
        if (c <= ' ' || std::string_view("(),:;<>[\\]\"").find(static_cast<char>(c)) != std::string_view::npos)
            return make_error("err.email_invalid", "emails", v);
    if (!valid_domain(domain)) return make_error("err.email_invalid", "emails", v);
    return std::nullopt;
}

std::optional<error> check_phone(std::string_view raw) {
    if (auto e = check_text("phones", raw)) return e;
    if (!normalize_phone(raw)) return make_error("err.phone_invalid", "phones", std::string(raw));
    return std::nullopt;
}

std::optional<error> check_url(std::string_view field, std::string_view value) {
    if (auto e = check_text(field, value)) return e;
    const std::string v = lower_ascii(trim(value));
    std::size_t host_at = 0;
    if (v.rfind("https://", 0) == 0) host_at = 8;
    else if (v.rfind("http://", 0) == 0) host_at = 7;
    else return make_error("err.url_invalid", field, std::string(value));
    const std::size_t host_end = v.find_first_of("/?#", host_at);
    const std::string host = v.substr(host_at, host_end == std::string::npos ? std::string::npos : host_end - host_at);
    if (host.empty() || v.find_first_of(" \t\n") != std::string::npos)
        return make_error("err.url_invalid", field, std::string(value));
    return std::nullopt;
}

std::optional<error> check_time_zone(std::string_view value) {
    if (value.empty() || value == "UTC") return std::nullopt;
    static constexpr std::array<std::string_view, 11> areas = {
        "Africa/", "America/", "Antarctica/", "Arctic/", "Asia/", "Atlantic/",
        "Australia/", "Europe/", "Indian/", "Pacific/", "Etc/"};
    bool area_ok = false;
    for (auto a : areas)
        if (value.size() > a.size() && value.substr(0, a.size()) == a) area_ok = true;
    if (!area_ok || value.size() > 64) return make_error("err.time_zone_invalid", "time_zone", std::string(value));
    for (unsigned char c : value)
        if (!(std::isalnum(c) || c == '/' || c == '_' || c == '-' || c == '+'))
            return make_error("err.time_zone_invalid", "time_zone", std::string(value));
    return std::nullopt;
}

std::optional<error> check_language(std::string_view value) {
    if (value.empty()) return std::nullopt;
    bool ok = value.size() == 2 || value.size() == 3;
    for (unsigned char c : value) ok = ok && c >= 'a' && c <= 'z';
    if (!ok) return make_error("err.language_invalid", "language", std::string(value));
    return std::nullopt;
}

std::optional<error> check_tag(std::string_view value) {
    if (trim(value).empty()) return make_error("err.tag_invalid", "tags");
    return check_text("tags", value);
}

std::optional<error> check_at(std::int64_t at) {
    if (at < min_op_at || at > max_op_at) return make_error("err.bad_value", "at", std::to_string(at));
    return std::nullopt;
}

bool link_allowed(std::string_view url) {
    const std::string v = lower_ascii(trim(url));
    if (v.rfind("mailto:", 0) == 0) return v.size() > 7 && v.find_first_of(" \t\n") == std::string::npos;
    if (v.rfind("tel:", 0) == 0) return v.size() > 4 && v.find_first_of(" \t\n") == std::string::npos;
    return !check_url("url", url).has_value();
}

}  // namespace cc
