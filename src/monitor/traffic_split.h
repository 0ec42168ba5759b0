// Which requests a canary sends to the candidate version.
#pragma once

#include <cstdint>
#include <string>

namespace sori {

// Whether a request goes to the candidate, for `percent` in [0, 100] (else
// Error(kInvalidInput)). Sticky per `sticky_key` (an API key id, so one client sees one
// version): a hash of (salt, key) mapped to a bucket in [0, 10000), compared with
// percent * 100, so 0 sends nothing and 100 everything, and raising the percentage only
// adds clients. An empty key: decided by `request_hash` the same way (callers pass a
// per-request random or counter-derived 64-bit number; it is mixed, so a counter is
// fine). `salt` is the canary's id, so a new canary reshuffles clients.
// The hash is FNV-1a over salt, a zero byte and the key, then SplitMix64's finalizer
// (FNV alone leaves similar keys' low bits correlated); stable across builds and hosts.
bool RoutesToCandidate(const std::string& salt, const std::string& sticky_key, uint64_t request_hash, double percent);

// For requests without a key, spread evenly: the `sequence`-th request of a trial goes to
// the candidate when frac(sequence x 0.618...) < percent / 100 (a Weyl sequence of the
// golden ratio). Any N consecutive requests then hold N x percent / 100 candidate ones
// to within a few, where an independent coin per request would wander by
// sqrt(N p (1 - p)): about 18 requests, or 0.9 points, over 2,000 at 20%.
bool SpreadsToCandidate(uint64_t sequence, double percent);

}  // namespace sori
