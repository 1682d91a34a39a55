// Codecs: a client survives JSON both ways; wrong shapes are errors, not silent defaults.
#include <doctest/doctest.h>

#include "core/codec.hpp"
#include "core/storage.hpp"
#include "core/text.hpp"

using namespace cc;

TEST_CASE("a client with every field round-trips through JSON") {
    client c;
    c.id = "c1"; c.name = "Иван"; c.nickname = "vanya"; c.avatar_url = "https://a.ru/x.png";
    c.gender = gender::male; c.gender_set_by_hand = true; c.country = "Россия"; c.city = "Казань";
    c.time_zone = "Europe/Moscow"; c.language = "ru"; c.company = "ООО Ромашка"; c.position = "CEO";
    c.note = "после 18:00"; c.spammer = true; c.vip = true;
    c.phones = {{"p", phone_type::fax, "8 495 123-45-67", "+74951234567", "12"}};
    c.emails = {{"e", "i@a.ru"}}; c.sites = {{"s", "https://a.ru"}};
    c.socials = {{"n", "vk", "https://vk.com/i"}}; c.channels = {{"ch", "telegram", "42", true}};
    c.addresses = {{"a", address_type::postal, "Казань"}}; c.external_ids = {{"x", "amo", "9"}};
    c.tags = {"vip", "горячий"}; c.custom = {{"Источник", "VK"}};
    c.created_at = 1; c.updated_at = 2;
    const json j = c;
    const client back = j.get<client>();
    CHECK(json(back) == j);
    CHECK(j["phones"][0]["type"] == "fax");
    CHECK(j["addresses"][0]["type"] == "postal");
}

TEST_CASE("utf8_sequence_length: the shard writer and the semantic tree agree on what is UTF-8") {
    CHECK(utf8_sequence_length("a", 0) == 1);
    CHECK(utf8_sequence_length("\xD0\x81", 0) == 2);           // Ё
    CHECK(utf8_sequence_length("\xE2\x82\xBD", 0) == 3);       // ₽
    CHECK(utf8_sequence_length("\xF0\x9F\x98\x80", 0) == 4);   // an emoji
    CHECK(utf8_sequence_length("x\xD0\x81", 1) == 2);          // from the middle of a string
    CHECK(utf8_sequence_length("\x81", 0) == 0);                // a stray continuation byte
    CHECK(utf8_sequence_length("\xC0\xAF", 0) == 0);            // overlong '/'
    CHECK(utf8_sequence_length("\xE0\x80\xAF", 0) == 0);        // overlong, 3 bytes
    CHECK(utf8_sequence_length("\xED\xA0\x80", 0) == 0);        // a surrogate
    CHECK(utf8_sequence_length("\xF4\x90\x80\x80", 0) == 0);    // above U+10FFFF
    CHECK(utf8_sequence_length("\xE2\x82", 0) == 0);            // cut short
    CHECK(utf8_sequence_length("\xFF", 0) == 0);
}

TEST_CASE("wrong types throw; unknown enum words are refused, not read as a neutral value") {
    CHECK_THROWS(json({{"id", "c1"}, {"name", 5}}).get<client>());
    CHECK_THROWS(json({{"name", "no id"}}).get<client>());
    CHECK_THROWS(json::array().get<client>());
    // A stored file or a pull page with a word outside the set is damaged or forged: refusing it
    // says so; reading "pager" as "other" would hide it and write it back as "other".
    CHECK_THROWS_WITH(json({{"id", "c1"}, {"gender", "other"}}).get<client>(), doctest::Contains("gender"));
    CHECK_THROWS_WITH(json({{"id", "c1"}, {"phones", {{{"id", "p"}, {"type", "pager"}}}}}).get<client>(),
                      doctest::Contains("phones.type: unknown value \"pager\""));
    CHECK_THROWS(json({{"id", "c1"}, {"addresses", {{{"id", "a"}, {"type", "moon"}, {"text", "x"}}}}}).get<client>());
    CHECK_THROWS(json({{"id", "c1"}, {"phones", {{{"id", "p"}, {"type", 3}}}}}).get<client>());
    // Absent words are an older writer's: they take the defaults.
    const client c = json({{"id", "c1"}, {"phones", {{{"id", "p"}, {"raw", "1"}}}}}).get<client>();
    CHECK(c.gender == gender::unknown);
    CHECK(c.phones[0].type == phone_type::other);
    CHECK(phone_type_from("fax") == phone_type::fax);
    CHECK_FALSE(phone_type_from("bogus").has_value());
    CHECK(address_type_from("postal") == address_type::postal);
    CHECK_FALSE(gender_from("robot").has_value());
}

