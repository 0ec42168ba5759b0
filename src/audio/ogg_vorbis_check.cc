#include "audio/ogg_vorbis_check.h"

#include <ogg/ogg.h>
#include <vorbis/codec.h>

#include <cstring>
#include <string>

#include "util/error.h"

namespace sori {
namespace {

// Vorbis headers are a few KB; real files keep them well inside the first megabyte.
constexpr uint64_t kMaxHeaderBytes = 1 << 20;
constexpr size_t kReadChunk = 4096;

// Owns every libogg/libvorbis structure the check touches, so all exits free them.
struct OggVorbisState {
  ogg_sync_state sync;
  ogg_stream_state stream;
  vorbis_info info;
  vorbis_comment comment;
  bool stream_ready = false;

  OggVorbisState() {
    ogg_sync_init(&sync);
    vorbis_info_init(&info);
    vorbis_comment_init(&comment);
  }
  ~OggVorbisState() {
    vorbis_comment_clear(&comment);
    vorbis_info_clear(&info);
    if (stream_ready) ogg_stream_clear(&stream);
    ogg_sync_clear(&sync);
  }
  OggVorbisState(const OggVorbisState&) = delete;
  OggVorbisState& operator=(const OggVorbisState&) = delete;
};

[[noreturn]] void Malformed(const ByteSource& src, const std::string& what) {
  throw Error(ErrorCode::kInvalidInput,
              "'" + src.name() + "': malformed Ogg/Vorbis file: " + what);
}

}  // namespace

void CheckOggVorbisHeaders(const ByteSource& src) {
  char magic[4];
  if (src.ReadAt(0, magic, 4) != 4 || std::memcmp(magic, "OggS", 4) != 0) return;

  OggVorbisState st;
  uint64_t offset = 0;
  int headers = 0;  // Vorbis header packets accepted so far (3 needed)
  ogg_page page;
  ogg_packet packet;
  while (headers < 3) {
    const int got_page = ogg_sync_pageout(&st.sync, &page);
    if (got_page == 0) {  // need more bytes
      if (offset >= kMaxHeaderBytes || offset >= src.size()) {
        if (!st.stream_ready) return;  // no complete first page: libsndfile refuses it cleanly
        Malformed(src, "the file ends before its three Vorbis headers (truncated?)");
      }
      char* buffer = ogg_sync_buffer(&st.sync, kReadChunk);
      const size_t n = src.ReadAt(offset, buffer, kReadChunk);
      ogg_sync_wrote(&st.sync, static_cast<long>(n));
      offset += n;
      continue;
    }
    if (got_page < 0) continue;  // skipped junk before a page; keep scanning
    if (!st.stream_ready) {
      ogg_stream_init(&st.stream, ogg_page_serialno(&page));
      st.stream_ready = true;
    }
    if (ogg_stream_pagein(&st.stream, &page) != 0) continue;  // another logical stream
    while (headers < 3) {
      const int got_packet = ogg_stream_packetout(&st.stream, &packet);
      if (got_packet == 0) break;
      if (got_packet < 0) Malformed(src, "a Vorbis header page is missing or corrupt");
      if (headers == 0 && (packet.bytes < 7 || std::memcmp(packet.packet + 1, "vorbis", 6) != 0)) {
        return;  // first stream is not Vorbis (Opus, FLAC, ...): not this check's business
      }
      if (vorbis_synthesis_headerin(&st.info, &st.comment, &packet) != 0) {
        Malformed(src, "Vorbis header " + std::to_string(headers + 1) + " of 3 does not parse");
      }
      ++headers;
    }
  }
}

}  // namespace sori
