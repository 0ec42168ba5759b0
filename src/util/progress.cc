#include "util/progress.h"

#include <unistd.h>

#include <cstdio>

#include "util/strings.h"

namespace sori {

ProgressBar::ProgressBar(std::string label, uint64_t total, std::string unit)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_(total),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_),
      terminal_(::isatty(STDERR_FILENO) == 1) {}

ProgressBar::~ProgressBar() { Finish(); }

void ProgressBar::Add(uint64_t n) {
  done_.fetch_add(n, std::memory_order_relaxed);
  std::unique_lock<std::mutex> lock(mu_, std::try_to_lock);
  if (lock.owns_lock() && !finished_) Render(false);
}

void ProgressBar::SetSuffix(std::string suffix) {
  std::lock_guard<std::mutex> lock(mu_);
  suffix_ = std::move(suffix);
}

void ProgressBar::Finish() {
  std::lock_guard<std::mutex> lock(mu_);
  if (finished_) return;
  Render(true);
  finished_ = true;
}

std::string ProgressBar::Line() const {
  const uint64_t done = done_.load(std::memory_order_relaxed);
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
  std::string line = label_ + " ";
  if (total_ > 0) {
    const double frac = std::min(1.0, static_cast<double>(done) / static_cast<double>(total_));
    constexpr int kWidth = 24;
    const int filled = static_cast<int>(frac * kWidth);
    line += "[" + std::string(static_cast<size_t>(filled), '#') +
            std::string(static_cast<size_t>(kWidth - filled), '.') + "] ";
    line += FormatFixed(frac * 100.0, 0) + "%  " + std::to_string(done) + "/" +
            std::to_string(total_);
  } else {
    line += std::to_string(done);
  }
  line += "  " + FormatFixed(rate, 1) + " " + unit_ + "/s";
  if (total_ > 0 && rate > 0 && done < total_) {
    line += "  ETA " + FormatDuration(static_cast<double>(total_ - done) / rate);
  } else {
    line += "  " + FormatDuration(elapsed);
  }
  if (!suffix_.empty()) line += "  " + suffix_;
  return line;
}

void ProgressBar::Render(bool final_line) {
  Mode mode = mode_;
  if (mode == Mode::kAuto) mode = terminal_ ? Mode::kTerminal : Mode::kPlain;
  if (mode == Mode::kSilent) return;
  const auto now = std::chrono::steady_clock::now();
  // Jobs that finish within the grace period show nothing: their command prints its
  // own summary, and a bar that flashes by is noise (worse in CI logs).
  const auto grace = mode == Mode::kTerminal ? std::chrono::milliseconds(250) : std::chrono::seconds(2);
  if (!drawn_ && now - start_ < grace) return;
  if (final_line && !drawn_) return;
  if (mode == Mode::kTerminal) {
    if (!final_line && drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    drawn_ = true;
    std::fprintf(stderr, "\r\033[K%s%s", Line().c_str(), final_line ? "\n" : "");
    std::fflush(stderr);
    return;
  }
  // Plain mode: a line per 10% of progress or per 30 s, and the final one.
  const uint64_t done = done_.load(std::memory_order_relaxed);
  const uint64_t decile = total_ > 0 ? done * 10 / total_ : 0;
  const bool due = !drawn_ || decile > last_plain_decile_ || now - last_draw_ > std::chrono::seconds(30);
  if (!final_line && !due) return;
  if (final_line && total_ > 0 && done >= total_ && last_plain_decile_ >= 10) return;  // already shown
  last_plain_decile_ = decile;
  last_draw_ = now;
  drawn_ = true;
  std::fprintf(stderr, "%s\n", Line().c_str());
  std::fflush(stderr);
}

}  // namespace sori
