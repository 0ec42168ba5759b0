// The temp files artifacts are copied into (<home>/artifacts/tmp/) before they are
// renamed into place, and the removal of those a killed writer left behind (a
// `sori models register` stopped with SIGKILL leaves a partial copy there forever
// otherwise). Internal to src/store.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>

#include "store/process_identity.h"

namespace sori::store_internal {

// Abandoned temps of other hosts (and of unknown writers) are removed once untouched
// for this long; see RemoveAbandonedArtifactTemps.
constexpr std::time_t kStaleArtifactTempSeconds = 3600;

// "<pid>.<start ticks>.<nonce>@<host>": the writer's identity, so a later Store::Open
// can tell whether the writer still runs.
std::string ArtifactTempName(const ProcessIdentity& writer, uint64_t nonce);

// Removes the files in `tmp_dir` whose writer is certainly gone: named for a process
// of this host (`self.host`) that no longer runs (pid dead, or reused: its start time
// differs), or, for names that do not say (other hosts, older Sori versions), last
// modified more than kStaleArtifactTempSeconds before `now` (a live writer touches its
// file with every 1 MiB it copies). Folders and files of live writers are left alone.
// Never throws: a store that cannot be tidied still opens. Returns the count removed.
int RemoveAbandonedArtifactTemps(const std::string& tmp_dir, const ProcessIdentity& self,
                                 std::time_t now);

}  // namespace sori::store_internal
