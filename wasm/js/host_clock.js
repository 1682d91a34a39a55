// host_clock.js — time zones for ui/clock.hpp (wasm/clock_web.cpp): the viewer's IANA zone and a
// zone's offset from UTC at an instant, from Intl.DateTimeFormat (the browser's own tzdata).

mergeInto(LibraryManager.library, {
  $cc_clock: { formats: {} },

  cc_js_clock_zone: function() {
    var zone = '';
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) {}
    return allocateUTF8(String(zone));
  },

  // Minutes east of UTC, or NaN when the browser does not know the zone.
  cc_js_clock_offset__deps: ['$cc_clock'],
  cc_js_clock_offset: function(zonePtr, utcMs) {
    var zone = UTF8ToString(zonePtr);
    var f = cc_clock.formats[zone];
    if (f === undefined) {
      try {
        f = new Intl.DateTimeFormat('en-US', {
          timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
          hour: 'numeric', minute: 'numeric', second: 'numeric',
        });
      } catch (e) {
        f = null;  // RangeError: a zone this browser does not know
      }
      cc_clock.formats[zone] = f;
    }
    if (!f) return NaN;
    var parts = {};
    f.formatToParts(new Date(utcMs)).forEach(function(p) { parts[p.type] = p.value; });
    var hour = Number(parts.hour) % 24;
    var local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), hour,
                         Number(parts.minute), Number(parts.second));
    var whole = Math.floor(utcMs / 1000) * 1000;
    return Math.round((local - whole) / 60000);
  },
});
