#include "train/checkpoint.h"

#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <vector>

#include "model/state_dict_io.h"
#include "util/error.h"
#include "util/fs.h"

namespace sori {
namespace fs = std::filesystem;

bool CheckpointExists(const std::string& dir) {
  const fs::path target = fs::path(dir).lexically_normal();
  if (fs::exists(target / "trainer.json")) return true;
  // A kill between the two renames in SaveCheckpoint leaves the previous checkpoint
  // under its ".old" name: put it back.
  std::error_code ec;
  const std::string prefix = "." + target.filename().string() + ".old.";
  for (const auto& entry : fs::directory_iterator(target.parent_path(), ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && fs::exists(entry.path() / "trainer.json")) {
      fs::remove_all(target, ec);  // a partial folder, if any
      fs::rename(entry.path(), target, ec);
      if (!ec) return true;
    }
  }
  return false;
}

RngState CaptureRng() {
  RngState r;
  r.cpu = at::detail::getDefaultCPUGenerator().get_state();
  if (torch::cuda::is_available()) {
    r.cuda = at::globalContext().defaultGenerator(c10::Device(c10::DeviceType::CUDA, 0)).get_state();
  }
  return r;
}

void RestoreRng(const RngState& r) {
  at::Generator cpu = at::detail::getDefaultCPUGenerator();
  cpu.set_state(r.cpu);
  if (r.cuda.defined() && torch::cuda::is_available()) {
    at::Generator cuda = at::globalContext().defaultGenerator(c10::Device(c10::DeviceType::CUDA, 0));
    cuda.set_state(r.cuda);
  }
}

void RemoveStaleCheckpoints(const std::string& checkpoints_dir, const TrainerState& state) {
  std::set<std::string> keep;
  for (const auto& t : state.top_k) keep.insert(fs::path(t.dir).lexically_normal().filename().string());
  std::error_code ec;
  std::vector<fs::path> doomed;
  for (const auto& entry : fs::directory_iterator(checkpoints_dir, ec)) {
    const std::string name = entry.path().filename().string();
    const bool unlisted_best = name.rfind("best-", 0) == 0 && !keep.count(name);
    const bool leftover = name.find(".tmp.") != std::string::npos || name.find(".old.") != std::string::npos;
    if (unlisted_best || leftover) doomed.push_back(entry.path());
  }
  for (const auto& p : doomed) fs::remove_all(p, ec);
}

void SaveCheckpoint(const std::string& dir, CtcModel& model, torch::optim::Optimizer& optimizer,
                    const TrainerState& state, const RngState& rng) {
  const fs::path target = fs::path(dir).lexically_normal();
  const fs::path parent = target.parent_path();
  std::error_code ec;
  fs::create_directories(parent, ec);
  std::random_device rd;
  const fs::path tmp = parent / ("." + target.filename().string() + ".tmp." + std::to_string(::getpid()) + "." +
                                 std::to_string(rd()));
  fs::create_directories(tmp, ec);
  if (ec) throw Error(ErrorCode::kIo, "cannot create checkpoint folder '" + tmp.string() + "': " + ec.message());
  try {
    SaveStateDict((tmp / "model.ckpt").string(), model->GetStateDict());
    torch::serialize::OutputArchive opt_archive;
    optimizer.save(opt_archive);
    opt_archive.save_to((tmp / "optimizer.pt").string());
    torch::serialize::OutputArchive rng_archive;
    rng_archive.write("cpu", rng.cpu);
    if (rng.cuda.defined()) rng_archive.write("cuda", rng.cuda);
    rng_archive.save_to((tmp / "rng.pt").string());
    nlohmann::json j = {{"epoch", state.epoch},
                        {"batch_index", state.batch_index},
                        {"global_step", state.global_step},
                        {"micro_step", state.micro_step},
                        {"best_value", state.best_value},
                        {"has_best", state.has_best},
                        {"bad_validations", state.bad_validations},
                        {"elapsed_seconds", state.elapsed_seconds},
                        {"planned_steps", state.planned_steps}};
    j["top_k"] = nlohmann::json::array();
    for (const auto& t : state.top_k) j["top_k"].push_back({{"value", t.value}, {"step", t.step}, {"dir", t.dir}});
    WriteFileAtomic((tmp / "trainer.json").string(), j.dump(2) + "\n");
    ReplaceDirectory(tmp.string(), target.string());
  } catch (...) {
    fs::remove_all(tmp, ec);
    throw;
  }
}

TrainerState LoadCheckpoint(const std::string& dir, CtcModel& model, torch::optim::Optimizer& optimizer) {
  if (!CheckpointExists(dir)) throw Error(ErrorCode::kNotFound, "no checkpoint in '" + dir + "'");
  TrainerState s;
  try {
    const auto j = nlohmann::json::parse(ReadFileToString((fs::path(dir) / "trainer.json").string(), 1 << 20));
    s.epoch = j.at("epoch");
    s.batch_index = j.at("batch_index");
    s.global_step = j.at("global_step");
    s.micro_step = j.at("micro_step");
    s.best_value = j.at("best_value");
    s.has_best = j.at("has_best");
    s.bad_validations = j.at("bad_validations");
    s.elapsed_seconds = j.at("elapsed_seconds");
    s.planned_steps = j.value("planned_steps", int64_t{0});
    for (const auto& t : j.at("top_k")) s.top_k.push_back({t.at("value"), t.at("step"), t.at("dir")});
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCode::kInvalidInput, "checkpoint '" + dir + "': trainer.json is damaged: " + e.what());
  }
  model->LoadStateDict(LoadStateDict((fs::path(dir) / "model.ckpt").string()));
  try {
    torch::serialize::InputArchive opt_archive;
    opt_archive.load_from((fs::path(dir) / "optimizer.pt").string());
    optimizer.load(opt_archive);
    torch::serialize::InputArchive rng_archive;
    rng_archive.load_from((fs::path(dir) / "rng.pt").string());
    RngState rng;
    rng_archive.read("cpu", rng.cpu);
    if (torch::cuda::is_available()) {
      torch::Tensor cuda;
      if (rng_archive.try_read("cuda", cuda)) rng.cuda = cuda;
    }
    RestoreRng(rng);
  } catch (const c10::Error& e) {
    const std::string msg = e.what_without_backtrace();
    throw Error(ErrorCode::kInvalidInput, "checkpoint '" + dir + "' is damaged: " + msg.substr(0, msg.find('\n')));
  }
  return s;
}

}  // namespace sori
