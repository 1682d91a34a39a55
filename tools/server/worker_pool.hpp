// worker_pool.hpp — a few threads for blocking work (SQLite reads and writes, reading and
// compressing files) so the I/O threads only ever wait on sockets. The queue is bounded: when
// it is full, try_submit refuses and the request is answered 503 err.busy at once instead of
// piling up. Internal follow-up work (re-reading the page for a woken long poll) uses submit,
// which is never refused: it answers a request that was already admitted.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace cc::server {

class worker_pool {
public:
    worker_pool(std::size_t threads, std::size_t max_queued);
    ~worker_pool();  // stop()
    worker_pool(const worker_pool&) = delete;
    worker_pool& operator=(const worker_pool&) = delete;

    // False (and the job is not run) when `max_queued` jobs are waiting already, or after stop().
    bool try_submit(std::function<void()> job);
    // Always queued (until stop()).
    void submit(std::function<void()> job);
    // Runs what is queued, then joins the threads. Later submissions are dropped.
    void stop();

    std::size_t queued() const;
    std::size_t max_queued() const { return max_queued_; }

private:
    void run();

    const std::size_t max_queued_;
    mutable std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace cc::server
