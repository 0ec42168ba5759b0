// Feeds arbitrary bytes to the NeMo JSONL manifest parser in both error modes. Any
// outcome but a Manifest or a sori::Error is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "data/manifest.h"
#include "util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (sori::OnError mode : {sori::OnError::kSkip, sori::OnError::kFail}) {
    sori::ManifestReadOptions options;
    options.on_error = mode;
    options.require_text = (size % 2) == 0;
    try {
      const sori::Manifest m = sori::ParseManifest(text, "fuzz.jsonl", "/data", options);
      for (const auto& e : m.entries) (void)sori::ManifestEntryToJson(e, "/data");
    } catch (const sori::Error&) {
    }
  }
  return 0;
}
