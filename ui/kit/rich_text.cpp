// rich_text.cpp — user text with clickable links (see rich_text.hpp).
//
// Index of this file:
// [SECTION] Finding links
// [SECTION] Drawing

#include "ui/kit/rich_text.hpp"

#include <cctype>

#include <imgui.h>

#include "core/validate.hpp"
#include "ui/semantic.hpp"
#include "ui/view.hpp"
#include "ui/widgets.hpp"

namespace ui {

//-----------------------------------------------------------------------------
// [SECTION] Finding links
//-----------------------------------------------------------------------------

namespace {

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// "example.com", "www.shop.ru/price?x=1", "site.org:8080/a": labels of letters, digits and
// hyphens, a top-level domain of two or more letters, then an optional port and path.
bool bare_domain(std::string_view s) {
    std::size_t end = s.find_first_of(":/?#");
    std::string_view host = s.substr(0, end);
    if (host.size() < 4 || host.find('.') == std::string_view::npos) return false;
    std::size_t label_start = 0;
    for (std::size_t i = 0; i <= host.size(); ++i) {
        if (i == host.size() || host[i] == '.') {
            std::string_view label = host.substr(label_start, i - label_start);
            if (label.empty() || label.front() == '-' || label.back() == '-') return false;
            label_start = i + 1;
            continue;
        }
        if (!alnum(host[i]) && host[i] != '-') return false;
    }
    std::string_view tld = host.substr(host.rfind('.') + 1);
    if (tld.size() < 2) return false;
    for (char c : tld)
        if (!alpha(c)) return false;
    if (end != std::string_view::npos && s[end] == ':') {  // a port: digits only
        std::size_t i = end + 1, digits = 0;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
        if (digits == 0 || (i < s.size() && s[i] != '/' && s[i] != '?' && s[i] != '#')) return false;
    }
    return true;
}

bool bare_email(std::string_view s) {
    const auto at = s.find('@');
    if (at == 0 || at == std::string_view::npos || s.find('@', at + 1) != std::string_view::npos) return false;
    for (char c : s.substr(0, at))
        if (!alnum(c) && c != '.' && c != '_' && c != '-' && c != '+') return false;
    std::string_view host = s.substr(at + 1);
    return host.find_first_of(":/?#") == std::string_view::npos && bare_domain(host);
}

// The url a word links to, or "" when it is not a link the card may open.
std::string url_of(std::string_view word) {
    const std::string low = lower(word);
    std::string url;
    if (starts_with(low, "http://") || starts_with(low, "https://")) {
        if (word.size() > 8) url = std::string(word);
    } else if (starts_with(low, "mailto:") || starts_with(low, "tel:")) {
        url = std::string(word);
    } else if (word.find(':') != std::string_view::npos && !bare_domain(word)) {
        return "";  // some other scheme ("javascript:", "file:"): text
    } else if (bare_email(word)) {
        url = "mailto:" + std::string(word);
    } else if (bare_domain(word)) {
        url = "https://" + std::string(word);
    }
    return !url.empty() && cc::link_allowed(url) ? url : "";
}

// Punctuation that ends a sentence, not a link: "see example.com." or "(example.com)".
bool trailing(char c) { return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' || c == '"' || c == '\''; }
bool leading(char c) { return c == '(' || c == '"' || c == '\''; }

void push_text(std::vector<text_piece>& out, std::string_view s) {
    if (s.empty()) return;
    if (!out.empty() && out.back().url.empty()) out.back().text += s;
    else out.push_back({std::string(s), ""});
}

}  // namespace

std::vector<text_piece> split_links(std::string_view s) {
    std::vector<text_piece> out;
    std::size_t i = 0;
    while (i < s.size()) {
        if (space(s[i])) {
            std::size_t j = i;
            while (j < s.size() && space(s[j])) ++j;
            push_text(out, s.substr(i, j - i));
            i = j;
            continue;
        }
        std::size_t j = i;
        while (j < s.size() && !space(s[j])) ++j;
        std::string_view word = s.substr(i, j - i);
        std::size_t a = 0, b = word.size();
        while (a < b && leading(word[a])) ++a;
        while (b > a && trailing(word[b - 1])) --b;
        std::string url = b > a ? url_of(word.substr(a, b - a)) : std::string();
        if (url.empty()) {
            push_text(out, word);
        } else {
            push_text(out, word.substr(0, a));
            out.push_back({std::string(word.substr(a, b - a)), url});
            push_text(out, word.substr(b));
        }
        i = j;
    }
    return out;
}

//-----------------------------------------------------------------------------
// [SECTION] Drawing
//-----------------------------------------------------------------------------

void rich_text(view& v, std::string_view s) {
    const std::vector<text_piece> pieces = split_links(s);
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const float space_w = ImGui::CalcTextSize(" ").x;
    ImGui::BeginGroup();
    const float left = ImGui::GetCursorScreenPos().x;
    bool line_start = true;
    int link_no = 0;
    // Word by word: a word that does not fit starts the next line; line breaks are kept.
    auto word = [&](std::string_view w, const std::string& url) {
        const float width = ImGui::CalcTextSize(w.data(), w.data() + w.size()).x;
        if (!line_start) {
            const float x = ImGui::GetItemRectMax().x + space_w;
            if (x + width <= right) ImGui::SameLine(0, space_w);
        }
        line_start = false;
        if (url.empty()) {
            if (width > right - left) {  // longer than a line: wrapped by characters
                ImGui::PushTextWrapPos(0.0f);
                ImGui::TextUnformatted(w.data(), w.data() + w.size());
                ImGui::PopTextWrapPos();
            } else {
                ImGui::TextUnformatted(w.data(), w.data() + w.size());
            }
            return;
        }
        ImGui::PushID(link_no++);
        if (link(w, url, "link")) v.send(cc::link_requested{url});
        ImGui::PopID();
    };
    for (const text_piece& p : pieces) {
        std::string_view t = p.text;
        if (!p.url.empty()) {
            word(t, p.url);
            continue;
        }
        std::size_t i = 0;
        while (i < t.size()) {
            if (t[i] == '\n') {
                if (line_start) ImGui::NewLine();  // an empty line
                line_start = true;
                ++i;
                continue;
            }
            if (space(t[i])) {
                ++i;
                continue;
            }
            std::size_t j = i;
            while (j < t.size() && !space(t[j])) ++j;
            word(t.substr(i, j - i), "");
            i = j;
        }
    }
    if (pieces.empty()) ImGui::NewLine();
    ImGui::EndGroup();
    sem_item_raw("text", s);
}

}  // namespace ui
