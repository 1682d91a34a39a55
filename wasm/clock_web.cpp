// clock_web.cpp — the browser backend of ui/clock.hpp: the viewer's zone and a zone's offset at
// an instant from Intl.DateTimeFormat (wasm/js/host_clock.js), which knows the browser's tzdata.
#include <cmath>
#include <cstdlib>
#include <string>
#include <unordered_map>

#include "ui/clock.hpp"

extern "C" {
char* cc_js_clock_zone();                                   // malloc'd UTF-8; the caller frees
double cc_js_clock_offset(const char* zone, double utc_ms);  // minutes; NaN for an unknown zone
}

namespace ui {

namespace {
// Every transition of today's zones falls on a quarter hour (UTC): one question per quarter.
double offset_at(const std::string& zone, std::int64_t utc_ms) {
    constexpr std::int64_t quarter = 15 * 60 * 1000;
    const std::int64_t bucket = utc_ms / quarter - (utc_ms % quarter < 0 ? 1 : 0);
    static std::unordered_map<std::string, double> cache;
    const std::string key = zone + '@' + std::to_string(bucket);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
    const double off = cc_js_clock_offset(zone.c_str(), static_cast<double>(bucket * quarter));
    if (cache.size() > 8192) cache.clear();
    cache.emplace(key, off);
    return off;
}
}  // namespace

std::string viewer_time_zone() {
    static const std::string zone = [] {
        char* z = cc_js_clock_zone();
        std::string out = z ? z : "";
        std::free(z);
        return out.empty() ? std::string("UTC") : out;
    }();
    return zone;
}

bool time_zone_known(std::string_view iana_zone) {
    if (iana_zone.empty()) return false;
    return !std::isnan(offset_at(std::string(iana_zone), 0));
}

int utc_offset_minutes(std::string_view iana_zone, std::int64_t utc_ms) {
    if (iana_zone.empty()) return 0;
    const double off = offset_at(std::string(iana_zone), utc_ms);
    return std::isnan(off) ? 0 : static_cast<int>(off);
}

}  // namespace ui
