// conflict.hpp — a conflict record: another device changed a field that a local op also
// changed, neither having seen the other. Kept until the user chooses (DESIGN §5).
#pragma once
#include <cstdint>
#include <string>

#include "op.hpp"

namespace cc {

// Someone else changed a field that a local op also changed, concurrently (neither saw the
// other). The later one in server order wins; the user may keep theirs or take the other.
struct conflict {
    std::string id;                 // "<their op id>|<field>"
    std::string client_id;
    std::string field;              // "name", "phones:<id>:raw", "custom:<key>", ...; a record's field key
    std::string record_id;          // the record both sides changed ("" for the client's fields)
    std::string their_actor;
    std::int64_t their_at = 0;
    std::string their_value;        // as the log shows it
    std::string my_value;
    bool mine_won = true;           // mine was applied after theirs (or is still to be sent)
    std::string my_kind, their_kind;  // the op that re-applies each side
    json my_payload, their_payload;
};

}  // namespace cc
