// Ops applied to a client: every kind, and refusals that change nothing.
#include <doctest/doctest.h>

#include "core/apply.hpp"
#include "core/codec.hpp"

using namespace cc;

namespace {
op make_op(std::string kind, json payload, std::string client_id = "c1", std::string id = "d:1") {
    op o;
    o.id = std::move(id);
    o.device = "d";
    o.seq = 1;
    o.client_id = std::move(client_id);
    o.kind = std::move(kind);
    o.payload = std::move(payload);
    o.actor = "Anna";
    o.at = 1700000000000;
    return o;
}
client ok(const std::variant<applied, error>& r) {
    REQUIRE(std::holds_alternative<applied>(r));
    return std::get<applied>(r).after;
}
error refused(const std::variant<applied, error>& r) {
    REQUIRE(std::holds_alternative<error>(r));
    return std::get<error>(r);
}
client base_client() {
    return ok(apply(nullptr, make_op("client.create", {{"name", "Ivan Petrov"}})));
}
}  // namespace

TEST_CASE("client.create needs a name and stamps times") {
    client c = base_client();
    CHECK(c.id == "c1");
    CHECK(c.name == "Ivan Petrov");
    CHECK(c.created_at == 1700000000000);
    CHECK(refused(apply(nullptr, make_op("client.create", json::object()))).code == "err.name_empty");
    CHECK(refused(apply(nullptr, make_op("client.create", {{"name", "   "}}))).code == "err.name_empty");
    CHECK(refused(apply(&c, make_op("client.create", {{"name", "Again"}}))).code == "err.client_exists");
}

TEST_CASE("client.set changes only the named fields and records old -> new") {
    client c = base_client();
    c.city = "Kazan";
    auto r = apply(&c, make_op("client.set", {{"name", "Иван Петров"}, {"vip", true}}));
    client after = ok(r);
    CHECK(after.name == "Иван Петров");
    CHECK(after.vip);
    CHECK(after.city == "Kazan");
    const auto& changes = std::get<applied>(r).changes;
    REQUIRE(changes.size() == 2);
    bool saw_name = false;
    for (const auto& ch : changes)
        if (ch.field == "name") {
            saw_name = true;
            CHECK(ch.old_value == "Ivan Petrov");
            CHECK(ch.new_value == "Иван Петров");
        }
    CHECK(saw_name);
}

TEST_CASE("gender set by hand is remembered") {
    client c = base_client();
    client after = ok(apply(&c, make_op("client.set", {{"gender", "female"}})));
    CHECK(after.gender == gender::female);
    CHECK(after.gender_set_by_hand);
    CHECK(refused(apply(&c, make_op("client.set", {{"gender", "robot"}}))).code == "err.bad_value");
}

TEST_CASE("bad input is refused and the client stays as it was") {
    client c = base_client();
    const json before = c;
    CHECK(refused(apply(&c, make_op("client.set", {{"name", ""}}))).code == "err.name_empty");
    CHECK(refused(apply(&c, make_op("client.set", {{"colour", "red"}}))).code == "err.unknown_field");
    CHECK(refused(apply(&c, make_op("client.set", {{"note", std::string(1001, 'x')}}))).code == "err.too_long");
    CHECK(refused(apply(&c, make_op("client.set", {{"time_zone", "Moscow"}}))).code == "err.time_zone_invalid");
    CHECK(refused(apply(&c, make_op("client.set", {{"language", "Russian"}}))).code == "err.language_invalid");
    CHECK(refused(apply(&c, make_op("client.set", {{"avatar_url", "javascript:alert(1)"}}))).code == "err.url_invalid");
    // One bad field in a multi-field op refuses the whole op.
    CHECK(refused(apply(&c, make_op("client.set", {{"city", "Omsk"}, {"vip", "yes"}}))).code == "err.bad_value");
    CHECK(refused(apply(&c, make_op("teleport", json::object()))).code == "err.unknown_kind");
    CHECK(json(c) == before);
}

TEST_CASE("a note of exactly 1000 characters (Cyrillic) is accepted, 1001 is not") {
    client c = base_client();
    std::string note;
    for (int i = 0; i < 1000; ++i) note += "ж";
    CHECK(ok(apply(&c, make_op("client.set", {{"note", note}}))).note == note);
    note += "ж";
    const error e = refused(apply(&c, make_op("client.set", {{"note", note}})));
    CHECK(e.code == "err.too_long");
    CHECK(e.detail == "1000");
}

TEST_CASE("phones: add normalises, update by element id, remove; duplicates refused") {
    client c = base_client();
    c = ok(apply(&c, make_op("item.add", {{"list", "phones"}, {"item", {{"type", "mobile"}, {"raw", "8 912 345-67-89"}}}}, "c1", "d:2")));
    REQUIRE(c.phones.size() == 1);
    CHECK(c.phones[0].id == "d:2");
    CHECK(c.phones[0].e164 == "+79123456789");
    CHECK(refused(apply(&c, make_op("item.add", {{"list", "phones"}, {"item", {{"raw", "+7 (912) 345-67-89"}}}}, "c1", "d:3"))).code == "err.duplicate");
    CHECK(refused(apply(&c, make_op("item.add", {{"list", "phones"}, {"item", {{"raw", "call me maybe"}}}}, "c1", "d:3"))).code == "err.phone_invalid");
    c = ok(apply(&c, make_op("item.update", {{"list", "phones"}, {"id", "d:2"}, {"item", {{"type", "work"}}}})));
    CHECK(c.phones[0].type == phone_type::work);
    CHECK(c.phones[0].e164 == "+79123456789");
    CHECK(refused(apply(&c, make_op("item.update", {{"list", "phones"}, {"id", "nope"}, {"item", {{"type", "work"}}}}))).code == "err.item_not_found");
    c = ok(apply(&c, make_op("item.remove", {{"list", "phones"}, {"id", "d:2"}})));
    CHECK(c.phones.empty());
}

