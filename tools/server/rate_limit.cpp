// rate_limit.cpp — see rate_limit.hpp.
#include "rate_limit.hpp"

#include <algorithm>
#include <cmath>

namespace cc::server {

int rate_limiter::take(const std::string& key, double cost, clock::time_point now) {
    if (!limit_.enabled()) return 0;
    std::lock_guard<std::mutex> lock(mutex_);
    auto [it, fresh] = buckets_.try_emplace(key, bucket{limit_.burst, now});
    bucket& b = it->second;
    if (!fresh && now > b.at) {
        const double elapsed = std::chrono::duration<double>(now - b.at).count();
        b.tokens = std::min(limit_.burst, b.tokens + elapsed * limit_.per_second);
        b.at = now;
    }
    if (cost <= b.tokens) {
        b.tokens -= cost;
        return 0;
    }
    // Rounded up: a client that waits this long finds enough tokens.
    const double wait = (std::min(cost, limit_.burst) - b.tokens) / limit_.per_second;
    return std::max(1, static_cast<int>(std::ceil(wait)));
}

}  // namespace cc::server
