// host_timers.js — start_timer effects: setTimeout, answered with cc_on_timer(id). C++ keeps
// each handle's cc::timer_id and restarts a timer of the same id instead of running it twice.

mergeInto(LibraryManager.library, {
  $cc_timers: {},

  cc_js_set_timer__deps: ['$cc_timers'],
  cc_js_set_timer: function(id, ms) {
    cc_timers[id] = setTimeout(function() {
      delete cc_timers[id];
      _cc_on_timer(id);
    }, ms);
  },

  cc_js_clear_timer__deps: ['$cc_timers'],
  cc_js_clear_timer: function(id) {
    if (cc_timers[id] !== undefined) {
      clearTimeout(cc_timers[id]);
      delete cc_timers[id];
    }
  },
});
