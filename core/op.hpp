// op.hpp — the operation: the one unit of edit, history, local storage and sync (DESIGN §3).
//
// An op carries exactly these keys: id, device, seq, client_id, kind, payload, at, and for ops on
// records `record` (and actor, which the server replaces with the token's user).
// Ops on records (kind "<record kind>.<mutator>", docs/records.md):
//   <kind>.create  {<field>: value, ...}      record = "<kind>:<op id>"
//   <kind>.set     {<field>: value, ...}      only the fields it changes; system fields refused
//   <kind>.delete  {}     <kind>.restore {}
//   <kind>.<named> {...}                      a named mutator with its payload schema (kinds/*.cpp) Its payload carries exactly the keys of its
// kind (payload holds only what the op changes); anything else refuses the op (apply):
//   client.create  {"name": "...", <scalar field>...}   fields: see scalar_fields in apply.cpp
//   client.set     {<scalar field>: value, ...}
//   client.delete  {}
//   client.restore {}                                 a deleted client back (admins only, server policy)
//   item.add       {"list": "phones", "item": {...}}  element id = the op id
//   item.update    {"list": "phones", "id": "...", "item": {<changed fields>}}
//   item.remove    {"list": "phones", "id": "..."}
//   tag.add        {"tag": "vip"}          tag.remove {"tag": "vip"}
//   custom.set     {"key": "...", "value": "..."}     custom.remove {"key": "..."}
// Lists and the fields their items may carry (the element's fields, client.hpp):
//   phones {id, type, raw, e164, extension}   emails {id, address}   sites {id, url}
//   socials {id, network, url}   channels {id, kind, external_id, archived}
//   addresses {id, type, text}   external_ids {id, system, value}
// (id, e164 and extension are accepted but ignored: apply derives them.)
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <nlohmann/json.hpp>

#include "error.hpp"
#include "schema/access.hpp"

namespace cc {

using json = nlohmann::json;

struct op {
    std::string id;         // "<device>:<seq>": unique without a random source in core
    std::string device;     // device id (a UUID made by the host once, kept in meta.json)
    std::int64_t seq = 0;   // per-device, increasing from 1
    std::string client_id;
    std::string kind;       // the mutator: "client.set", "task.create", "task.complete", ...
    // The record the op targets, for ops on records (task.*, call.*, comment.*: wire key "record");
    // "" for the client's own ops, whose target is client_id. Its kind is the part of `kind`
    // before the dot (schema/kind.hpp target_kind).
    std::string record_id;
    json payload = json::object();
    std::string actor;      // user who made it
    // The maker's role, as the server's token says (the card: the signed-in user's). Never
    // encoded: the server sets it from the token before it applies the op, as it sets `actor`.
    // Rules on who writes what read it (a provider's payment is corrected only by an integration).
    role by = role::manager;
    std::int64_t at = 0;    // ms since the Unix epoch
    // Set by the decoder (codec.hpp) when the op could be read as an op (id, client_id, kind)
    // but carries something it must not: a key ops do not have, an `at` that is not an integer
    // of ms, more bytes than an op may have. apply() refuses such an op with this error, so the
    // server records the refusal like any other and answers a re-sent copy the same way.
    // Never encoded.
    std::optional<error> defect;
};

}  // namespace cc
