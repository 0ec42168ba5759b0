#include "support/nemo_reference.h"

#include "support/npy.h"
#include "support/temp_dir.h"

namespace sori::test {

const std::string& NemoReferenceDir() {
  static const std::string d = SharedDataDir() + "/nemo-fastconformer-tiny";
  return d;
}

at::Tensor NemoReferenceTensor(const std::string& file) {
  const NpyArray a = LoadNpy(NemoReferenceDir() + "/cases/" + file);
  std::vector<float> f(a.values.begin(), a.values.end());
  return at::from_blob(f.data(), {static_cast<int64_t>(f.size())}, at::kFloat).clone().view(a.shape);
}

std::vector<int64_t> NemoReferenceInts(const std::string& file) {
  const NpyArray a = LoadNpy(NemoReferenceDir() + "/cases/" + file);
  return std::vector<int64_t>(a.values.begin(), a.values.end());
}

std::vector<int64_t> GreedyCtc(const at::Tensor& log_probs, int64_t length, int64_t blank) {
  const at::Tensor best = log_probs.narrow(0, 0, length).argmax(-1).contiguous();
  const int64_t* ids = best.data_ptr<int64_t>();
  std::vector<int64_t> out;
  int64_t prev = -1;
  for (int64_t t = 0; t < length; ++t) {
    if (ids[t] != blank && ids[t] != prev) out.push_back(ids[t]);
    prev = ids[t];
  }
  return out;
}

}  // namespace sori::test
