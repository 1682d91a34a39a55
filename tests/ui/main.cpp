// The ui smoke suite's entry point: doctest's own main. The suite draws real frames with no GPU
// (ImGui builds its font atlas on the CPU and the draw lists are never rendered).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
