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
    const error robot = refused(apply(&c, make_op("client.set", {{"gender", "robot"}})));
    CHECK(robot.code == "err.bad_value");
    CHECK(robot.field == "gender");
    CHECK(robot.detail == "robot");
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

// [what an op may carry] ---------------------------------------------------------------------

TEST_CASE("a payload carries only its kind's keys: anything else refuses the op, naming the key") {
    client c = base_client();
    c = ok(apply(&c, make_op("tag.add", {{"tag", "vip"}})));
    c = ok(apply(&c, make_op("custom.set", {{"key", "Source"}, {"value", "VK"}})));
    c = ok(apply(&c, make_op("item.add", {{"list", "emails"}, {"item", {{"address", "a@b.ru"}}}}, "c1", "d:2")));
    struct bad_case { const char* kind; json payload; const char* key; };
    const bad_case cases[] = {
        {"client.delete", {{"junk", 1}}, "junk"},
        {"tag.add", {{"tag", "hot"}, {"junk", json::array({1, 2})}}, "junk"},
        {"tag.remove", {{"tag", "vip"}, {"why", "x"}}, "why"},
        {"custom.set", {{"key", "k"}, {"value", "v"}, {"extra", "x"}}, "extra"},
        {"custom.remove", {{"key", "Source"}, {"value", "VK"}}, "value"},
        {"item.add", {{"list", "emails"}, {"item", {{"address", "x@y.ru"}}}, {"junk", "x"}}, "junk"},
        {"item.update", {{"list", "emails"}, {"id", "d:2"}, {"item", {{"address", "x@y.ru"}}}, {"more", 1}}, "more"},
        {"item.remove", {{"list", "emails"}, {"id", "d:2"}, {"item", json::object()}}, "item"},
        // item fields: only the list element's own
        {"item.add", {{"list", "emails"}, {"item", {{"address", "x@y.ru"}, {"colour", "red"}}}}, "colour"},
        {"item.update", {{"list", "emails"}, {"id", "d:2"}, {"item", {{"url", "https://x.ru"}}}}, "url"},
        // client.create and client.set: only known scalar fields
        {"client.set", {{"city", "Omsk"}, {"junk", {{"deep", {{"deeper", 1}}}}}}, "junk"},
        {"client.set", {{"phones", json::array()}}, "phones"},
    };
    for (const auto& bc : cases) {
        CAPTURE(bc.kind);
        CAPTURE(bc.payload.dump());
        const error e = refused(apply(&c, make_op(bc.kind, bc.payload, "c1", "d:9")));
        CHECK(e.code == "err.unknown_field");
        CHECK(e.field == bc.key);
    }
    const error create = refused(apply(nullptr, make_op("client.create", {{"name", "N"}, {"updated_at", 1}}, "c2")));
    CHECK(create.code == "err.unknown_field");
    CHECK(create.field == "updated_at");
    // The keys the codec writes for an element are fine (id, e164, extension are derived anyway).
    c = ok(apply(&c, make_op("item.add", {{"list", "phones"}, {"item", {{"id", "x"}, {"type", "work"}, {"raw", "+7 912 345-67-89"},
                                                                          {"e164", "+7"}, {"extension", ""}}}}, "c1", "d:3")));
    CHECK(c.phones.at(0).id == "d:3");
    CHECK(c.phones.at(0).e164 == "+79123456789");
}

TEST_CASE("enum words are validated, never defaulted: a bogus phone or address type refuses the op") {
    client c = base_client();
    const error add = refused(apply(&c, make_op("item.add", {{"list", "phones"}, {"item", {{"type", "bogus"}, {"raw", "+79123456789"}}}}, "c1", "d:2")));
    CHECK(add.code == "err.bad_value");
    CHECK(add.field == "phones.type");
    CHECK(add.detail == "bogus");
    c = ok(apply(&c, make_op("item.add", {{"list", "phones"}, {"item", {{"type", "home"}, {"raw", "+79123456789"}}}}, "c1", "d:2")));
    const error upd = refused(apply(&c, make_op("item.update", {{"list", "phones"}, {"id", "d:2"}, {"item", {{"type", "pager"}}}})));
    CHECK(upd.field == "phones.type");
    CHECK(c.phones[0].type == phone_type::home);
    const error addr = refused(apply(&c, make_op("item.add", {{"list", "addresses"}, {"item", {{"type", "moon"}, {"text", "Kazan"}}}}, "c1", "d:3")));
    CHECK(addr.code == "err.bad_value");
    CHECK(addr.field == "addresses.type");
    const error gender_create = refused(apply(nullptr, make_op("client.create", {{"name", "N"}, {"gender", "other"}}, "c2")));
    CHECK(gender_create.field == "gender");
}

