// host_connectivity.js — the browser's idea of being online: 'online' / 'offline' events become
// connectivity_changed actions (cc_on_connectivity). The core still trusts a failed request more
// than navigator.onLine (which only knows about the local network link).

mergeInto(LibraryManager.library, {
  // Attaches the listeners; returns 1 when the browser says it is online now.
  cc_js_connectivity_attach: function() {
    window.addEventListener('online', function() { _cc_on_connectivity(1); });
    window.addEventListener('offline', function() { _cc_on_connectivity(0); });
    return typeof navigator === 'undefined' || navigator.onLine !== false ? 1 : 0;
  },
});
