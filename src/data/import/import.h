// Corpus importers: turn a speech corpus in its native layout into manifest entries
// (NeMo JSONL, data/manifest.h) that training and `manifest validate` understand.
// `sori data import --format F SRC --out M.jsonl` is a thin wrapper over ImportCorpus.
//
// Every entry gets an absolute `audio_filepath`, a `duration` measured from the audio
// header (ProbeAudioFile: header only — FSDD's 2,000 files take about 0.3 s on two
// threads — and it rejects empty, corrupt and absurd files), the transcript normalized
// for its language, `speaker` and `lang` where the format knows them, and the utterance
// id in extra["id"]. Nothing is dropped silently: every utterance that cannot be imported is
// listed in ImportResult::skipped with the file or line at fault and the reason —
// missing or corrupt audio, audio longer than DecodeOptions::max_duration_sec or with no
// samples, an empty transcript (also one that only becomes empty after normalization,
// such as KsponSpeech's "b/ n/"), a transcript not decodable in the chosen encoding (with
// the byte offset), a duplicated utterance id (every copy is skipped: there is no way to
// tell which one is right), audio without a transcript and a transcript without audio.
// Files that are neither audio nor transcripts (README, LICENSE, ...) are ignored.
//
// Entries are sorted by utterance id, byte-wise (the C-locale order Kaldi uses), so the
// same corpus always gives the same manifest; NeMo manifests keep their line order.
// `skipped` is sorted by file, then line. Folders are walked recursively, following
// symbolic links (each directory is visited once, so link cycles are harmless); a
// directory that cannot be read is reported in `skipped`.
//
// Formats (SRC is the argument given to ImportCorpus):
//
// kspon — KsponSpeech (AI Hub 한국어 음성), two ways:
//   (a) SRC is a folder, at any depth above the utterances:
//         KsponSpeech_01/KsponSpeech_0001/KsponSpeech_000001.pcm
//         KsponSpeech_01/KsponSpeech_0001/KsponSpeech_000001.txt   (CP949, one line)
//       Every *.pcm (16 kHz s16le mono, headerless) pairs with the same-name *.txt in the
//       same folder; any other .txt in the tree is reported as a transcript without
//       audio. Utterance id: the file stem ("KsponSpeech_000001").
//   (b) SRC is a script file, e.g. KsponSpeech_scripts/eval_clean.trn (UTF-8):
//         KsponSpeech_eval/eval_clean/KsponSpeech_E00001.pcm :: 어/ 일단은 ...
//       Audio paths are relative to ImportOptions::audio_root, or to the .trn's folder if
//       that is empty. Each is tried as written and then without its first component,
//       because the eval scripts name a "KsponSpeech_eval/" folder that the eval zip does
//       not create. Blank lines are ignored; other lines without " :: " are reported.
//   Transcripts go through NormalizeKorean with ImportOptions::kspon_dual. lang "ko".
//   KsponSpeech has no speaker labels anywhere, so `speaker` is left unset.
//
// librispeech — SRC is the corpus root (holding dev-clean/, train-clean-100/, ...; all
//   splits found are imported) or one split folder:
//         dev-clean/84/121123/84-121123-0000.flac
//         dev-clean/84/121123/84-121123.trans.txt   lines "84-121123-0000 GO DO YOU HEAR"
//   Audio and transcripts are joined by utterance id; speaker = the id's first part
//   ("84"); text through NormalizeEnglish; lang "en". Audio named other than
//   SPEAKER-CHAPTER-UTTERANCE.flac is reported.
//
// kaldi — SRC is a Kaldi data dir:
//         data/train/wav.scp    "utt1 /corpus/a.wav"  (or "rec1 ..." with segments)
//         data/train/text       "utt1 the transcript"
//         data/train/segments   "utt1 rec1 0.50 3.20" (optional: utt rec start end [channel])
//         data/train/utt2spk    "utt1 spk1"           (optional)
//   Relative paths in wav.scp resolve against ImportOptions::audio_root, or against the
//   current directory if that is empty — Kaldi's own rule (its scripts run from the
//   recipe folder and open wav.scp paths from there). Pipe entries ("sox a.sph -t wav - |"),
//   archive offsets ("feats.ark:123") and stdin ("-") are reported, never executed.
//   With `segments`, entries carry `offset` = start, `duration` = end - start and the
//   recording id in extra["recording"]; an end
//   of -1 means the end of the recording, and an end up to 0.5 s past the recording is
//   cut to its end (Kaldi's extract-segments --max-overshoot default); anything further,
//   or a start past the end, is reported. A channel field is accepted for single-channel
//   recordings only (Sori down-mixes, it cannot pick a channel). An id defined twice in
//   any of the four files is skipped everywhere it occurs. Recordings no segment uses
//   are reported. Text normalization: ImportOptions::lang, "none" by default.
//
// fsdd — Free Spoken Digit Dataset, a flat folder of {digit}_{speaker}_{index}.wav:
//         fsdd/0_jackson_0.wav   -> text "zero", speaker "jackson", id "0_jackson_0"
//   lang "en". Audio files whose names do not match the pattern are reported.
//
// folder — any tree of audio files (wav flac ogg opus mp3 pcm, any letter case), each
//   with a same-stem .txt transcript in the same folder:
//         calls/2024/a.wav  calls/2024/a.txt
//   Utterance id: the path relative to SRC without extension ("calls/2024/a"), so equal
//   file names in different folders do not collide. Audio without a .txt and a .txt
//   without audio are reported. Text normalization: ImportOptions::lang, "none" by default.
//
// nemo — SRC is an existing NeMo JSONL manifest, re-checked: lines that do not parse are
//   reported with their line numbers; every audio file is probed. The manifest's
//   duration must agree with the audio within 0.1 s (the tolerance `manifest validate`
//   uses), else the line is reported ("manifest says X s, audio is Y s"), never fixed;
//   within the tolerance the measured duration is written. Entries with an offset are
//   segments: they keep their duration and are reported if they run past the end of the
//   audio. Text is kept as it is unless ImportOptions::lang is given; other fields are
//   kept. Duplicate lines (same audio and offset) are reported. Transcripts are JSON, so
//   UTF-8: text_encoding must be auto or utf-8. A manifest without a single entry line
//   (empty, or only blank lines) is refused with kInvalidInput.
#pragma once

