// error_text.cpp — see error_text.hpp.
#include "error_text.hpp"

#include <string_view>

namespace cc::server {
namespace {

struct text_row {
    std::string_view code;
    std::string_view text;  // "{field}" and "{detail}" are filled in
};

// Codes the core's apply and validation produce, and the server's own per-op refusals.
constexpr text_row rows[] = {
    {"err.email_invalid", "not a valid email address: \"{detail}\""},
    {"err.phone_invalid", "not a valid phone number: \"{detail}\""},
    {"err.name_empty", "the name cannot be empty"},
    {"err.too_long", "{field} is too long: at most {detail} characters"},
    {"err.too_large", "the op is too large: at most {detail} bytes"},
    {"err.url_invalid", "{field}: a link must start with http:// or https://, got \"{detail}\""},
    {"err.time_zone_invalid", "unknown time zone \"{detail}\""},
    {"err.language_invalid", "\"{detail}\" is not a two-letter language code such as \"en\" or \"ru\""},
    {"err.tag_invalid", "this tag cannot be used"},
    {"err.tag_duplicate", "the client already has the tag \"{detail}\""},
    {"err.custom_key_empty", "a custom field needs a name"},
    {"err.unknown_field", "unknown field \"{field}\""},
    {"err.unknown_kind", "unknown operation \"{detail}\""},
    {"err.bad_value", "invalid value for {field}"},
    {"err.duplicate", "{field} already has \"{detail}\""},
    {"err.too_many", "too many {field}: at most {detail}"},
    {"err.not_found", "client \"{detail}\" does not exist or was deleted"},
    // Records (tasks, calls, comments; core/record_apply.cpp and core/kinds/*.cpp).
    {"err.record_exists", "the record \"{detail}\" already exists"},
    {"err.record_id_mismatch", "a new record's id must be \"<kind>:<op id>\", here \"{detail}\""},
    {"err.record_not_found", "there is no record \"{detail}\" (of this kind)"},
    {"err.record_deleted", "the record \"{detail}\" was deleted; an admin can restore it"},
    {"err.system_field", "{field} is set by the server or by a named action (such as completing a task), not by an edit"},
    {"err.append_only", "a {detail} is never edited as a whole; its author may correct it (comment.edit)"},
    {"err.required", "{field} is required"},
    {"err.out_of_range", "{field} must be between {detail}"},
    {"err.task_closed", "the task is already closed ({detail}); reopen it first"},
    {"err.task_open", "the task is open already"},
    {"err.result_required", "a {detail} marked done needs its result"},
    {"err.reminder_without_due", "a reminder needs a due date or time"},
    {"err.not_author", "only the author ({detail}) may correct a comment"},
    {"err.edit_window_closed", "a comment can be corrected only within {detail} minutes of posting it"},
    {"err.currency_invalid", "{field}: \"{detail}\" is not an ISO 4217 currency code this server knows"},
    {"err.not_recurring", "order {detail} is not recurring"},
    {"err.bad_state", "not possible while {field} is \"{detail}\""},
    {"err.not_manual", "only a manual payment is confirmed by hand; this one came from {detail}"},
    {"err.already_confirmed", "the payment was already confirmed by {detail}"},
    {"err.own_payment", "{detail} added this payment; someone else must confirm it"},
    {"err.provider_payment", "{field} of a payment reported by {detail} is corrected only by {detail}'s integration"},
    {"err.confirmed_payment", "{field} of a confirmed payment cannot change (confirmed by {detail})"},
    {"err.duplicate_key", "an entry with the key \"{detail}\" was already made"},
    {"err.overdraft", "the balance would go below zero: {detail} (minor units) available"},
    {"err.registration_exists", "the client already has a registration link ({detail})"},
    {"err.lost_reason_required", "a lost deal needs its reason (lost_reason)"},
    {"err.locked", "{field} is locked by {detail}; only an admin may unlock it (plan.unlock)"},
    {"err.not_locked", "{field} is not locked"},
    {"err.unsubscribed", "the subscription {detail} is already unsubscribed"},
    {"err.already_subscribed", "already subscribed to the tunnel \"{detail}\" in this channel"},
    {"err.file_not_found", "{field}: no uploaded file \"{detail}\""},
    {"err.client_exists", "client \"{detail}\" already exists"},
    {"err.client_deleted", "client \"{detail}\" was deleted; an admin can restore it (client.restore)"},
    {"err.not_deleted", "\"{detail}\" is not deleted"},
    {"err.client_id_foreign", "the client id \"{detail}\" belongs to another device's ops"},
    {"err.op_id_mismatch", "an op's id must be \"<device>:<seq>\", here \"{detail}\""},
    {"err.op_id_reused", "op \"{detail}\" was sent before with other content; use a new id"},
    {"err.text_invalid", "{field} has invalid characters (control characters or bad UTF-8)"},
    {"err.item_not_found", "{field} has no entry \"{detail}\" (it was removed)"},
    {"err.forbidden", "this user's role may not do {detail}"},
    {"err.bad_request", "the op is malformed ({field})"},
};

void replace_all(std::string& s, std::string_view what, const std::string& with) {
    for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + with.size()))
        s.replace(at, what.size(), with);
}

// At most `n` bytes, never cutting a UTF-8 sequence in half (the answer must stay valid JSON).
std::string clip(const std::string& s, std::size_t n) {
    if (s.size() <= n) return s;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return s.substr(0, n) + "…";
}

}  // namespace

std::string english_message(const error& e) {
    const std::string field = e.field.empty() ? "the value" : e.field;
    for (const text_row& row : rows) {
        if (row.code != e.code) continue;
        std::string out(row.text);
        replace_all(out, "{field}", field);
        replace_all(out, "{detail}", clip(e.detail, 200));
        return out;
    }
    // A code this table does not know yet (a newer core): still say something useful.
    std::string out = "refused (" + e.code + ")";
    if (!e.field.empty()) out += " for " + e.field;
    if (!e.detail.empty()) out += ": " + clip(e.detail, 200);
    return out;
}

}  // namespace cc::server
