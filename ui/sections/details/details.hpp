// details.hpp — the parts of the Details section (sections/details.cpp) shared by its files:
// choices with translated names, list element ops, checks. Internal to the section.
#pragma once
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/client.hpp"
#include "core/text.hpp"
#include "core/validate.hpp"
#include "ui/kit/rows.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace ui::details {

inline std::string label_of(view& v, std::string_view field) { return v.t("field." + std::string(field)); }

// A heading, then the label | value rows (kit/rows.hpp). Call rows_end() when it returned true.
inline bool begin_section(view& v, const char* title_key, const char* id) {
    heading(v.t(title_key));
    return rows_begin(id);
}

// A set of known values (stored as words) with their translated names; a value the table does
// not know (from another system) is kept and shown as it is.
struct choices {
    std::vector<std::string> values, shown;
    int index(const std::string& v) const {
        for (std::size_t i = 0; i < values.size(); ++i)
            if (values[i] == v) return static_cast<int>(i);
        return -1;
    }
};
inline choices make_choices(view& v, const char* prefix, std::initializer_list<const char*> known, const std::string& current) {
    choices ch;
    for (const char* k : known) {
        ch.values.emplace_back(k);
        ch.shown.emplace_back(v.t(std::string(prefix) + k));
    }
    if (!current.empty() && ch.index(current) < 0) {
        ch.values.push_back(current);
        ch.shown.push_back(current);
    }
    return ch;
}

inline const std::initializer_list<const char*> phone_types = {"mobile", "home", "work", "landline", "fax", "other"};
inline const std::initializer_list<const char*> address_types = {"home", "work", "postal", "other"};
inline const std::initializer_list<const char*> networks = {"vk",      "facebook", "instagram", "telegram", "ok",
                                                     "twitter", "youtube",  "tiktok",    "linkedin", "other"};
inline const std::initializer_list<const char*> channel_kinds = {"telegram", "whatsapp", "viber", "vk",     "instagram",
                                                          "facebook", "email",    "sms",   "widget", "avito",
                                                          "other"};

// The list ops of the client's lists (details.cpp).
void item_add(view& v, const cc::client& c, const char* list, cc::json item, std::string source);
// One field of an element (item.update), its refusal shown at item_key(list, id, field).
void item_set(view& v, const cc::client& c, const char* list, const std::string& id, const char* field,
              cc::json value);
void item_remove(view& v, const cc::client& c, const char* list, const std::string& id);
// "phones/<id>/raw": an element's widget key, where its refusal shows.
std::string item_key(const char* list, const std::string& id, const char* part);

// A field's check, to keep in a named local (a validator only points to it).
inline auto text_check(const char* field) {
    return [field](std::string_view s) { return cc::check_text(field, s); };
}
inline auto url_check(const char* field) {
    // An empty box clears the field; anything else must be an http(s) address.
    return [field](std::string_view s) -> std::optional<cc::error> {
        if (cc::trim(s).empty()) return std::nullopt;
        return cc::check_url(field, s);
    };
}

// The blocks drawn by the other files of the section.
void contacts(view& v, const cc::client& c);  // details/contacts.cpp
void other(view& v, const cc::client& c);     // details/other.cpp

}  // namespace ui::details
