// filter_combo.hpp — a combo whose popup starts with a filter box, for long lists (time zones,
// languages, users); text that matches no option can be used as it is when `check` accepts it.
#pragma once
#include <string>
#include <vector>

#include "ui/widgets.hpp"

namespace ui {

struct option { std::string value, shown; };

// Returns true when the user picked a value other than `current` (in *out). `label` is the
// visible label of the field (for the semantic tree); `preview` what the closed combo shows.
// `allow_none`: the list starts with "(not set)", which picks "".
bool filter_combo(view& v, const char* id, const std::string& label, const std::string& current,
                  const std::string& preview, const std::vector<option>& options, const validator& check,
                  std::string* out, bool allow_none = true, float width = 0);

// The IANA zones the card offers (the core accepts any valid zone; these are the common ones
// of the products' users, and UTC).
const std::vector<std::string>& common_time_zones();

}  // namespace ui