TEST_CASE("emails, sites, socials, channels, addresses, external ids") {
    client c = base_client();
    auto add = [&](const char* list, json item, const char* id) {
        c = ok(apply(&c, make_op("item.add", {{"list", list}, {"item", item}}, "c1", id)));
    };
    add("emails", {{"address", " Ivan@Example.ru "}}, "d:2");
    CHECK(c.emails[0].address == "Ivan@Example.ru");
    CHECK(refused(apply(&c, make_op("item.add", {{"list", "emails"}, {"item", {{"address", "ivan@example.RU"}}}}, "c1", "d:9"))).code == "err.duplicate");
    CHECK(refused(apply(&c, make_op("item.add", {{"list", "emails"}, {"item", {{"address", "ivan@"}}}}, "c1", "d:9"))).code == "err.email_invalid");
    add("sites", {{"url", "https://romashka.ru"}}, "d:3");
    CHECK(refused(apply(&c, make_op("item.add", {{"list", "sites"}, {"item", {{"url", "ftp://x.ru"}}}}, "c1", "d:9"))).code == "err.url_invalid");
    add("socials", {{"network", "vk"}, {"url", "https://vk.com/ivan"}}, "d:4");
    add("channels", {{"kind", "telegram"}, {"external_id", "123456"}}, "d:5");
    c = ok(apply(&c, make_op("item.update", {{"list", "channels"}, {"id", "d:5"}, {"item", {{"archived", true}}}})));
    CHECK(c.channels[0].archived);
    CHECK(c.channels[0].external_id == "123456");
    add("addresses", {{"type", "postal"}, {"text", "Казань, ул. Баумана, 1"}}, "d:6");
    CHECK(c.addresses[0].type == address_type::postal);
    add("external_ids", {{"system", "amo"}, {"value", "884412"}}, "d:7");
    CHECK(c.external_ids[0].value == "884412");
    CHECK(refused(apply(&c, make_op("item.add", {{"list", "pets"}, {"item", json::object()}}, "c1", "d:9"))).code == "err.unknown_field");
}

TEST_CASE("a list is capped so one client cannot grow without bound") {
    client c = base_client();
    for (std::size_t i = 0; i < max_list_items; ++i)
        c = ok(apply(&c, make_op("item.add", {{"list", "sites"}, {"item", {{"url", "https://s" + std::to_string(i) + ".ru"}}}}, "c1", "d:" + std::to_string(i + 2))));
    CHECK(refused(apply(&c, make_op("item.add", {{"list", "sites"}, {"item", {{"url", "https://one-more.ru"}}}}, "c1", "d:999"))).code == "err.too_many");
}

TEST_CASE("tags are unique case-insensitively, also in Cyrillic") {
    client c = base_client();
    c = ok(apply(&c, make_op("tag.add", {{"tag", "Горячий"}})));
    CHECK(refused(apply(&c, make_op("tag.add", {{"tag", "горячий"}}))).code == "err.tag_duplicate");
    CHECK(refused(apply(&c, make_op("tag.add", {{"tag", "  "}}))).code == "err.tag_invalid");
    c = ok(apply(&c, make_op("tag.remove", {{"tag", "ГОРЯЧИЙ"}})));
    CHECK(c.tags.empty());
    CHECK(refused(apply(&c, make_op("tag.remove", {{"tag", "absent"}}))).code == "err.item_not_found");
}

TEST_CASE("custom fields set, change and remove") {
    client c = base_client();
    c = ok(apply(&c, make_op("custom.set", {{"key", "Источник"}, {"value", "Instagram"}})));
    CHECK(c.custom.at("Источник") == "Instagram");
    c = ok(apply(&c, make_op("custom.set", {{"key", "Источник"}, {"value", "VK"}})));
    CHECK(c.custom.at("Источник") == "VK");
    CHECK(refused(apply(&c, make_op("custom.set", {{"key", ""}, {"value", "x"}}))).code == "err.custom_key_empty");
    c = ok(apply(&c, make_op("custom.remove", {{"key", "Источник"}})));
    CHECK(c.custom.empty());
}

TEST_CASE("a deleted client accepts no edits") {
    client c = base_client();
    c = ok(apply(&c, make_op("client.delete", json::object())));
    CHECK(c.deleted);
    CHECK(refused(apply(&c, make_op("client.set", {{"city", "Omsk"}}))).code == "err.not_found");
    CHECK(refused(apply(nullptr, make_op("client.set", {{"city", "Omsk"}}))).code == "err.not_found");
}
