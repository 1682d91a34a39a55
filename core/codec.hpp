// codec.hpp — JSON for the API and for local storage, with a schema version.
// Enums travel as lower-case words ("mobile", "female"); times as integer ms since the epoch.
// Decoding is strict: a word outside its set or a time that is not an integer throws
// json::exception; an op that carries keys or values ops do not have comes back with `defect`.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "client.hpp"
#include "conflict.hpp"
#include "error.hpp"
#include "journal.hpp"
#include "op.hpp"
#include "record.hpp"
#include "store.hpp"

namespace cc {

inline constexpr int schema_version = 1;

void to_json(json& j, const client& c);
void from_json(const json& j, client& c);   // throws json::exception on a wrong shape
void to_json(json& j, const record& r);
void from_json(const json& j, record& r);   // throws json::exception on a wrong shape
void to_json(json& j, const op& o);
void from_json(const json& j, op& o);
void to_json(json& j, const activity_entry& e);
void from_json(const json& j, activity_entry& e);
void to_json(json& j, const error& e);
void from_json(const json& j, error& e);
void to_json(json& j, const journal_entry& e);
void from_json(const json& j, journal_entry& e);
void to_json(json& j, const conflict& c);
void from_json(const json& j, conflict& c);
const char* to_string(op_state s);

// The same text as json(x).dump(), appended to `out` straight from the struct (no document in
// between: codec_write.cpp). Throws json::type_error as dump() does on a string that is not UTF-8.
void write_json(std::string& out, const client& c);
void write_json(std::string& out, const record& r);
void write_json(std::string& out, const activity_entry& e);

// Element codecs, used by item ops too.
void to_json(json& j, const phone& v);      void from_json(const json& j, phone& v);
void to_json(json& j, const email& v);      void from_json(const json& j, email& v);
void to_json(json& j, const site& v);       void from_json(const json& j, site& v);
void to_json(json& j, const social_profile& v); void from_json(const json& j, social_profile& v);
void to_json(json& j, const channel& v);    void from_json(const json& j, channel& v);
void to_json(json& j, const address& v);    void from_json(const json& j, address& v);
void to_json(json& j, const external_id& v); void from_json(const json& j, external_id& v);

// The words of the fixed sets; nullopt for any other word.
std::optional<gender> gender_from(std::string_view word);
std::optional<phone_type> phone_type_from(std::string_view word);
std::optional<address_type> address_type_from(std::string_view word);

const char* to_string(gender g);
const char* to_string(phone_type t);
const char* to_string(address_type t);

}  // namespace cc