TEST_CASE("times must be integers: 1e300, 1.5 and \"x\" throw instead of being cast") {
    for (json bad : {json(1e300), json(1.5), json("x"), json(9.3e18), json(std::uint64_t{9300000000000000000u})}) {
        CAPTURE(bad.dump());
        CHECK_THROWS(json({{"id", "c1"}, {"updated_at", bad}}).get<client>());
        CHECK_THROWS(json({{"op_id", "d:1"}, {"at", bad}}).get<activity_entry>());
        CHECK_THROWS(json({{"id", "k"}, {"client_id", "c1"}, {"their_at", bad}}).get<conflict>());
    }
    CHECK(json({{"id", "c1"}, {"updated_at", 1700000000000}}).get<client>().updated_at == 1700000000000);
}

namespace {
json op_json() {
    return {{"id", "d:1"}, {"device", "d"}, {"seq", 1}, {"client_id", "c1"}, {"kind", "tag.add"},
            {"payload", {{"tag", "vip"}}}, {"actor", "Anna"}, {"at", 1700000000000}};
}
}  // namespace

TEST_CASE("an op carries only its keys; a bad at or a stray key is a defect, not a guess") {
    op good = op_json().get<op>();
    CHECK_FALSE(good.defect.has_value());
    CHECK(good.at == 1700000000000);
    CHECK(json(good) == op_json());  // the defect is never encoded

    json junk = op_json();
    junk["junk"] = "x";
    op j = junk.get<op>();
    REQUIRE(j.defect.has_value());
    CHECK(j.defect->code == "err.unknown_field");
    CHECK(j.defect->field == "junk");

    for (json bad : {json(1e300), json(1.5), json("x"), json(9.3e18), json(std::uint64_t{9300000000000000000u})}) {
        CAPTURE(bad.dump());
        json o = op_json();
        o["at"] = bad;
        op d = o.get<op>();
        REQUIRE(d.defect.has_value());
        CHECK(d.defect->code == "err.bad_value");
        CHECK(d.defect->field == "at");
        CHECK(d.at == 0);  // never converted
    }
    json arr = op_json();
    arr["payload"] = json::array({1, 2});
    REQUIRE(arr.get<op>().defect.has_value());
    CHECK(arr.get<op>().defect->field == "payload");

    // Not readable as an op at all: thrown (the server refuses the batch).
    json no_id = op_json();
    no_id.erase("id");
    CHECK_THROWS(no_id.get<op>());
    CHECK_THROWS(json::array().get<op>());
}

TEST_CASE("a journal entry whose op is defective or whose state is unknown is damage, not pending") {
    json entry = {{"op", op_json()}, {"base_version", 3}, {"state", "pending"}};
    CHECK(entry.get<journal_entry>().op.id == "d:1");
    json stray = entry;
    stray["op"]["colour"] = "red";
    CHECK_THROWS_WITH(stray.get<journal_entry>(), doctest::Contains("err.unknown_field colour"));
    json state = entry;
    state["state"] = "maybe";
    CHECK_THROWS(state.get<journal_entry>());
}

TEST_CASE("storage layout: shards are stable and every client lands in exactly one") {
    CHECK(shard_of("c-000001") == shard_of("c-000001"));
    CHECK(shard_path(3) == "shards/03.json");          // the base mount (schema 3)
    CHECK(legacy_shard_path(3) == "base/03.json");     // schema 1-2, read and migrated
    CHECK(shard_of_path("shards/03.json") == 3);
    CHECK(shard_of_path("base/63.json") == 63);
    CHECK(shard_of_path("shards/64.json") == -1);
    CHECK(shard_of_path("shards/3.json") == -1);
    CHECK(shard_of_path("journal/000000000012.json") == -1);
    CHECK(journal_path(12) == "journal/000000000012.json");
    client_store s;
    for (int i = 0; i < 500; ++i) {
        client c;
        c.id = "c" + std::to_string(i);
        c.name = "n";
        s.base[c.id] = c;
    }
    std::set<int> all;
    for (int i = 0; i < shard_count; ++i) all.insert(i);
    std::map<std::string, std::string> files;
    for (auto& [p, txt] : encode_shards(s, all)) files[p] = txt;
    CHECK(files.size() == static_cast<std::size_t>(shard_count));
    auto st = std::get<stored_state>(decode_storage(files));
    CHECK(st.base.size() == 500);
}
