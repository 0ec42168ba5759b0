// How `sori models canary` shows canaries: the one of --status with its policy and the
// stats each server wrote (store/canaries.h), and the list of --history. Stats are JSON
// written by servers of any version, so whatever is missing is shown as "-", never an error.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store/canaries.h"

namespace sori::cli {

nlohmann::ordered_json CanaryJson(const Canary& c);
// {"canary": CanaryJson, "stats": [{"instance", "updated_at", "stats"}]}
nlohmann::ordered_json CanaryStatusJson(const Canary& c, const std::vector<CanaryStats>& stats);
std::string RenderCanaryStatus(const Canary& c, const std::vector<CanaryStats>& stats);
std::string RenderCanaryHistory(const std::vector<Canary>& canaries);

}  // namespace sori::cli
