// host_gl.js — the WebGL2 context on the module's own canvas (Module.canvas, given by the
// loader), so several cards on one page never look each other's canvas up by id.

mergeInto(LibraryManager.library, {
  cc_js_gl_create__deps: ['$GL'],
  cc_js_gl_create: function() {
    var canvas = Module['canvas'];
    if (!canvas) return 0;
    var handle = GL.createContext(canvas, {
      majorVersion: 2, minorVersion: 0,
      alpha: false, depth: false, stencil: false, antialias: false,
      premultipliedAlpha: true, preserveDrawingBuffer: false,
      powerPreference: 'low-power', failIfMajorPerformanceCaveat: false,
      enableExtensionsByDefault: false,
    });
    if (!handle) return 0;
    GL.makeContextCurrent(handle);
    // Keep the canvas restorable after a context loss; C++ rebuilds its GL objects then.
    canvas.addEventListener('webglcontextlost', function(e) { e.preventDefault(); });
    canvas.addEventListener('webglcontextrestored', function() {
      GL.makeContextCurrent(handle);
      _cc_on_context_restored();
    });
    return handle;
  },
});
