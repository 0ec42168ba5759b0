#include "store/process_identity.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "util/strings.h"

namespace sori {
namespace {

// The fields of /proc/<pid>/stat after "pid (comm)": state is [0], starttime is [19]
// (field 22 of proc(5)). comm may hold spaces and parentheses, so split after the last ')'.
bool ReadStatFields(int64_t pid, std::vector<std::string>* fields) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string stat = ss.str();
  const size_t close = stat.rfind(')');
  if (close == std::string::npos) return false;
  *fields = SplitWhitespace(std::string_view(stat).substr(close + 1));
  return fields->size() >= 20;
}

}  // namespace

std::string HostName() {
  char buf[HOST_NAME_MAX + 1] = {};
  if (::gethostname(buf, sizeof(buf) - 1) != 0 || buf[0] == '\0') return "unknown";
  return buf;
}

int64_t ProcessStartTicks(int64_t pid) {
  std::vector<std::string> fields;
  if (pid <= 0 || !ReadStatFields(pid, &fields)) return 0;
  try {
    return std::stoll(fields[19]);
  } catch (const std::exception&) {
    return 0;
  }
}

ProcessIdentity CurrentProcess() {
  ProcessIdentity p;
  p.host = HostName();
  p.pid = static_cast<int64_t>(::getpid());
  p.start_ticks = ProcessStartTicks(p.pid);
  return p;
}

bool ProcessIsGone(int64_t pid, int64_t expected_start_ticks) {
  if (pid <= 0 || pid > INT_MAX) return false;
  // EPERM means it exists but belongs to another user: still alive.
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return true;
  std::vector<std::string> fields;
  if (!ReadStatFields(pid, &fields)) return false;  // no /proc: the kill() check is all we have
  if (fields[0] == "Z" || fields[0] == "X") return true;  // exited, not yet reaped by its parent
  if (expected_start_ticks == 0) return false;
  try {
    return std::stoll(fields[19]) != expected_start_ticks;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace sori
