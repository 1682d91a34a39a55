// host_links.js — open_link effects. The core lets only http, https, mailto and tel through;
// this checks again (DESIGN §7) and opens a new tab with no opener and no referrer.

mergeInto(LibraryManager.library, {
  cc_js_open_link: function(url) {
    var text = UTF8ToString(url);
    var parsed;
    try { parsed = new URL(text); } catch (e) { return; }
    var allowed = { 'http:': 1, 'https:': 1, 'mailto:': 1, 'tel:': 1 };
    if (!allowed[parsed.protocol]) {
      if (typeof console !== 'undefined') console.warn('clientcard: link refused:', parsed.protocol);
      return;
    }
    window.open(parsed.href, '_blank', 'noopener,noreferrer');
  },
});
