// A job as clients see it (GET /v1/jobs/{id}, `sori jobs show`, the webhook's payload):
// JSON with ISO 8601 times and no internal fields (the owner key, the lease).
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "store/jobs.h"

namespace sori {

// "2026-12-07T16:21:18.123Z"; null for 0 (not yet).
nlohmann::ordered_json IsoTime(double unix_seconds);

nlohmann::ordered_json JobToJson(const JobRecord& job);
// The same with every webhook attempt (`webhook.history`).
nlohmann::ordered_json JobToJson(const JobRecord& job, const std::vector<WebhookAttempt>& attempts);

}  // namespace sori