#include <string>
#include <vector>

#include "audio/audio.h"
#include "data/manifest.h"
#include "text/normalize_ko.h"

namespace sori {

struct ImportOptions {
  // Transcript normalizer: "ko" (NormalizeKorean), "en" (NormalizeEnglish), "none"
  // (white space folding only), or "" for the format's default: ko for kspon, en for
  // librispeech and fsdd, none for kaldi and folder, and the text as it is for nemo.
  // A "ko" or "en" here also fills `lang` in entries whose format does not know it.
  std::string lang;
  // Which side of KsponSpeech's "(spelling)/(pronunciation)" to keep, wherever "ko"
  // normalization runs.
  KoreanNormalizerOptions::Dual kspon_dual = KoreanNormalizerOptions::Dual::kPronunciation;
  // Transcript bytes: "auto" (UTF-8 if valid, else CP949; decided per file), "utf-8",
  // or "cp949" ("euc-kr" is read as CP949, its superset). See data/text_encoding.h.
  std::string text_encoding = "auto";
  // Folder that relative audio paths resolve against, for kspon .trn scripts (default:
  // the .trn's folder) and Kaldi wav.scp (default: the current directory).
  std::string audio_root;
  // Sample-rate, channel and raw-PCM settings for probing, and the duration limit:
  // longer utterances are reported (for Kaldi segments, the segment's length counts).
  DecodeOptions decode;
  int threads = 1;            // files probed in parallel (ParallelFor), >= 1
  bool show_progress = true;  // util/progress.h bar while probing

  // Throws Error(kInvalidInput) naming the bad field and what is accepted.
  void Validate() const;
};

// Both strings are valid UTF-8: bytes of file names or lines that are not are written
// as "\xNN".
struct ImportProblem {
  std::string item;    // the file ("/c/a.wav") or line ("/c/data/wav.scp:12") at fault
  std::string reason;  // human readable, e.g. "audio without transcript: no a.txt next to it"
};

struct ImportResult {
  std::vector<ManifestEntry> entries;
  std::vector<ImportProblem> skipped;
};

// Format names accepted by ImportCorpus: kspon, librispeech, kaldi, fsdd, folder, nemo.
std::vector<std::string> ImportFormats();

// Imports `source` in `format`. Throws Error(kInvalidInput) for an unknown format
// (naming it and the accepted ones), invalid options, or a source of the wrong kind (a
// file where a folder is expected, a Kaldi dir without wav.scp or text); kNotFound if
// `source` or a given ImportOptions::audio_root does not exist; kIo if a script, table
// or manifest file cannot be read. Problems with single utterances never throw: they land in
// ImportResult::skipped.
ImportResult ImportCorpus(const std::string& format, const std::string& source,
                          const ImportOptions& options);

}  // namespace sori
