// client.hpp — the client record: every field of the details card across the source systems
// (Leeloo.ai, GetCourse, MVP Project, Usedesk; see shared/seeds). Plain values, no behaviour.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cc {

enum class gender { unknown, male, female };
enum class phone_type { mobile, home, work, landline, fax, other };
enum class address_type { home, work, postal, other };

// List elements carry a stable id so two devices can edit different elements of one list.
struct phone {
    std::string id;
    phone_type type = phone_type::mobile;
    std::string raw;        // as the user typed it
    std::string e164;       // normalised, "+79123456789"; derived from raw by apply
    std::string extension;  // digits after "ext."/"доб."; kept apart from the number
};
struct email { std::string id; std::string address; };
struct site { std::string id; std::string url; };
struct social_profile { std::string id; std::string network; std::string url; };
struct channel { std::string id; std::string kind; std::string external_id; bool archived = false; };
struct address { std::string id; address_type type = address_type::home; std::string text; };
struct external_id { std::string id; std::string system; std::string value; };

struct client {
    std::string id;
    std::string name;
    std::string nickname;
    std::string avatar_url;
    cc::gender gender = gender::unknown;
    bool gender_set_by_hand = false;  // false: detected from a messenger or unknown
    std::string country;
    std::string city;
    std::string time_zone;  // IANA name, "Europe/Moscow"
    std::string language;   // ISO 639-1 code, "ru"
    std::string company;
    std::string position;
    std::string note;       // the one pinned note
    bool spammer = false;
    bool vip = false;
    std::vector<phone> phones;
    std::vector<email> emails;
    std::vector<site> sites;
    std::vector<social_profile> socials;
    std::vector<channel> channels;
    std::vector<address> addresses;
    std::vector<external_id> external_ids;
    std::vector<std::string> tags;                 // unique case-insensitively, in insertion order
    std::map<std::string, std::string> custom;     // custom field name -> value
    std::int64_t created_at = 0;  // ms since the Unix epoch (UTC)
    std::int64_t updated_at = 0;
    bool deleted = false;
};

}  // namespace cc
