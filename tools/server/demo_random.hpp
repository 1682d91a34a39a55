// demo_random.hpp — the demo generator's random source: splitmix64 with a fixed seed.
// The same seed gives the same numbers on every machine and compiler (only integer math, no
// std::random_device and no std::*_distribution, whose output the standard leaves open).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace cc::demo {

class random {
public:
    explicit random(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // 0 <= result < n. The modulo bias is below 1e-9 for the small n used here.
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
    std::int64_t between(std::int64_t lo, std::int64_t hi) {  // inclusive
        return lo + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(hi - lo + 1));
    }
    bool percent(unsigned p) { return below(100) < p; }
    template <class T, std::size_t N> const T& pick(const T (&items)[N]) { return items[below(N)]; }
    template <class V> const typename V::value_type& pick(const V& items) { return items[below(items.size())]; }
    std::string digits(std::size_t count) {
        std::string s;
        for (std::size_t i = 0; i < count; ++i) s += static_cast<char>('0' + below(10));
        return s;
    }

private:
    std::uint64_t state_;
};

// A seed for item `index` of stream `seed`, so client i does not depend on how many clients
// came before it: make_demo_clients(10) is a prefix of make_demo_clients(2000).
inline std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t index) {
    random r(seed ^ (index * 0xD1B54A32D192ED03ull));
    r.next();
    return r.next();
}

// Time spans in milliseconds, for dates the generators spread out.
inline constexpr std::int64_t minute_ms = 60'000;
inline constexpr std::int64_t hour_ms = 60 * minute_ms;
inline constexpr std::int64_t day_ms = 24 * hour_ms;

}  // namespace cc::demo
