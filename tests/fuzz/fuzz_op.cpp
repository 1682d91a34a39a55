// fuzz_op — feeds one op as JSON text (the shape of one element of a push's "ops", and of a
// journal entry's op) through core: decode with the codec, apply to a client that has data in
// every list (and, for client.create, to no client), then encode what came out and decode it
// again.
//
// Checks: nothing crashes or throws past the codec's documented json::exception; the op, the
// changed client and its activity entry each survive encode -> text -> decode unchanged (what
// the server stores and every card reads back). Run with -dict=tests/fuzz/keys.dict.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

#include "core/apply.hpp"
#include "core/codec.hpp"
#include "core/json_limits.hpp"

namespace {

using cc::json;

void must(bool ok, const char* what, const json& a, const json& b) {
    if (ok) return;
    std::fprintf(stderr, "fuzz_op: %s\n  got:  %s\n  want: %s\n", what,
                 a.dump(-1, ' ', false, json::error_handler_t::replace).c_str(),
                 b.dump(-1, ' ', false, json::error_handler_t::replace).c_str());
    std::abort();
}

// A client with an element in every list, tags and custom fields: item.update, item.remove,
// tag.remove and custom.remove have something to find. Ids match the seeds and the dictionary.
const cc::client& full_client() {
    static const cc::client c = json::parse(R"({
      "id": "c1", "name": "Ivan Petrov", "nickname": "vanya", "avatar_url": "https://example.com/a.png",
      "gender": "male", "gender_set_by_hand": true, "country": "RU", "city": "Kazan",
      "time_zone": "Europe/Moscow", "language": "ru", "company": "Roga i Kopyta", "position": "CEO",
      "note": "calls after 6 pm\nprefers Telegram", "spammer": false, "vip": true,
      "phones": [{"id": "p1", "type": "mobile", "raw": "+7 912 345-67-89", "e164": "+79123456789", "extension": ""},
                 {"id": "p2", "type": "work", "raw": "8 843 123 45 67 ext. 12", "e164": "+78431234567", "extension": "12"}],
      "emails": [{"id": "e1", "address": "ivan@example.com"}],
      "sites": [{"id": "s1", "url": "https://ivan.example.com"}],
      "socials": [{"id": "so1", "network": "vk", "url": "https://vk.com/ivan"}],
      "channels": [{"id": "ch1", "kind": "telegram", "external_id": "@ivan", "archived": false}],
      "addresses": [{"id": "a1", "type": "work", "text": "Kazan, Baumana 1"}],
      "external_ids": [{"id": "x1", "system": "getcourse", "value": "12345"}],
      "tags": ["vip", "b2b"], "custom": {"source": "fair", "budget": "100000"},
      "created_at": 1700000000000, "updated_at": 1700000100000, "deleted": false
    })").get<cc::client>();
    return c;
}

// encode -> text -> decode -> encode gives the same JSON: nothing is lost or changed on the way
// through storage or the wire.
template <class T>
void round_trip(const T& value, const char* what) {
    const json first = value;
    const std::string text = first.dump();  // throws on invalid UTF-8: a crash worth seeing
    const json again = json::parse(text).get<T>();
    must(again == first, what, again, first);
}

void check_applied(const cc::op& o, const cc::client* before) {
    auto result = cc::apply(before, o);
    if (auto* ok = std::get_if<cc::applied>(&result)) {
        must(ok->after.id == o.client_id, "apply keeps the op's client id", ok->after.id, o.client_id);
        round_trip(ok->after, "the changed client must survive encode/decode");
        round_trip(cc::make_activity(o, ok->changes, false), "the activity entry must survive encode/decode");
    } else {
        const cc::error& e = std::get<cc::error>(result);
        must(!e.code.empty(), "a refused op says why", json(e.code), json("err.*"));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string why;
    // The server's bounds for a push body (json_limits.hpp); past them there is no op to decode.
    auto doc = cc::parse_bounded(std::string_view(reinterpret_cast<const char*>(data), size), {1u << 20, 64}, why);
    if (!doc) return 0;
    cc::op o;
    try {
        o = doc->get<cc::op>();
    } catch (const json::exception&) {
        return 0;  // the codec's documented refusal of a wrong shape
    }
    round_trip(o, "the op must survive encode/decode");
    cc::client before = full_client();  // the server finds the client by the op's client_id
    before.id = o.client_id;
    check_applied(o, &before);
    if (o.kind == "client.create") check_applied(o, nullptr);
    return 0;
}
