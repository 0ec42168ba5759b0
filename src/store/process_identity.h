// Who a process is, as far as telling a live training run from a dead one needs: the
// host name, the pid, and the pid's start time. A pid alone is not enough, because the
// kernel hands a dead process's pid to a new one; the start time (field 22 of
// /proc/<pid>/stat, in clock ticks after boot) tells the two apart.
#pragma once

#include <cstdint>
#include <string>

namespace sori {

struct ProcessIdentity {
  std::string host;
  int64_t pid = 0;
  int64_t start_ticks = 0;  // 0: unknown (no /proc)
};

// This process.
ProcessIdentity CurrentProcess();

// gethostname(), or "unknown" if it fails.
std::string HostName();

// Start time of `pid` in clock ticks after boot from /proc/<pid>/stat; 0 if unreadable.
int64_t ProcessStartTicks(int64_t pid);

// True if `pid` (a process on this host) certainly no longer runs the program that
// had it: no such process, a zombie, or (when expected_start_ticks is not 0) a process
// that started at another time. False when it may still be alive, or cannot be told.
bool ProcessIsGone(int64_t pid, int64_t expected_start_ticks);

}  // namespace sori
