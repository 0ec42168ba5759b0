// Runs an external program without a shell (argv is passed as is, so text arguments
// need no quoting), capturing stdout and stderr. Used for espeak-ng and plotting tools.
#pragma once

#include <string>
#include <vector>

namespace sori {

struct ProcessResult {
  int exit_code = -1;    // the program's status; 128 + signal if it was killed
  std::string out;
  std::string err;
  bool timed_out = false;
};

// Searches PATH for argv[0]. Throws Error(kNotFound) if the program cannot be started.
// A program still running after timeout_sec (> 0) is killed and reported as timed_out.
// Output beyond max_output_bytes (each stream) is an Error(kTooLarge).
ProcessResult RunProcess(const std::vector<std::string>& argv, double timeout_sec = 0,
                         size_t max_output_bytes = size_t{1} << 30);

// True if `program` can be found on PATH (or is an executable path).
bool ProgramExists(const std::string& program);

}  // namespace sori
