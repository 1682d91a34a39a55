// op.hpp — the operation: the one unit of edit, history, local storage and sync (DESIGN §3).
//
// Kinds and payloads (payload holds only what the op changes):
//   client.create  {"name": "...", <any scalar field>...}
//   client.set     {<scalar field>: value, ...}       fields: see scalar_fields in apply.hpp
//   client.delete  {}
//   client.restore {}                                 a deleted client back (admins only, server policy)
//   item.add       {"list": "phones", "item": {...}}  element id = the op id
//   item.update    {"list": "phones", "id": "...", "item": {<changed fields>}}
//   item.remove    {"list": "phones", "id": "..."}
//   tag.add        {"tag": "vip"}          tag.remove {"tag": "vip"}
//   custom.set     {"key": "...", "value": "..."}     custom.remove {"key": "..."}
// Lists: phones, emails, sites, socials, channels, addresses, external_ids.
#pragma once
#include <cstdint>
#include <string>
#include <nlohmann/json.hpp>

namespace cc {

using json = nlohmann::json;

struct op {
    std::string id;         // "<device>:<seq>": unique without a random source in core
    std::string device;     // device id (a UUID made by the host once, kept in meta.json)
    std::int64_t seq = 0;   // per-device, increasing from 1
    std::string client_id;
    std::string kind;
    json payload = json::object();
    std::string actor;      // user who made it
    std::int64_t at = 0;    // ms since the Unix epoch
};

}  // namespace cc