TEST_CASE("item values have their types and bounds") {
    client c = base_client();
    c = ok(apply(&c, make_op("item.add", {{"list", "channels"}, {"item", {{"kind", "telegram"}, {"external_id", "42"}}}}, "c1", "d:2")));
    auto field_of = [&](const char* kind, json payload) { return refused(apply(&c, make_op(kind, payload, "c1", "d:9"))).field; };
    CHECK(field_of("item.update", {{"list", "channels"}, {"id", "d:2"}, {"item", {{"archived", "yes"}}}}) == "channels.archived");
    CHECK(field_of("item.update", {{"list", "channels"}, {"id", "d:2"}, {"item", {{"kind", nullptr}}}}) == "channels.kind");
    CHECK(field_of("item.add", {{"list", "phones"}, {"item", {{"raw", 79123456789}}}}) == "phones.raw");
    CHECK(field_of("item.add", {{"list", "phones"}, {"item", "+79123456789"}}) == "phones");
    // Derived fields are ignored, but kept in history as sent: so they are bounded too.
    const error big = refused(apply(&c, make_op("item.add", {{"list", "phones"}, {"item", {{"raw", "+79123456789"}, {"e164", std::string(5000, '7')}}}}, "c1", "d:9")));
    CHECK(big.code == "err.too_long");
    const error long_id = refused(apply(&c, make_op("item.remove", {{"list", "channels"}, {"id", std::string(300, 'x')}})));
    CHECK(long_id.code == "err.too_long");
    const error long_tag = refused(apply(&c, make_op("tag.remove", {{"tag", std::string(300, 't')}})));
    CHECK(long_tag.code == "err.too_long");
    CHECK(c.channels.size() == 1);
    CHECK_FALSE(c.channels[0].archived);
}

TEST_CASE("an op the decoder found defective is refused with the decoder's reason") {
    client c = base_client();
    op o = make_op("tag.add", {{"tag", "vip"}});
    o.defect = error{"err.bad_value", "at", "1e+300"};
    const error e = refused(apply(&c, o));
    CHECK(e == error{"err.bad_value", "at", "1e+300"});
    CHECK(c.tags.empty());
}

TEST_CASE("a deleted client comes back only by client.restore, as it was, and a create cannot take its id") {
    client c = base_client();
    c = ok(apply(&c, make_op("client.set", {{"city", "Omsk"}})));
    c = ok(apply(&c, make_op("client.delete", json::object())));
    REQUIRE(c.deleted);
    CHECK(refused(apply(&c, make_op("client.create", {{"name", "Someone else"}}))).code == "err.client_deleted");
    CHECK(refused(apply(&c, make_op("client.restore", {{"junk", 1}}))).code == "err.unknown_field");

    auto r = apply(&c, make_op("client.restore", json::object()));
    client back = ok(r);
    CHECK_FALSE(back.deleted);
    CHECK(back.name == "Ivan Petrov");
    CHECK(back.city == "Omsk");
    const auto& changes = std::get<applied>(r).changes;
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].field == "deleted");

    CHECK(refused(apply(&back, make_op("client.restore", json::object()))).code == "err.not_deleted");
    CHECK(refused(apply(nullptr, make_op("client.restore", json::object()))).code == "err.not_found");
    CHECK(refused(apply(&back, make_op("client.create", {{"name", "Again"}}))).code == "err.client_exists");
}
