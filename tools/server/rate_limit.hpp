// rate_limit.hpp — per-user token buckets: pushes (docs/api.md "Limits per user") and the bytes
// of file uploads (docs/api.md "Files").
//
// Each user has a bucket of `burst` tokens that refills at `per_second`; a push takes one. An
// empty bucket answers how long until the next token, which the push answer carries as
// `retry_after_s` (the HTTP layer sends it as Retry-After). Users share nothing: one user's
// burst never slows another. Buckets are keyed by user name and live as long as the server;
// users change only at start, so the map stays as small as the users table.
#pragma once
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace cc::server {

struct rate_limit {
    double per_second = 5;   // sustained pushes per user
    double burst = 100;      // pushes a user may send at once after a quiet spell
    bool enabled() const { return per_second > 0 && burst >= 1; }
};

class rate_limiter {
public:
    using clock = std::chrono::steady_clock;
    explicit rate_limiter(rate_limit limit) : limit_(limit) {}

    // Takes one token from `key`'s bucket. 0: allowed. Otherwise the whole seconds (>= 1) to
    // wait before a token is there again; nothing is taken then.
    int take(const std::string& key, clock::time_point now = clock::now()) { return take(key, 1, now); }
    // The same for `cost` tokens at once (the file store counts bytes). A cost above `burst`
    // never fits: it answers the wait for a full bucket and takes nothing.
    int take(const std::string& key, double cost, clock::time_point now = clock::now());

    const rate_limit& limit() const { return limit_; }

private:
    struct bucket {
        double tokens = 0;
        clock::time_point at{};
    };
    rate_limit limit_;
    std::mutex mutex_;
    std::unordered_map<std::string, bucket> buckets_;
};

}  // namespace cc::server
