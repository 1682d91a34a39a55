// The string table: every error code the core and the server produce has a sentence in both
// languages; plural forms; user text placed into a sentence without formatting.
#include <doctest/doctest.h>

#include <cstring>

#include "ui/strings.hpp"

using cc::locale;

TEST_CASE("every error code is translated into English and Russian") {
    // The codes core/*.cpp and tools/server produce (grep '"err\.'), plus the ui's own.
    const char* codes[] = {"err.bad_request",    "err.bad_server_data", "err.bad_value",       "err.client_exists",
                           "err.custom_key_empty", "err.duplicate",     "err.email_invalid",   "err.internal",
                           "err.item_not_found", "err.language_invalid", "err.link_blocked",   "err.method_not_allowed",
                           "err.name_empty",     "err.not_found",       "err.not_ready",       "err.phone_invalid",
                           "err.schema_unsupported", "err.server_down", "err.server_error",    "err.storage_damaged",
                           "err.storage_failed", "err.storage_full",    "err.tag_duplicate",   "err.tag_invalid",
                           "err.text_invalid",   "err.time_zone_invalid", "err.too_long",      "err.too_many",
                           "err.unknown_field",  "err.unknown_kind",    "err.url_invalid",     "err.key_duplicate",
                           // the server's refusals of a request or an op (sync)
                           "err.too_large",      "err.too_many_ops",    "err.forbidden",       "err.unauthorized",
                           "err.rejected",
                           // who may use which ids (ownership), the policy, the push rate limit
                           "err.device_foreign", "err.op_id_mismatch", "err.op_id_reused", "err.client_id_foreign",
                           "err.client_deleted", "err.not_deleted",    "err.rate_limited",
                           // records: their kinds, named mutators and the ui's own form checks
                           "err.required",       "err.out_of_range",    "err.system_field",    "err.append_only",
                           "err.record_exists",  "err.record_id_mismatch", "err.record_not_found", "err.record_deleted",
                           "err.task_closed",    "err.task_open",       "err.result_required", "err.reminder_without_due",
                           "err.not_author",     "err.edit_window_closed", "err.date_invalid", "err.time_invalid",
                           "err.number_invalid", "err.duration_invalid", "err.busy",           "err.unsupported_encoding"};
    for (const char* code : codes) {
        CAPTURE(code);
        CHECK(ui::tr_has(code));
        CHECK(std::strcmp(ui::tr(locale::en, code), code) != 0);
        CHECK(std::strcmp(ui::tr(locale::ru, code), ui::tr(locale::en, code)) != 0);
    }
}

TEST_CASE("error_text puts the detail in; tr_arg never formats user text") {
    CHECK(ui::error_text(locale::en, {"err.too_long", "note", "1000"}) == "Too long: at most 1000 characters");
    CHECK(ui::error_text(locale::ru, {"err.too_long", "note", "1000"}) == "Слишком длинно: не больше 1000 символов");
    CHECK(ui::tr_arg(locale::en, "tag.remove", "%s %n {}") == "Remove tag %s %n {}");
    CHECK(ui::error_text(locale::en, {"err.someday_new", "", ""}) == "err.someday_new");  // unknown: the code
}

TEST_CASE("plural forms: Russian one/few/many, English one/many") {
    CHECK(ui::tr_count(locale::en, "list.count", 1) == "1 client");
    CHECK(ui::tr_count(locale::en, "list.count", 2) == "2 clients");
    CHECK(ui::tr_count(locale::ru, "list.count", 1) == "1 клиент");
    CHECK(ui::tr_count(locale::ru, "list.count", 3) == "3 клиента");
    CHECK(ui::tr_count(locale::ru, "list.count", 5) == "5 клиентов");
    CHECK(ui::tr_count(locale::ru, "list.count", 11) == "11 клиентов");
    CHECK(ui::tr_count(locale::ru, "list.count", 21) == "21 клиент");
    CHECK(ui::tr_count(locale::ru, "list.count", 112) == "112 клиентов");
    CHECK(ui::tr_count(locale::ru, "list.count", 1004) == "1004 клиента");
}

TEST_CASE("an unknown key comes back as itself, with a stable pointer") {
    const char* a = ui::tr(locale::en, "no.such.key");
    CHECK(std::string(a) == "no.such.key");
    std::string other = "no.such.key";
    CHECK(ui::tr(locale::ru, other) == a);
}

TEST_CASE("sync wording: every new key in both languages, named placeholders filled once") {
    const char* keys[] = {"status.saved_locally", "status.synced",   "status.syncing",      "status.offline",
                          "status.saving",        "status.not_signed_in", "status.signed_in", "role.admin",
                          "role.manager",         "progress.downloading", "signin.token",     "signin.button",
                          "signin.later",         "signin.explain",  "signin.rejected",     "conflict.changed",
                          "conflict.theirs",      "conflict.yours",  "conflict.keep_mine",  "conflict.take_theirs",
                          "conflict.mine_in_effect", "conflict.theirs_in_effect", "rejected.text", "rejected.discard",
                          "rejected.retry",       "delete.admin_only", "log.rejected"};
    for (const char* key : keys) {
        CAPTURE(key);
        CHECK(ui::tr_has(key));
        CHECK(std::strcmp(ui::tr(locale::ru, key), ui::tr(locale::en, key)) != 0);
    }
    CHECK(ui::tr_count(locale::en, "status.rejected", 1) == "1 change rejected");
    CHECK(ui::tr_count(locale::ru, "status.rejected", 2) == "2 изменения отклонены");
    CHECK(ui::tr_count(locale::en, "status.conflicts", 3) == "3 conflicts");
    CHECK(ui::tr_count(locale::ru, "status.conflicts", 5) == "5 конфликтов");
    // A value holding another placeholder is not expanded again.
    CHECK(ui::tr_fill(locale::en, "conflict.changed", {{"{actor}", "{field}"}, {"{field}", "Name"}}) ==
          "{field} changed Name while you were offline");
}
