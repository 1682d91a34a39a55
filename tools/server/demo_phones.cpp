// demo_phones.cpp — written forms of demo phone numbers, per calling code.
#include "demo_phones.hpp"

namespace cc::demo {

phone_digits make_number(random& rng, const std::string& calling_code, const number_plan& plan) {
    std::size_t free_digits =
        plan.local_length > plan.local_prefix.size() ? plan.local_length - plan.local_prefix.size() : 0;
    std::string local = plan.local_prefix + rng.digits(free_digits);
    // A local number never starts with 0 (it would read as a trunk prefix).
    if (!local.empty() && local[0] == '0') local[0] = '2';
    return {calling_code, plan.area, local};
}

// "3456789" -> "345-67-89" (or "345 67 89"); 6 digits -> "12-34-56"; others in fours.
static std::string grouped(const std::string& d, char sep) {
    std::string out;
    auto put = [&](std::size_t from, std::size_t n) {
        if (!out.empty()) out += sep;
        out += d.substr(from, n);
    };
    if (d.size() == 7) { put(0, 3); put(3, 2); put(5, 2); }
    else if (d.size() == 6) { put(0, 2); put(2, 2); put(4, 2); }
    else {
        for (std::size_t i = 0; i < d.size(); i += 4) put(i, 4);
    }
    return out;
}

// The North American and British way: "555-0123", "7946 0123", "900123".
static std::string split_tail(const std::string& d, std::size_t tail, char sep) {
    if (d.size() <= tail) return d;
    return d.substr(0, d.size() - tail) + sep + d.substr(d.size() - tail);
}

std::size_t style_count(const phone_digits& n) {
    if (n.calling_code == "7") return 8;
    if (n.calling_code == "380") return 4;
    if (n.calling_code == "375") return 3;
    if (n.calling_code == "1") return 4;
    if (n.calling_code == "44") return 3;
    if (n.calling_code == "49") return 4;
    return 1;
}

static std::string write_number(const phone_digits& n, std::size_t style) {
    const std::string& a = n.area;
    const std::string& l = n.local;
    const std::string all = a + l;
    if (n.calling_code == "7") {
        switch (style) {
            case 0: return "+7 (" + a + ") " + grouped(l, '-');
            case 1: return "8 " + a + " " + grouped(l, ' ');
            case 2: return "8" + all;
            case 3: return "+7" + all;
            case 4: return "8 (" + a + ") " + grouped(l, '-');
            case 5: return "+7 " + a + " " + grouped(l, '-');
            case 6: return "8-" + a + "-" + grouped(l, '-');
            default: return "8(" + a + ")" + grouped(l, '-');
        }
    }
    if (n.calling_code == "380") {
        switch (style) {
            case 0: return "+380 " + a + " " + split_tail(l, 4, ' ');
            case 1: return "+380 (" + a + ") " + grouped(l, '-');
            case 2: return "+38 0" + a + " " + grouped(l, ' ');
            default: return "+380" + all;
        }
    }
    if (n.calling_code == "375") {
        switch (style) {
            case 0: return "+375 " + a + " " + grouped(l, '-');
            case 1: return "+375 (" + a + ") " + grouped(l, ' ');
            default: return "+375" + all;
        }
    }
    if (n.calling_code == "1") {
        switch (style) {
            case 0: return "+1 (" + a + ") " + split_tail(l, 4, '-');
            case 1: return "+1 " + a + "-" + split_tail(l, 4, '-');
            case 2: return "+1" + all;
            default: return "+1 " + a + " " + split_tail(l, 4, ' ');
        }
    }
    if (n.calling_code == "44") {
        switch (style) {
            case 0: return "+44 " + a + " " + split_tail(l, l.size() == 6 ? 6 : 4, ' ');
            case 1: return "+44" + all;
            default: return "0044 " + a + " " + split_tail(l, 4, ' ');
        }
    }
    if (n.calling_code == "49") {
        switch (style) {
            case 0: return "+49 " + a + " " + l;
            case 1: return "+49 (" + a + ") " + split_tail(l, 4, ' ');
            case 2: return "+49" + all;
            default: return "0049 " + a + " " + l;
        }
    }
    return "+" + n.calling_code + all;
}

std::string write_phone(const phone_digits& n, std::size_t style, std::string_view extension,
                        text_style language) {
    std::string s = write_number(n, style % style_count(n));
    if (!extension.empty())
        s += (language == text_style::russian ? " доб. " : " ext. ") + std::string(extension);
    return s;
}

}  // namespace cc::demo
