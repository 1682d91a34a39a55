// host_notify.js — browser notifications for task reminders (the notify effect) through the
// Notification API. Permission is asked only when the user clicked "Enable browser
// notifications" (ask_notify_permission), never on load; when the API is missing or the user
// did not allow it, nothing is shown and nothing fails: the card's reminders panel remains.
// States given to C: 0 default, 1 granted, 2 denied, 3 unsupported.

mergeInto(LibraryManager.library, {
  $cc_notify_state: function() {
    if (typeof Notification === 'undefined') return 3;
    var p = Notification.permission;
    return p === 'granted' ? 1 : p === 'denied' ? 2 : 0;
  },

  cc_js_notify_permission__deps: ['$cc_notify_state'],
  cc_js_notify_permission: function() { return cc_notify_state(); },

  // Answers cc_on_notify_permission(state) once the user decided (or at once when the browser
  // answers without asking). Both the promise and the older callback form are accepted.
  cc_js_notify_request__deps: ['$cc_notify_state'],
  cc_js_notify_request: function() {
    if (typeof Notification === 'undefined' || !Notification.requestPermission) {
      _cc_on_notify_permission(3);
      return;
    }
    var answered = false;
    function done() {
      if (answered) return;
      answered = true;
      _cc_on_notify_permission(cc_notify_state());
    }
    try {
      var p = Notification.requestPermission(done);
      if (p && typeof p.then === 'function') p.then(done, done);
    } catch (e) {
      done();
    }
  },

  cc_js_notify_show__deps: ['$cc_notify_state'],
  cc_js_notify_show: function(title, body, tag) {
    if (cc_notify_state() !== 1) return;
    try {
      var n = new Notification(UTF8ToString(title), { body: UTF8ToString(body), tag: UTF8ToString(tag) });
      n.onclick = function() { try { window.focus(); } catch (e) {} n.close(); };
    } catch (e) {
      // Some browsers allow notifications only from a service worker: the panel shows it.
      if (typeof console !== 'undefined') console.warn('clientcard: notification not shown:', e && e.message);
    }
  },
});
