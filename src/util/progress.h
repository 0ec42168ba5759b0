// Progress display for long jobs. On a terminal it redraws one line on stderr
//   validate [##########..........]  50%  1000/2000  312.4 files/s  ETA 0:03
// at most 10 times a second; when stderr is not a terminal (CI, logs) it writes a
// plain line every 10% or 30 s, so logs stay readable. Jobs that finish quickly (0.25 s
// on a terminal, 2 s otherwise) show nothing. Add() is thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace sori {

class ProgressBar {
 public:
  // `unit` names what is counted ("files", "utts"); total 0 means unknown.
  ProgressBar(std::string label, uint64_t total, std::string unit = "items");
  ~ProgressBar();  // calls Finish()

  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void Add(uint64_t n = 1);
  void Finish();
  // Extra text shown after the counts, e.g. "loss 1.23  lr 2.0e-03". Thread-safe.
  void SetSuffix(std::string suffix);

  // Force a mode regardless of isatty (tests, --quiet).
  enum class Mode { kAuto, kTerminal, kPlain, kSilent };
  void set_mode(Mode mode) { mode_ = mode; }

 private:
  void Render(bool final_line);
  std::string Line() const;

  std::string label_;
  std::string unit_;
  std::string suffix_;  // guarded by mu_
  uint64_t total_;
  std::atomic<uint64_t> done_{0};
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  uint64_t last_plain_decile_ = 0;
  Mode mode_ = Mode::kAuto;
  bool terminal_ = false;
  bool finished_ = false;
  bool drawn_ = false;  // anything printed yet
  std::mutex mu_;
};

}  // namespace sori
