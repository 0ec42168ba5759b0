// Checks that a header's declared data length fits in the file. libsndfile silently
// shortens WAV, RF64 and NIST SPHERE files whose header claims more data than the file
// holds, so a file cut off in transfer (or a lying header) would decode as a shorter
// valid one; these checks report it as truncated instead. Internal to src/audio.
#pragma once

#include "audio/byte_source.h"

namespace sori {

// `sf_format` is libsndfile's SF_INFO::format of the opened input. Returns for formats
// without such a check (FLAC and Ogg are caught while decoding) and for headers that
// fit; throws Error(kInvalidInput) "'<name>': truncated <container>: ..." otherwise.
void CheckDeclaredLength(const ByteSource& source, int sf_format);

}  // namespace sori
