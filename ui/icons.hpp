// icons.hpp — the Font Awesome 4.7 icons the card uses, as UTF-8 strings to put in labels.
// The host's font build subsets the icon font to exactly the codepoints written as 0xf... in this
// file: every icon is listed with its codepoint, and no other such number appears here.
#pragma once

// clang-format off
#define ICON_SEARCH         "\xef\x80\x82"  // 0xf002 search
#define ICON_USER           "\xef\x80\x87"  // 0xf007 user
#define ICON_TIMES          "\xef\x80\x8d"  // 0xf00d times (close, remove)
#define ICON_CHECK          "\xef\x80\x8c"  // 0xf00c check (saved)
#define ICON_STAR           "\xef\x80\x85"  // 0xf005 star (VIP)
#define ICON_CLOCK          "\xef\x80\x97"  // 0xf017 clock-o (pending, time)
#define ICON_REFRESH        "\xef\x80\xa1"  // 0xf021 refresh (syncing)
#define ICON_TAG            "\xef\x80\xab"  // 0xf02b tag
#define ICON_PENCIL         "\xef\x81\x80"  // 0xf040 pencil
#define ICON_MAP_MARKER     "\xef\x81\x81"  // 0xf041 map-marker (address, location)
#define ICON_CHEVRON_LEFT   "\xef\x81\x93"  // 0xf053 chevron-left (back)
#define ICON_BAN            "\xef\x81\x9e"  // 0xf05e ban (spammer)
#define ICON_PLUS           "\xef\x81\xa7"  // 0xf067 plus
#define ICON_EXCLAMATION    "\xef\x81\xb1"  // 0xf071 exclamation-triangle (error)
#define ICON_COMMENT        "\xef\x81\xb5"  // 0xf075 comment (note, messenger channel)
#define ICON_EXTERNAL_LINK  "\xef\x82\x8e"  // 0xf08e external-link (open)
#define ICON_PHONE          "\xef\x82\x95"  // 0xf095 phone
#define ICON_GLOBE          "\xef\x82\xac"  // 0xf0ac globe (site, social profile)
#define ICON_CLOUD          "\xef\x83\x82"  // 0xf0c2 cloud (synced)
#define ICON_ENVELOPE       "\xef\x83\xa0"  // 0xf0e0 envelope (email)
#define ICON_FEMALE         "\xef\x86\x82"  // 0xf182 female
#define ICON_MALE           "\xef\x86\x83"  // 0xf183 male
#define ICON_HISTORY        "\xef\x87\x9a"  // 0xf1da history (log)
#define ICON_TRASH          "\xef\x87\xb8"  // 0xf1f8 trash
#define ICON_USER_PLUS      "\xef\x88\xb4"  // 0xf234 user-plus (new client)
// clang-format on

namespace ui {
// The same codepoints, for a host that builds ImGui glyph ranges from them (pairs, 0-ended).
inline constexpr unsigned short icon_glyph_ranges[] = {
    0xf002, 0xf002,
    0xf007, 0xf007,
    0xf00d, 0xf00d,
    0xf00c, 0xf00c,
    0xf005, 0xf005,
    0xf017, 0xf017,
    0xf021, 0xf021,
    0xf02b, 0xf02b,
    0xf040, 0xf040,
    0xf041, 0xf041,
    0xf053, 0xf053,
    0xf05e, 0xf05e,
    0xf067, 0xf067,
    0xf071, 0xf071,
    0xf075, 0xf075,
    0xf08e, 0xf08e,
    0xf095, 0xf095,
    0xf0ac, 0xf0ac,
    0xf0c2, 0xf0c2,
    0xf0e0, 0xf0e0,
    0xf182, 0xf182,
    0xf183, 0xf183,
    0xf1da, 0xf1da,
    0xf1f8, 0xf1f8,
    0xf234, 0xf234,
    0};
}  // namespace ui
