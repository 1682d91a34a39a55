// The core suite's entry point: doctest's own main (native and wasm alike).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
