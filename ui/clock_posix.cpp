// clock_posix.cpp — the native backend of clock.hpp: the system's tzdata through the C library
// (TZ + tzset + localtime_r, under a mutex: TZ is process-wide). Built for every native target
// (the ui tests); the browser build uses wasm/clock_web.cpp instead.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <mutex>
#include <unordered_map>

#include "ui/clock.hpp"

namespace ui {

namespace {

std::mutex g_mutex;

// A name that can only be a path under the zoneinfo folder: letters, digits, "_+-/", no "..".
bool plausible(std::string_view z) {
    if (z.empty() || z.size() > 64 || z.front() == '/' || z.find("..") != std::string_view::npos) return false;
    for (char c : z) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                        c == '+' || c == '-' || c == '/';
        if (!ok) return false;
    }
    return true;
}

bool known_locked(const std::string& zone) {
    static std::unordered_map<std::string, bool> cache;
    if (auto it = cache.find(zone); it != cache.end()) return it->second;
    struct stat st {};
    const bool ok = plausible(zone) && ::stat(("/usr/share/zoneinfo/" + zone).c_str(), &st) == 0 && S_ISREG(st.st_mode);
    if (cache.size() < 1024) cache.emplace(zone, ok);
    return ok;
}

// The offset at one instant, with TZ switched to the zone and back.
int offset_locked(const std::string& zone, std::int64_t utc_ms) {
    const char* old = std::getenv("TZ");
    const std::string saved = old ? old : "";
    ::setenv("TZ", zone.c_str(), 1);
    ::tzset();
    std::int64_t secs = utc_ms / 1000;
    if (utc_ms % 1000 < 0) --secs;
    const std::time_t t = static_cast<std::time_t>(secs);
    std::tm tm {};
    const bool ok = ::localtime_r(&t, &tm) != nullptr;
    if (old) ::setenv("TZ", saved.c_str(), 1);
    else ::unsetenv("TZ");
    ::tzset();
    return ok ? static_cast<int>(tm.tm_gmtoff / 60) : 0;
}

}  // namespace

bool time_zone_known(std::string_view iana_zone) {
    std::lock_guard<std::mutex> lock(g_mutex);
    return known_locked(std::string(iana_zone));
}

int utc_offset_minutes(std::string_view iana_zone, std::int64_t utc_ms) {
    const std::string zone(iana_zone);
    std::lock_guard<std::mutex> lock(g_mutex);
    if (!known_locked(zone)) return 0;
    // Every transition of today's zones falls on a quarter hour (UTC): cache per quarter hour.
    constexpr std::int64_t quarter = 15 * 60 * 1000;
    const std::int64_t bucket = utc_ms / quarter - (utc_ms % quarter < 0 ? 1 : 0);
    static std::unordered_map<std::string, int> cache;
    const std::string key = zone + '@' + std::to_string(bucket);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
    const int off = offset_locked(zone, bucket * quarter);
    if (cache.size() > 8192) cache.clear();
    cache.emplace(key, off);
    return off;
}

std::string viewer_time_zone() {
    static const std::string zone = [] {
        std::lock_guard<std::mutex> lock(g_mutex);
        if (const char* tz = std::getenv("TZ"); tz && *tz) {
            std::string z = tz[0] == ':' ? tz + 1 : tz;
            if (known_locked(z)) return z;
        }
        std::ifstream f("/etc/timezone");
        std::string z;
        if (f && std::getline(f, z) && known_locked(z)) return z;
        char buf[256];
        const ssize_t n = ::readlink("/etc/localtime", buf, sizeof buf - 1);
        if (n > 0) {
            std::string link(buf, static_cast<std::size_t>(n));
            const auto p = link.find("zoneinfo/");
            if (p != std::string::npos && known_locked(link.substr(p + 9))) return link.substr(p + 9);
        }
        return std::string("UTC");
    }();
    return zone;
}

}  // namespace ui
