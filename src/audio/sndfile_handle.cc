#include "audio/sndfile_handle.h"

#include <sndfile.h>

#include <mutex>
#include <string>

#include "audio/declared_length.h"
#include "audio/ogg_vorbis_check.h"
#include "util/error.h"

namespace sori {
namespace {

using VirtualFile = SndfileHandle::VirtualFile;

sf_count_t VfLength(void* user) {
  return static_cast<sf_count_t>(static_cast<VirtualFile*>(user)->source->size());
}

sf_count_t VfSeek(sf_count_t offset, int whence, void* user) {
  auto* vf = static_cast<VirtualFile*>(user);
  const int64_t size = static_cast<int64_t>(vf->source->size());
  int64_t target = offset;
  if (whence == SEEK_CUR) target = vf->position + offset;
  if (whence == SEEK_END) target = size + offset;
  if (target < 0) return -1;
  vf->position = target;
  return target;
}

sf_count_t VfRead(void* ptr, sf_count_t count, void* user) {
  auto* vf = static_cast<VirtualFile*>(user);
  if (count <= 0 || vf->position < 0) return 0;
  const size_t n = vf->source->ReadAt(static_cast<uint64_t>(vf->position), ptr,
                                      static_cast<size_t>(count));
  vf->position += static_cast<int64_t>(n);
  return static_cast<sf_count_t>(n);
}

sf_count_t VfWrite(const void*, sf_count_t, void*) { return 0; }  // read-only

sf_count_t VfTell(void* user) { return static_cast<VirtualFile*>(user)->position; }

int RawSfFormat(RawPcmFormat::Encoding e) {
  using E = RawPcmFormat::Encoding;
  switch (e) {
    case E::kS8: return SF_FORMAT_RAW | SF_FORMAT_PCM_S8;
    case E::kU8: return SF_FORMAT_RAW | SF_FORMAT_PCM_U8;
    case E::kS16LE: return SF_FORMAT_RAW | SF_FORMAT_PCM_16 | SF_ENDIAN_LITTLE;
    case E::kS16BE: return SF_FORMAT_RAW | SF_FORMAT_PCM_16 | SF_ENDIAN_BIG;
    case E::kS24LE: return SF_FORMAT_RAW | SF_FORMAT_PCM_24 | SF_ENDIAN_LITTLE;
    case E::kS32LE: return SF_FORMAT_RAW | SF_FORMAT_PCM_32 | SF_ENDIAN_LITTLE;
    case E::kF32LE: return SF_FORMAT_RAW | SF_FORMAT_FLOAT | SF_ENDIAN_LITTLE;
    case E::kF64LE: return SF_FORMAT_RAW | SF_FORMAT_DOUBLE | SF_ENDIAN_LITTLE;
  }
  return 0;
}

std::string ContainerName(int format) {
  switch (format & SF_FORMAT_TYPEMASK) {
    case SF_FORMAT_WAV: case SF_FORMAT_WAVEX: return "WAV";
    case SF_FORMAT_RF64: return "RF64";
    case SF_FORMAT_W64: return "W64";
    case SF_FORMAT_AIFF: return "AIFF";
    case SF_FORMAT_AU: return "AU";
    case SF_FORMAT_CAF: return "CAF";
    case SF_FORMAT_FLAC: return "FLAC";
    case SF_FORMAT_OGG: return "OGG";
    case SF_FORMAT_MPEG: return "MPEG";
    case SF_FORMAT_RAW: return "RAW";
    default: break;
  }
  SF_FORMAT_INFO fi{};
  fi.format = format & SF_FORMAT_TYPEMASK;
  if (sf_command(nullptr, SFC_GET_FORMAT_INFO, &fi, sizeof(fi)) == 0 && fi.name) return fi.name;
  return "UNKNOWN";
}

std::string EncodingName(int format) {
  switch (format & SF_FORMAT_SUBMASK) {
    case SF_FORMAT_PCM_S8: return "PCM_S8";
    case SF_FORMAT_PCM_U8: return "PCM_U8";
    case SF_FORMAT_PCM_16: return "PCM_16";
    case SF_FORMAT_PCM_24: return "PCM_24";
    case SF_FORMAT_PCM_32: return "PCM_32";
    case SF_FORMAT_FLOAT: return "FLOAT";
    case SF_FORMAT_DOUBLE: return "DOUBLE";
    case SF_FORMAT_ULAW: return "ULAW";
    case SF_FORMAT_ALAW: return "ALAW";
    case SF_FORMAT_VORBIS: return "VORBIS";
    case SF_FORMAT_OPUS: return "OPUS";
    case SF_FORMAT_MPEG_LAYER_I: return "MPEG_LAYER_I";
    case SF_FORMAT_MPEG_LAYER_II: return "MPEG_LAYER_II";
    case SF_FORMAT_MPEG_LAYER_III: return "MPEG_LAYER_III";
    default: break;
  }
  SF_FORMAT_INFO fi{};
  fi.format = format & SF_FORMAT_SUBMASK;
  if (sf_command(nullptr, SFC_GET_FORMAT_INFO, &fi, sizeof(fi)) == 0 && fi.name) return fi.name;
  return "UNKNOWN";
}

}  // namespace

SndfileHandle::SndfileHandle(std::unique_ptr<ByteSource> source,
                             const std::optional<RawPcmFormat>& raw,
                             const DecodeOptions& limits)
    : source_(std::move(source)) {
  const std::string& name = source_->name();
  info_.bytes = source_->size();
  if (info_.bytes == 0) {
    throw Error(ErrorCode::kInvalidInput, "'" + name + "': file is empty (0 bytes)");
  }

  SF_INFO sfinfo{};
  if (raw) {
    // A trailing partial frame is dropped, not an error: KsponSpeech ships .pcm files
    // with an odd byte count (its eval sets throughout), and sox does the same.
    raw->Validate();
    sfinfo.samplerate = raw->sample_rate;
    sfinfo.channels = raw->channels;
    sfinfo.format = RawSfFormat(raw->encoding);
  }

  if (!raw) CheckOggVorbisHeaders(*source_);  // before libsndfile can leak on them

  SF_VIRTUAL_IO vio{VfLength, VfSeek, VfRead, VfWrite, VfTell};
  vfile_ = VirtualFile{source_.get(), 0};
  std::string open_error;
  {
    // A failed sf_open reports through a process-wide error code (sf_strerror(NULL));
    // opening under a lock keeps concurrent failures from swapping their messages.
    static std::mutex open_mutex;
    std::lock_guard<std::mutex> lock(open_mutex);
    sndfile_.reset(sf_open_virtual(&vio, SFM_READ, &sfinfo, &vfile_));
    if (sndfile_ == nullptr) open_error = sf_strerror(nullptr);
  }
  if (sndfile_ == nullptr) {
    throw Error(ErrorCode::kInvalidInput,
                "'" + name + "': not a readable audio file (" + open_error +
                    "); accepted: WAV, FLAC, OGG/Vorbis, Opus, MP3, or raw PCM with explicit "
                    "parameters");
  }
  // Integers scale to [-1, 1) by 1/2^(bits-1), as soundfile (and so NeMo) does.
  sf_command(sndfile_.get(), SFC_SET_NORM_FLOAT, nullptr, SF_TRUE);

  info_.container = ContainerName(sfinfo.format);
  info_.encoding = EncodingName(sfinfo.format);
  info_.sample_rate = sfinfo.samplerate;
  info_.channels = sfinfo.channels;
  info_.frames = sfinfo.frames;
  frames_exact_ = (sfinfo.format & SF_FORMAT_TYPEMASK) != SF_FORMAT_MPEG;

  if (sfinfo.samplerate < limits.min_sample_rate || sfinfo.samplerate > limits.max_sample_rate) {
    throw Error(ErrorCode::kInvalidInput,
                "'" + name + "': sample rate " + std::to_string(sfinfo.samplerate) +
                    " Hz is out of range (accepted: " + std::to_string(limits.min_sample_rate) +
                    ".." + std::to_string(limits.max_sample_rate) + " Hz)");
  }
  if (sfinfo.channels < 1 || sfinfo.channels > limits.max_channels) {
    throw Error(ErrorCode::kInvalidInput,
                "'" + name + "': " + std::to_string(sfinfo.channels) +
                    " channels (accepted: 1.." + std::to_string(limits.max_channels) + ")");
  }
  if (sfinfo.frames < 0) {
    throw Error(ErrorCode::kInvalidInput, "'" + name + "': header declares a negative length");
  }
  if (sfinfo.frames == SF_COUNT_MAX) {
    // libsndfile's "unknown length": it found no last Ogg page to read the length from
    // (a file cut off or damaged at its end). The data before the damage may decode, but
    // a cut-off file is refused as WAV and FLAC ones are, and its length must not be
    // taken as 292 million years (the duration limit would call that "too large").
    throw Error(ErrorCode::kInvalidInput,
                "'" + name + "': truncated or corrupt " + info_.container +
                    " file: its length cannot be determined (no valid end of stream)");
  }
  info_.duration_sec = static_cast<double>(info_.frames) / info_.sample_rate;
  CheckDeclaredLength(*source_, sfinfo.format);
}

SndfileHandle::~SndfileHandle() = default;

void SndfileHandle::CloseSndfile::operator()(SNDFILE* f) const { sf_close(f); }

int64_t SndfileHandle::ReadFrames(float* interleaved, int64_t frames) {
  const sf_count_t n = sf_readf_float(sndfile_.get(), interleaved, frames);
  if (n < 0 || (n == 0 && sf_error(sndfile_.get()) != SF_ERR_NO_ERROR)) {
    throw Error(ErrorCode::kInvalidInput,
                "'" + name() + "': decoding failed: " + sf_strerror(sndfile_.get()));
  }
  return n;
}

void SndfileHandle::Seek(int64_t frame) {
  if (sf_seek(sndfile_.get(), frame, SEEK_SET) < 0) {
    throw Error(ErrorCode::kInvalidInput, "'" + name() + "': cannot seek to frame " +
                                              std::to_string(frame) + ": " +
                                              sf_strerror(sndfile_.get()));
  }
}

}  // namespace sori
