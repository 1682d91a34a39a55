// fields.hpp — field rows drawn from the schema (DESIGN §8: a section only lays out what is
// special to it). A form (ui_state::form_state) keeps the text of each input; the kit reads it
// back typed as the field's definition says, checks it with cc::check_value and the kind's rules
// across fields, and shows the translated error under the field. Nothing is sent while a field
// is invalid: form_collect() returns the errors instead of a payload.
//
// Labels and words come from the section's strings: "<kind>.<field>" is a field's label and
// "<kind>.<field>.<value>" an enumeration word ("task.type.meeting" -> "Meeting").
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.hpp"
#include "core/schema/kind.hpp"
#include "ui/kit/filter_combo.hpp"
#include "ui/ui_state.hpp"
#include "ui/view.hpp"

namespace ui {

// ---- words
std::string field_name(const view& v, std::string_view kind, std::string_view field);  // "Title"
// An enumeration word in the viewer's language; the word itself when the table lacks it.
std::string enum_word(const view& v, std::string_view kind, std::string_view field, std::string_view value);

// An amount in minor units in the viewer's format: "1 200,50 ₽" (ru), "₽1,200.50" (en).
std::string money_text(const view& v, std::int64_t minor, std::string_view currency);
// A file's size: "840 B", "12.5 KB", "3.2 MB".
std::string size_words(const view& v, std::int64_t bytes);

// ---- a form's values
// Puts a value into the form's text as its input shows it (times in `zone`).
void form_put(form_state& f, const cc::field_def& d, const cc::json& value, std::string_view zone);
// Every field of a record (or of a payload) into the form.
void form_load(form_state& f, const cc::kind_def& k, const cc::json& fields, std::string_view zone);
// What the form holds for a field, typed as the schema says: null when the input is empty, or
// the error that makes the text unreadable (a date that is not a date).
struct form_read { cc::json value; std::optional<cc::error> error; };
form_read form_value(const form_state& f, const cc::field_def& d, std::string_view zone);
// The error to show at a field now: unreadable, refused by check_value, or from the last Save.
std::optional<cc::error> form_field_error(const form_state& f, const cc::field_def& d, std::string_view zone);

// ---- drawing
struct field_row_opts {
    std::string label;                // "" = field_name(kind, field)
    const char* hint = nullptr;       // grey text in an empty box
    std::vector<option> people;       // reference: the users to offer (typed names are allowed)
    float width = 0;                  // 0: the rest of the line
    int lines = 3;                    // long text: the box's height in lines
};
// One row (kit/rows.hpp) with the field's input; `form_key` names the form (its ImGui id and
// the source of its ops, where a refusal of the core is shown). True when the input changed.
bool field_row(view& v, form_state& f, const std::string& form_key, const cc::kind_def& k,
               const cc::field_def& d, const field_row_opts& o = {});
// Only the input (and the error under it), where the caller placed the cursor.
bool field_input(view& v, form_state& f, const std::string& form_key, const cc::kind_def& k,
                 const cc::field_def& d, const field_row_opts& o = {});
// A refusal of the core for this form that names none of `shown` fields: under the form.
void form_refusal(view& v, const std::string& form_key, const std::vector<std::string>& shown);
// A form whose op was sent last frame (step "sent"): gone once the core took it, back with the
// error at its field when the core refused it. True when the form is gone.
bool settle_sent(view& v, const std::string& form_key);

// ---- a small form in a panel ("+ Payment", "+ Sale", an open call): the parts every section's
// form shares. A new record's form reads:
//     form_state* f = form_open(v, key); if (!f) return;
//     form_begin(*f, "new_sale", v.t("sale.new"));  ...rows...
//     if (!form_footer(v, key, keys)) return;
//     form_send(v, c, key, *f, form_collect(*f, k, keys, v.zone(), nullptr), "sale.create");
// The form `key` while it is drawn: nullptr when there is none, or its op is on its way (a form
// the core took is gone; a refused one is back with its error: settle_sent()).
form_state* form_open(view& v, const std::string& key);
// An open record's form `key` (the open call, task, deal): while untouched it follows the
// record, so someone else's change shows at once. *loaded is set on the frames it was loaded
// from the record, for the caller to add what the record leaves out.
form_state& record_form(view& v, const std::string& key, const cc::kind_def& k, const cc::record& r,
                        bool* loaded = nullptr);
// The panel, its heading, and the scroll that brings a form just opened into view.
void form_begin(form_state& f, const char* panel_id, std::string_view title);
// Save (`save_word`) and Cancel, when `shown` (an open record's form shows them once touched),
// then a refusal of the core that names none of `fields`. What was pressed; the form stays.
enum class form_press { none, save, cancel };
form_press form_buttons(view& v, const std::string& key, const std::vector<std::string>& fields, bool shown = true,
                        const char* save_word = "form.save");
// A new record's form ends: form_buttons(), panel_end(); Cancel closes the form (do not touch
// it after). True when Save was pressed.
bool form_footer(view& v, const std::string& key, const std::vector<std::string>& fields,
                 const char* save_word = "form.save");

// ---- sending
struct form_result {
    cc::json payload = cc::json::object();
    std::map<std::string, cc::error> errors;   // by field key
    bool ok() const { return errors.empty(); }
};
// The payload of `keys`: for a new record (`before` null) every value given (fields left empty
// are omitted: the kind's defaults apply); for an existing one only what differs from it (a
// cleared field as null). Errors: unreadable text, check_value, then the kind's rules across
// fields on the record as it would become.
form_result form_collect(const form_state& f, const cc::kind_def& k, const std::vector<std::string>& keys,
                         std::string_view zone, const cc::record* before);
// After a Save: the errors shown at their fields. Returns true when there were none.
bool form_accept(form_state& f, const form_result& r);
// After a Save: the errors at their fields, or op `op` sent with the payload, the form waiting
// for the core (step "sent"). `before` null: a new record of `c`; else an edit of *before, and an
// edit that changes nothing just closes the form.
void form_send(view& v, const cc::client& c, const std::string& key, form_state& f, form_result r,
               std::string op, const cc::record* before = nullptr);

// At most `max_chars` code points of `s` (a prefilled title must stay within its limit).
std::string utf8_prefix(std::string_view s, std::size_t max_chars);

// The people a reference field offers: me first, then everyone named on the client's records.
std::vector<option> known_people(const view& v, const cc::client& c);

}  // namespace ui
