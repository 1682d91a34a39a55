// Codecs: a client survives JSON both ways; wrong shapes are errors, not silent defaults.
#include <doctest/doctest.h>

#include "core/codec.hpp"
#include "core/storage.hpp"

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

TEST_CASE("wrong types throw; unknown enum words fall back") {
    CHECK_THROWS(json({{"id", "c1"}, {"name", 5}}).get<client>());
    CHECK_THROWS(json({{"name", "no id"}}).get<client>());
    CHECK_THROWS(json::array().get<client>());
    const client c = json({{"id", "c1"}, {"gender", "other"}, {"phones", {{{"id", "p"}, {"type", "pager"}}}}}).get<client>();
    CHECK(c.gender == gender::unknown);
    CHECK(c.phones[0].type == phone_type::other);
}

TEST_CASE("storage layout: shards are stable and every client lands in exactly one") {
    CHECK(shard_of("c-000001") == shard_of("c-000001"));
    CHECK(shard_path(3) == "base/03.json");
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
