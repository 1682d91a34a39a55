// error_text.hpp — English text for a core refusal (cc::error), for the `message` of a rejected
// op. The card shows `code` from its own string table in the user's language; `message` is for
// logs, developers and clients without that table.
#pragma once
#include <string>

#include "core/error.hpp"

namespace cc::server {

std::string english_message(const error& e);

}  // namespace cc::server
