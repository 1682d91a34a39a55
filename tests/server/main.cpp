// main.cpp — the server suite's doctest entry point. SIGPIPE is ignored: a test that sends a
// body the server refuses early may write to a socket the server has already closed, which
// must fail that request, not kill the suite.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <csignal>

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_IGN);
    return doctest::Context(argc, argv).run();
}
