// field.cpp — checking a value against its field definition, and how the log reads it.
#include "core/schema/field.hpp"

#include <algorithm>
#include <cctype>
#include <functional>

#include "core/money.hpp"
#include "core/phone.hpp"
#include "core/text.hpp"
#include "core/validate.hpp"

namespace cc {
namespace {

error bad(const field_def& f, std::string detail = {}) { return error{"err.bad_value", f.key, std::move(detail)}; }

std::optional<error> check_string(const field_def& f, const std::string& s, bool multiline) {
    if (!utf8_valid(s)) return error{"err.text_invalid", f.key, ""};
    for (unsigned char c : s) {
        const bool allowed_break = multiline && (c == '\n' || c == '\t' || c == '\r');
        if ((c < 0x20 && !allowed_break) || c == 0x7F) return error{"err.text_invalid", f.key, ""};
    }
    if (static_cast<std::int64_t>(utf8_length(s)) > f.max) return error{"err.too_long", f.key, std::to_string(f.max)};
    return std::nullopt;
}

bool is_date(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    const int year = std::stoi(s.substr(0, 4)), month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
    static constexpr int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1900 || month < 1 || month > 12 || day < 1 || day > days[month - 1]) return false;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return !(month == 2 && day == 29 && !leap);
}

bool is_sha256(const std::string& s) {
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

// A file reference: {"id": sha256, "name", "size", "type"}, exactly these keys.
std::optional<error> check_file(const field_def& f, const nlohmann::json& v) {
    if (!v.is_object() || v.size() != 4) return bad(f, "file");
    for (const char* k : {"id", "name", "type"})
        if (!v.contains(k) || !v[k].is_string()) return bad(f, k);
    if (!v.contains("size") || !v["size"].is_number_integer() || v["size"].get<std::int64_t>() < 0)
        return bad(f, "size");
    if (!is_sha256(v["id"].get<std::string>())) return bad(f, "id");
    const field_def name = field(f.key, field_type::text, 255);
    if (auto e = check_string(name, v["name"].get<std::string>(), false)) return e;
    if (v["type"].get<std::string>().size() > 100) return bad(f, "type");
    return std::nullopt;
}

// One line of an order: {"name", "quantity", "price"}, exactly these keys.
std::optional<error> check_line_item(const field_def& f, const nlohmann::json& v) {
    if (!v.is_object() || v.size() != 3) return bad(f, "item");
    if (!v.contains("name") || !v["name"].is_string()) return bad(f, "name");
    if (auto e = check_string(field(f.key, field_type::text, 200), v["name"].get<std::string>(), false)) return e;
    if (trim(v["name"].get<std::string>()).empty()) return error{"err.required", f.key, "name"};
    for (const char* k : {"quantity", "price"})
        if (!v.contains(k) || !v[k].is_number_integer()) return bad(f, k);
    const auto quantity = v["quantity"].get<std::int64_t>(), price = v["price"].get<std::int64_t>();
    if (quantity < 1 || quantity > 1000000) return error{"err.out_of_range", f.key, "1..1000000"};
    if (price < 0 || price > money_limit) return error{"err.out_of_range", f.key, "0.." + std::to_string(money_limit)};
    return std::nullopt;
}

std::string join(const nlohmann::json& list, const std::function<std::string(const nlohmann::json&)>& item) {
    std::string out;
    for (const auto& v : list) {
        if (!out.empty()) out += ", ";
        out += item(v);
    }
    return out;
}

}  // namespace

std::optional<error> check_value(const field_def& f, const nlohmann::json& v) {
    if (v.is_null()) {
        if (f.required) return error{"err.required", f.key, ""};
        return std::nullopt;  // clears the field
    }
    switch (f.type) {
        case field_type::text:
        case field_type::long_text:
            if (!v.is_string()) return bad(f);
            if (f.required && trim(v.get_ref<const std::string&>()).empty()) return error{"err.required", f.key, ""};
            return check_string(f, v.get_ref<const std::string&>(), f.type == field_type::long_text);
        case field_type::reference:
            if (!v.is_string() || v.get_ref<const std::string&>().size() > 128) return bad(f);
            return check_string(field(f.key, field_type::text, 128), v.get_ref<const std::string&>(), false);
        case field_type::url: {
            if (!v.is_string()) return bad(f);
            const auto& s = v.get_ref<const std::string&>();
            if (auto e = check_string(f, s, false)) return e;
            if (s.empty()) return std::nullopt;
            if (auto e = check_url("url", s)) return error{e->code, f.key, e->detail};
            return std::nullopt;
        }
        case field_type::time_zone: {
            if (!v.is_string()) return bad(f);
            if (auto e = check_time_zone(v.get_ref<const std::string&>())) return error{e->code, f.key, e->detail};
            return std::nullopt;
        }
        case field_type::phone: {
            if (!v.is_string()) return bad(f);
            const auto& s = v.get_ref<const std::string&>();
            if (s.empty()) return std::nullopt;
            if (auto e = check_string(field(f.key, field_type::text, 64), s, false)) return e;
            if (auto e = check_phone(s)) return error{e->code, f.key, e->detail};
            return std::nullopt;
        }
        case field_type::number:
        case field_type::money:
        case field_type::datetime: {
            if (!v.is_number_integer()) return bad(f);
            const auto n = v.get<std::int64_t>();
            if (f.type == field_type::datetime) {
                if (n < min_op_at || n > max_op_at) return bad(f, std::to_string(n));
            } else if (n < f.min || n > f.max) {
                return error{"err.out_of_range", f.key, std::to_string(f.min) + ".." + std::to_string(f.max)};
            }
            return std::nullopt;
        }
        case field_type::date:
            if (!v.is_string() || !is_date(v.get_ref<const std::string&>())) return bad(f);
            return std::nullopt;
        case field_type::boolean:
            if (!v.is_boolean()) return bad(f);
            return std::nullopt;
        case field_type::enumeration: {
            if (!v.is_string()) return bad(f);
            const auto& s = v.get_ref<const std::string&>();
            if (std::find(f.values.begin(), f.values.end(), s) == f.values.end()) return bad(f, s.substr(0, 40));
            return std::nullopt;
        }
        case field_type::file:
            return check_file(f, v);
        case field_type::file_list:
            if (!v.is_array()) return bad(f);
            if (static_cast<std::int64_t>(v.size()) > f.max) return error{"err.too_many", f.key, std::to_string(f.max)};
            for (const auto& item : v)
                if (auto e = check_file(f, item)) return e;
            return std::nullopt;
        case field_type::currency:
            if (!v.is_string() || !find_currency(v.get_ref<const std::string&>()))
                return error{"err.currency_invalid", f.key, v.is_string() ? v.get<std::string>().substr(0, 8) : ""};
            return std::nullopt;
        case field_type::line_items:
            if (!v.is_array()) return bad(f);
            if (static_cast<std::int64_t>(v.size()) > f.max) return error{"err.too_many", f.key, std::to_string(f.max)};
            for (const auto& item : v)
                if (auto e = check_line_item(f, item)) return e;
            return std::nullopt;
        case field_type::number_list:
            if (!v.is_array()) return bad(f);
            if (static_cast<std::int64_t>(v.size()) > f.max) return error{"err.too_many", f.key, std::to_string(f.max)};
            for (const auto& item : v) {
                if (!item.is_number_integer()) return bad(f);
                const auto n = item.get<std::int64_t>();
                if (n < f.min || n > f.item_max)
                    return error{"err.out_of_range", f.key, std::to_string(f.min) + ".." + std::to_string(f.item_max)};
            }
            return std::nullopt;
    }
    return bad(f);
}

std::string log_text(const field_def& f, const nlohmann::json& v) {
    if (v.is_null()) return "";
    switch (f.type) {
        case field_type::file: return v.value("name", "");
        case field_type::file_list: return join(v, [](const nlohmann::json& x) { return x.value("name", ""); });
        case field_type::number_list: return join(v, [](const nlohmann::json& x) { return x.dump(); });
        case field_type::line_items:
            return join(v, [](const nlohmann::json& x) {
                return x.value("name", "") + " \u00d7" + std::to_string(x.value("quantity", 0));
            });
        case field_type::boolean: return v.get<bool>() ? "true" : "false";
        default: return v.is_string() ? v.get<std::string>() : v.dump();
    }
}

std::vector<role> roles_of(unsigned bits) {
    std::vector<role> out;
    if (bits & role_bit::admin) out.push_back(role::admin);
    if (bits & role_bit::manager) out.push_back(role::manager);
    if (bits & role_bit::integration) out.push_back(role::integration);
    return out;
}

std::vector<field_def> fields_of(const field_spec* specs, std::size_t count) {
    std::vector<field_def> out(count);
    for (std::size_t i = 0; i < count; ++i) {
        const field_spec& s = specs[i];
        field_def& f = out[i];
        f.key = s.key;
        f.type = s.type;
        f.max = s.max;
        f.min = s.min;
        f.item_max = s.item_max;
        for (const char* w = s.values; w && *w;) {
            const char* bar = w;
            while (*bar && *bar != '|') ++bar;
            f.values.emplace_back(w, static_cast<std::size_t>(bar - w));
            w = *bar ? bar + 1 : bar;
        }
        f.required = s.required;
        f.searchable = s.searchable;
        f.access = s.system ? field_access::system : field_access::editable;
        switch (s.fallback) {
            case field_spec::fallback_kind::none: break;
            case field_spec::fallback_kind::word: f.fallback = s.fallback_word; break;
            case field_spec::fallback_kind::number: f.fallback = s.fallback_number; break;
            case field_spec::fallback_kind::boolean: f.fallback = s.fallback_number != 0; break;
        }
        f.writers = roles_of(s.writers);
    }
    return out;
}

const char* to_string(field_type t) {
    switch (t) {
        case field_type::text: return "text";
        case field_type::long_text: return "long_text";
        case field_type::number: return "number";
        case field_type::money: return "money";
        case field_type::date: return "date";
        case field_type::datetime: return "datetime";
        case field_type::boolean: return "boolean";
        case field_type::enumeration: return "enum";
        case field_type::reference: return "reference";
        case field_type::url: return "url";
        case field_type::time_zone: return "time_zone";
        case field_type::phone: return "phone";
        case field_type::file: return "file";
        case field_type::file_list: return "file_list";
        case field_type::number_list: return "number_list";
        case field_type::currency: return "currency";
        case field_type::line_items: return "line_items";
    }
    return "text";
}

}  // namespace cc
