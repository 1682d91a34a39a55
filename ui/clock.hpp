// clock.hpp — the platform seam for time zones (the core never reads a clock or a zone; the ui
// needs both to show and enter times in the viewer's zone). One backend per platform, chosen by
// the build: ui/clock_posix.cpp (tzdata in /usr/share/zoneinfo; the native ui tests) and
// wasm/clock_web.cpp (Intl.DateTimeFormat, wasm/js/host_clock.js). The wall clock itself comes
// from the host each frame (ui_state::now_ms).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace ui {

// The IANA zone of the person looking at the card ("Europe/Moscow"); "UTC" when unknown.
std::string viewer_time_zone();
// True when the platform knows `iana_zone`.
bool time_zone_known(std::string_view iana_zone);
// Minutes east of UTC in `iana_zone` at the instant `utc_ms` (DST-correct; +330 for
// Asia/Kolkata). A zone the platform does not know: 0 (the ui says the zone is unknown).
int utc_offset_minutes(std::string_view iana_zone, std::int64_t utc_ms);

}  // namespace ui
