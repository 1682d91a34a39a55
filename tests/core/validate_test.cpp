// Validation rules and text helpers the user meets as messages next to fields.
#include <doctest/doctest.h>

#include <limits>

#include "core/text.hpp"
#include "core/validate.hpp"

using namespace cc;

TEST_CASE("emails") {
    for (const char* good : {"ivan@example.ru", "a.b+tag@mail.co.uk", "anna@почта.рф", "x@sub.domain.com"})
        CHECK_MESSAGE(!check_email(good), good);
    for (const char* bad : {"", "ivan", "ivan@", "@example.ru", "ivan@@example.ru", "iv an@example.ru",
                            "ivan@example", "ivan@-example.ru", "ivan@example.123", "ivan..p@example.ru"})
        CHECK_MESSAGE(check_email(bad).value_or(error{}).code == "err.email_invalid", bad);
}

TEST_CASE("urls and links: only http, https, mailto and tel open") {
    CHECK(!check_url("sites", "https://example.ru/path?q=1"));
    CHECK(check_url("sites", "javascript:alert(1)"));
    CHECK(check_url("sites", "https://"));
    CHECK(link_allowed("https://vk.com/id1"));
    CHECK(link_allowed("mailto:ivan@example.ru"));
    CHECK(link_allowed("tel:+79123456789"));
    CHECK_FALSE(link_allowed("javascript:alert(1)"));
    CHECK_FALSE(link_allowed("JaVaScRiPt:alert(1)"));
    CHECK_FALSE(link_allowed("data:text/html,hi"));
    CHECK_FALSE(link_allowed("file:///etc/passwd"));
    CHECK_FALSE(link_allowed("vbscript:x"));
}

TEST_CASE("text fields: length in characters, not bytes; control characters refused") {
    CHECK(!check_text("city", std::string(200, 'a')));
    std::string cyr;
    for (int i = 0; i < 200; ++i) cyr += "ы";  // 400 bytes, 200 characters
    CHECK(!check_text("city", cyr));
    CHECK(check_text("city", cyr + "ы")->code == "err.too_long");
    CHECK(check_text("city", std::string("a\x01")));
    CHECK(check_text("city", std::string("bad \xff utf8"))->code == "err.text_invalid");
    CHECK(!check_text("note", "line one\nline two"));
    CHECK(check_text("city", "line one\nline two"));
}

TEST_CASE("time zones and languages") {
    CHECK(!check_time_zone("Europe/Moscow"));
    CHECK(!check_time_zone("America/Argentina/Buenos_Aires"));
    CHECK(!check_time_zone("UTC"));
    CHECK(!check_time_zone(""));
    CHECK(check_time_zone("Moscow"));
    CHECK(check_time_zone("Europe/Moscow; drop table"));
    CHECK(!check_language("ru"));
    CHECK(check_language("RU"));
    CHECK(check_language("russian"));
}

TEST_CASE("folding for search: Cyrillic and Latin case, ё = е") {
    CHECK(fold("Иван ПЕТРОВ") == "иван петров");
    CHECK(fold("Алёна") == fold("АЛЕНА"));
    CHECK(fold("JOHN Smith") == "john smith");
    CHECK(initials("Иван Петров") == "ИП");
    CHECK(initials("anna") == "A");
    CHECK(initials("  ") == "");
    CHECK(utf8_length("Ёжик") == 4);
}

TEST_CASE("an op's time: integer ms from 2000-01-01 to 2^53") {
    CHECK_FALSE(check_at(1700000000000).has_value());
    CHECK_FALSE(check_at(min_op_at).has_value());
    CHECK_FALSE(check_at(max_op_at).has_value());
    for (std::int64_t bad : {std::int64_t{-1}, std::int64_t{0}, std::int64_t{1700000000} /* seconds */,
                             min_op_at - 1, max_op_at + 1, std::numeric_limits<std::int64_t>::max()}) {
        CAPTURE(bad);
        auto e = check_at(bad);
        REQUIRE(e.has_value());
        CHECK(e->code == "err.bad_value");
        CHECK(e->field == "at");
    }
}
