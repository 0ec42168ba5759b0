// A few threads running queued tasks, with a bounded queue: where the server writes job
// uploads to disk (an fsync of a large file must not hold an I/O thread). Post() refuses
// (false) once `max_waiting` tasks wait, so memory stays bounded under a burst.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sori {

class WorkQueue {
 public:
  WorkQueue(int threads, size_t max_waiting);
  ~WorkQueue();  // Stop()
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // Queues `task` (which must not throw); false when full or stopped.
  bool Post(std::function<void()> task);
  // Runs what is queued, then joins the threads.
  void Stop();

 private:
  void Work();

  const size_t max_waiting_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace sori
