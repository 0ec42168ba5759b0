// Checks the three Vorbis header packets of an Ogg/Vorbis input before libsndfile
// opens it. Why: libsndfile 1.2.0 leaks ~5.8 KB (the vorbis_info it initialized) every
// time those headers are incomplete or corrupt (ogg_vorbis_open returns before it
// installs its close hook). A server fed truncated uploads would grow without bound, so
// such inputs are rejected here, with all libogg/libvorbis state freed.
#pragma once

#include "audio/byte_source.h"

namespace sori {

// Returns if `source` is not Ogg/Vorbis or if its identification, comment and setup
// headers all parse. Throws Error(kInvalidInput) naming the input otherwise.
void CheckOggVorbisHeaders(const ByteSource& source);

}  // namespace sori
