// record_list.cpp — see record_list.hpp.
#include "ui/kit/record_list.hpp"

#include <algorithm>

namespace ui {

std::vector<const cc::record*> live_records(const view& v, const cc::client& c, const char* kind) {
    std::vector<const cc::record*> out;
    for (const cc::record* r : v.m.store.records_of(c.id, kind))
        if (!r->deleted) out.push_back(r);
    return out;
}

void sort_records(std::vector<const cc::record*>& list, record_before before, const void* ctx) {
    std::stable_sort(list.begin(), list.end(),
                     [&](const cc::record* a, const cc::record* b) { return before(*a, *b, ctx); });
}

namespace {
struct time_fields {
    const char* time;
    const char* fallback;
};
std::int64_t time_of(const cc::record& r, const time_fields& f) {
    if (!f.time) return r.created_at;
    return r.number(f.time, f.fallback ? r.number(f.fallback) : r.created_at);
}
}  // namespace

void newest_first(std::vector<const cc::record*>& list, const char* time_field, const char* fallback_field) {
    const time_fields f{time_field, fallback_field};
    sort_records(list, [](const cc::record& a, const cc::record& b, const void* ctx) {
        const auto& fields = *static_cast<const time_fields*>(ctx);
        return time_of(a, fields) > time_of(b, fields);
    }, &f);
}

}  // namespace ui
