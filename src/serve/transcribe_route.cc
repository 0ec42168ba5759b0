// SttService's recognition routes, POST /v1/transcribe and POST /v1/audio/transcriptions:
// the request picks its model (and, during a trial, its arm), the batcher recognizes it,
// and its answer feeds the canary windows, the drift window and, when shadowed, the
// candidate's copy.
#include <chrono>
#include <cmath>

#include "audio/reader.h"
#include "infer/transcript_formats.h"
#include "monitor/drift_features.h"
#include "monitor/shadow_compare.h"
#include "serve/error_status.h"
#include "serve/openai_format.h"
#include "serve/responses.h"
#include "serve/route_guard.h"
#include "serve/stt_service.h"
#include "util/error.h"

namespace sori {

namespace {

using Clock = std::chrono::steady_clock;

// Sori's own answer: the transcript with timings and the model version.
HttpResponse SoriTranscriptionResponse(const Transcript& t, const std::string& version, double processing_ms) {
  nlohmann::ordered_json j = TranscriptToJson(t);
  j["processing_time_ms"] = std::round(processing_ms * 10) / 10;
  j["model_version"] = version;
  return JsonResponse(200, j);
}

}  // namespace

// What a request carries to its answer besides the exchange: its audio's features, and
// a copy of its audio when a shadow candidate will run it too.
struct SttService::RequestTrace {
  std::unique_ptr<AudioFeatureMeter> meter;
  std::vector<float> shadow_audio;
};

// Short audio is decoded here, whole; longer audio is handed to the batcher as pieces it
// decodes while it recognizes them, so the request holds only its compressed bytes and
// the segments of its current batch (batch_job.h). Long audio is never shadowed (its
// samples are not held). Returns false when `model`'s batcher is stopping (a swap).
bool SttService::Submit(const Model& model, const TranscribeRequest& req, bool shadowed, RequestTrace& trace,
                        DynamicBatcher::Callback& callback) {
  DecodeOptions decode;
  decode.target_sample_rate = model.recognizer->sample_rate();
  decode.max_duration_sec = config_.max_audio_seconds;
  std::shared_ptr<AudioReader> reader = AudioReader::OpenMemory(req.audio, req.audio_name, decode);
  trace.meter = std::make_unique<AudioFeatureMeter>(decode.target_sample_rate);
  const double segment_samples = req.options.segments.max_seconds * decode.target_sample_rate;
  if (static_cast<double>(reader->expected_output_samples()) > segment_samples) {
    AudioPieces pieces = [reader, meter = trace.meter.get()](std::vector<float>* out) {
      const size_t before = out->size();
      const bool more = reader->ReadChunk(out);
      meter->Add(out->data() + before, out->size() - before);
      return more;
    };
    return model.batcher->TrySubmitPieces(pieces, req.options, callback);
  }
  std::vector<float> samples;
  while (reader->ReadChunk(&samples)) {
  }
  if (samples.empty()) throw Error(ErrorCode::kInvalidInput, "'" + req.audio_name + "': the audio has no samples");
  trace.meter->Add(samples);
  if (shadowed) trace.shadow_audio = samples;
  return model.batcher->TrySubmit(samples, req.options, callback);
}

void SttService::Transcribe(const std::shared_ptr<Exchange>& exchange, bool openai) {
  exchange->set_recognition();
  if (shutting_down_) throw Error(ErrorCode::kUnavailable, "the server is shutting down");
  auto req = std::make_shared<const TranscribeRequest>(
      ParseTranscribeRequest(exchange->request(), openai, exchange->query(), config_.recognizer));
  const std::shared_ptr<ModelSlot> slot = models_.Find(req->model);
  const int64_t key_id = exchange->caller().key_id;
  ModelSlot::Choice choice = slot ? slot->Choose(key_id > 0 ? std::to_string(key_id) : "") : ModelSlot::Choice{};
  std::shared_ptr<Model> model = choice.model;
  if (!model) throw Error(ErrorCode::kUnavailable, "the model is still loading");
  if (choice.shadow && choice.shadow->recognizer->sample_rate() != model->recognizer->sample_rate()) {
    // The copy is decoded at production's rate; a candidate of another rate cannot take it.
    metrics_.shadow_requests->Add({choice.shadow->name, choice.shadow->version, "dropped"});
    choice.shadow = nullptr;
  }
  const auto received = Clock::now();
  for (;;) {
    exchange->set_model_version(model->version);
    auto trace = std::make_shared<RequestTrace>();
    DynamicBatcher::Callback callback = [this, exchange, req, openai, received, slot, trace, shadow = choice.shadow,
                                         version = model->version, drift = model->drift.get()](Transcript* t, const Error* e) {
      const double seconds = std::chrono::duration<double>(Clock::now() - received).count();
      if (e) {
        slot->RecordOutcome(version, {StatusFor(e->code()) >= 500, false, seconds, NAN});
        return exchange->Answer(ErrorResponse(*e));
      }
      slot->RecordOutcome(version, {false, t->text.empty(), seconds, t->confidence});
      if (t->audio_seconds > 0) drift->Add(MakeDriftSample(trace->meter->Finish(), *t));
      if (shadow && !trace->shadow_audio.empty()) RunShadow(slot, *shadow, std::move(trace->shadow_audio), req->options, t->text);
      exchange->set_audio_seconds(t->audio_seconds);
      AnswerGuarded(exchange, [&] {
        return openai ? OpenAiTranscriptionResponse(*req, *t) : SoriTranscriptionResponse(*t, version, seconds * 1e3);
      });
    };
    try {
      if (Submit(*model, *req, choice.shadow != nullptr, *trace, callback)) return;
    } catch (const Error& e) {
      // A canary candidate whose queue is full counts the refusal against it (overload
      // is a reason to roll back) and production answers.
      const auto production = slot->production();
      if (e.code() != ErrorCode::kOverloaded || !production || production == model) throw;
      slot->RecordOutcome(model->version, {true, false, std::chrono::duration<double>(Clock::now() - received).count(), NAN});
      model = production;
      continue;
    }
    // The model was swapped (or its trial ended) after this request picked it: hand the
    // request to the slot's production model now.
    const auto next = slot->production();
    if (shutting_down_ || !next || next == model) throw Error(ErrorCode::kUnavailable, "the server is shutting down");
    model = next;
    choice.shadow = nullptr;
  }
}

// Runs production's request again on the shadow candidate, off the client's path, and
// records how much the transcripts disagree. Dropped (counted) when the candidate's
// queue is full: a shadow never makes production refuse or wait.
void SttService::RunShadow(const std::shared_ptr<ModelSlot>& slot, const Model& shadow, std::vector<float> audio,
                           const RecognizerOptions& options, const std::string& production_text) {
  const std::vector<std::string> labels{shadow.name, shadow.version};
  const auto submitted = Clock::now();
  DynamicBatcher::Callback done = [this, slot, labels, production_text, submitted](Transcript* t, const Error* e) {
    const double seconds = std::chrono::duration<double>(Clock::now() - submitted).count();
    metrics_.shadow_requests->Add({labels[0], labels[1], t ? "ok" : "failed"});
    // The candidate's own figures (its latency from the copy's submission), as a canary's.
    slot->RecordOutcome(labels[1], t ? ArmOutcome{false, t->text.empty(), seconds, t->confidence}
                                     : ArmOutcome{StatusFor(e->code()) >= 500, false, seconds, NAN});
    if (!t) return slot->RecordShadow(std::nullopt);
    const double disagreement = TranscriptDisagreement(production_text, t->text);
    metrics_.shadow_disagreement->Observe(labels, disagreement);
    slot->RecordShadow(disagreement);
  };
  try {
    if (shadow.batcher->TrySubmit(audio, options, done)) return;
  } catch (const Error&) {  // its queue is full
  }
  metrics_.shadow_requests->Add({labels[0], labels[1], "dropped"});
}

}  // namespace sori
