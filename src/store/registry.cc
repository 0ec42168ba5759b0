// ModelRegistry (store/registry.h): the model registry. Versions of a named model, each an immutable copy of a model
// package, moved between stages None -> Staging -> Production -> Archived.
//
// The package's files go into the content-addressed artifacts first (so a version's bytes
// can never change, and registering the same weights twice stores them once), then the
// version is recorded in one transaction, then its folder <home>/models/<name>/<version>/ is
// made of hard links to those artifacts. A crash between the steps leaves at worst
// unreferenced artifacts or a missing folder, which Resolve links again.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <thread>

#include "store/registry.h"
#include "util/error.h"
#include "util/sha256.h"
#include "util/strings.h"

namespace sori {
namespace {

namespace fs = std::filesystem;

constexpr const char* kVersionColumns =
    "name, version, stage, run_id, source, package_sha256, config_yaml, metrics_json, lineage_json, description, "
    "created_at, stage_changed_at";

void ValidateModelName(const std::string& name) {
  const bool ok = !name.empty() && name.size() <= 64 && std::isalnum(static_cast<unsigned char>(name[0])) &&
                  std::all_of(name.begin(), name.end(), [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
                  });
  if (!ok) {
    throw Error(ErrorCode::kInvalidInput, "model name '" + name +
                                              "' is not valid: use 1-64 letters, digits, '.', '_' or '-', starting "
                                              "with a letter or digit");
  }
}

// Regular files under `dir`, relative paths sorted (so the package hash is stable).
std::vector<std::string> PackageFiles(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::path(dir) / "model.json", ec)) {
    throw Error(ErrorCode::kNotFound, "'" + dir + "' is not a model package (no model.json)");
  }
  std::vector<std::string> files;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_symlink(ec)) {
      throw Error(ErrorCode::kInvalidInput, "model package '" + dir + "' contains a symbolic link (" +
                                                it->path().string() + "); register a package of plain files");
    }
    if (it->is_regular_file(ec)) files.push_back(fs::relative(it->path(), dir).generic_string());
  }
  if (ec) throw Error(ErrorCode::kIo, "cannot list model package '" + dir + "': " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

ModelVersion ReadVersion(const Statement& st, const std::string& home) {
  ModelVersion v;
  v.name = st.ColumnText(0);
  v.version = st.ColumnInt(1);
  v.stage = st.ColumnText(2);
  v.run_id = st.ColumnText(3);
  v.source = st.ColumnText(4);
  v.package_sha256 = st.ColumnText(5);
  v.config_yaml = st.ColumnText(6);
  v.metrics = ParseMetricMap(st.ColumnText(7), "model version metrics");
  v.lineage = ParseLineage(st.ColumnText(8), "model version lineage");
  v.description = st.ColumnText(9);
  v.created_at = st.ColumnText(10);
  v.stage_changed_at = st.ColumnText(11);
  v.package_dir = (fs::path(home) / "models" / v.name / std::to_string(v.version)).string();
  return v;
}

void RecordStageChange(Database& db, const std::string& name, int64_t version, const std::string& from,
                       const std::string& to, const std::string& reason, bool forced, const std::string& at) {
  Statement st(db,
               "INSERT INTO model_stage_changes (name, version, from_stage, to_stage, reason, forced, at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?)");
  st.Bind(1, name).Bind(2, version).Bind(3, from).Bind(4, to).Bind(5, reason).Bind(6, int64_t{forced ? 1 : 0}).Bind(7, at);
  st.Run();
}

void SetStageRow(Database& db, const std::string& name, int64_t version, const std::string& stage, const std::string& at) {
  Statement st(db, "UPDATE model_versions SET stage = ?, stage_changed_at = ? WHERE name = ? AND version = ?");
  st.Bind(1, stage).Bind(2, at).Bind(3, name).Bind(4, version);
  st.Run();
}

// Why the version leaving Production left: the newcomer, and why it came when that is
// more than a plain promotion ("replaced by version 4: canary 7 promoted").
std::string ArchiveReason(int64_t newcomer, const std::string& reason) {
  const std::string replaced = "replaced by version " + std::to_string(newcomer);
  return reason == "promote" ? replaced : replaced + ": " + reason;
}

std::string Percent(double v) {
  std::ostringstream o;
  o.setf(std::ios::fixed);
  o.precision(2);
  o << 100 * v << "%";
  return o.str();
}

}  // namespace

std::string ModelRegistry::CanonicalStage(const std::string& stage) {
  std::string lower;
  for (char c : stage) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "none") return "None";
  if (lower == "staging") return "Staging";
  if (lower == "production") return "Production";
  if (lower == "archived") return "Archived";
  throw Error(ErrorCode::kInvalidInput, "unknown stage '" + stage + "': use none, staging, production or archived");
}

ModelVersion ModelRegistry::Register(const ModelVersionInput& input, bool* created) {
  ValidateModelName(input.name);
  // Store the files first (outside the transaction: copying may take a while).
  std::vector<std::pair<std::string, std::string>> files;  // (relative path, sha256)
  std::string listing;
  for (const std::string& rel : PackageFiles(input.package_dir)) {
    const std::string sha = artifacts_.Put((fs::path(input.package_dir) / rel).string());
    listing += rel + '\0' + sha + '\n';
    files.emplace_back(rel, sha);
  }
  const std::string package_sha = Sha256Hex(listing);

  const auto lock = db_.Lock();
  Transaction tx(db_);
  if (!input.run_id.empty()) runs_.Require(input.run_id);
  const std::string now = UtcNowIso8601();
  {
    Statement st(db_, db_.dialect().InsertOrIgnore("registered_models", {"name", "created_at"}));
    st.Bind(1, input.name).Bind(2, now);
    st.Run();
  }
  {
    Statement same(db_, std::string("SELECT ") + kVersionColumns +
                             " FROM model_versions WHERE name = ? AND package_sha256 = ? ORDER BY version LIMIT 1");
    same.Bind(1, input.name).Bind(2, package_sha);
    if (same.Step()) {
      ModelVersion existing = ReadVersion(same, home_);
      tx.Commit();
      if (created) *created = false;
      return existing;
    }
  }
  Statement next(db_, "SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE name = ?");
  next.Bind(1, input.name);
  next.Step();
  const int64_t version = next.ColumnInt(0);
  InsertVersion(input, version, package_sha, files, now);
  tx.Commit();
  const ModelVersion v = GetVersion(input.name, version);
  MaterializeVersion(v.name, v.version, v.package_dir);
  if (created) *created = true;
  return v;
}

void ModelRegistry::InsertVersion(const ModelVersionInput& input, int64_t version, const std::string& package_sha,
                                  const std::vector<std::pair<std::string, std::string>>& files,
                                  const std::string& now) {
  Statement insert(db_, std::string("INSERT INTO model_versions (") + kVersionColumns +
                            ") VALUES (?, ?, 'None', ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.Bind(1, input.name).Bind(2, version);
  insert.BindOptional(3, input.run_id.empty() ? std::nullopt : std::optional<std::string>(input.run_id));
  insert.Bind(4, input.source).Bind(5, package_sha).Bind(6, input.config_yaml);
  insert.Bind(7, MetricMapToJson(input.metrics).dump()).Bind(8, LineageToJson(input.lineage).dump());
  insert.Bind(9, input.description).Bind(10, now).Bind(11, now);
  insert.Run();
  for (const auto& [rel, sha] : files) {
    Statement f(db_, "INSERT INTO model_version_files (name, version, path, sha256) VALUES (?, ?, ?, ?)");
    f.Bind(1, input.name).Bind(2, version).Bind(3, rel).Bind(4, sha);
    f.Run();
  }
  RecordStageChange(db_, input.name, version, "", "None", "registered", false, now);
}

void ModelRegistry::MaterializeVersion(const std::string& name, int64_t version, const std::string& dir) {
  std::vector<std::pair<std::string, std::string>> files;
  {
    const auto lock = db_.Lock();
    Statement st(db_, "SELECT path, sha256 FROM model_version_files WHERE name = ? AND version = ? ORDER BY path");
    st.Bind(1, name).Bind(2, version);
    while (st.Step()) files.emplace_back(st.ColumnText(0), st.ColumnText(1));
  }
  // Build in a temp folder beside the target, then rename: a reader never sees half a package.
  const fs::path target(dir);
  const fs::path tmp = target.parent_path() / (".tmp-" + target.filename().string() + "-" + std::to_string(::getpid()) + "-" +
                                               std::to_string(std::hash<std::thread::id>()(std::this_thread::get_id())));
  std::error_code ec;
  fs::remove_all(tmp, ec);
  for (const auto& [rel, sha] : files) {
    const fs::path dest = tmp / rel;
    fs::create_directories(dest.parent_path(), ec);
    if (ec) throw Error(ErrorCode::kIo, "cannot create folder '" + dest.parent_path().string() + "': " + ec.message());
    const std::string src = artifacts_.Path(sha);
    fs::create_hard_link(src, dest, ec);
    if (ec) {  // another file system, or links refused: copy instead
      ec.clear();
      fs::copy_file(src, dest, ec);
      if (ec) throw Error(ErrorCode::kIo, "cannot copy artifact '" + src + "' to '" + dest.string() + "': " + ec.message());
    }
  }
  if (fs::exists(target, ec) && !fs::exists(target / "model.json", ec)) fs::remove_all(target, ec);  // a broken copy
  fs::rename(tmp, target, ec);
  if (ec) {
    const std::string why = ec.message();
    const bool raced = fs::exists(target / "model.json", ec);  // another process linked it first
    fs::remove_all(tmp, ec);
    if (!raced) throw Error(ErrorCode::kIo, "cannot create model folder '" + dir + "': " + why);
  }
}

std::vector<RegisteredModel> ModelRegistry::ListModels() {
  const auto lock = db_.Lock();
  Statement st(db_,
               "SELECT m.name, m.created_at, m.gate_metric, m.gate_max, "
               "(SELECT COUNT(*) FROM model_versions v WHERE v.name = m.name), "
               "(SELECT version FROM model_versions v WHERE v.name = m.name AND v.stage = 'Production') "
               "FROM registered_models m ORDER BY m.name");
  std::vector<RegisteredModel> out;
  while (st.Step()) {
    RegisteredModel m;
    m.name = st.ColumnText(0);
    m.created_at = st.ColumnText(1);
    m.gate_metric = st.ColumnText(2);
    m.gate_max = st.ColumnDouble(3);
    m.versions = st.ColumnInt(4);
    if (!st.ColumnIsNull(5)) m.production = st.ColumnInt(5);
    out.push_back(std::move(m));
  }
  return out;
}

RegisteredModel ModelRegistry::GetModel(const std::string& name) {
  for (RegisteredModel& m : ListModels()) {
    if (m.name == name) return m;
  }
  throw Error(ErrorCode::kNotFound, "no registered model '" + name + "' in store '" + home_ + "' (see: sori models list)");
}

std::vector<ModelVersion> ModelRegistry::ListVersions(const std::string& name) {
  GetModel(name);
  const auto lock = db_.Lock();
  Statement st(db_, std::string("SELECT ") + kVersionColumns + " FROM model_versions WHERE name = ? ORDER BY version DESC");
  st.Bind(1, name);
  std::vector<ModelVersion> out;
  while (st.Step()) out.push_back(ReadVersion(st, home_));
  return out;
}

ModelVersion ModelRegistry::GetVersion(const std::string& name, int64_t version) {
  const auto lock = db_.Lock();
  Statement st(db_, std::string("SELECT ") + kVersionColumns + " FROM model_versions WHERE name = ? AND version = ?");
  st.Bind(1, name).Bind(2, version);
  if (!st.Step()) {
    GetModel(name);  // names a missing model first
    throw Error(ErrorCode::kNotFound, "model '" + name + "' has no version " + std::to_string(version) +
                                          " (see: sori models show " + name + ")");
  }
  return ReadVersion(st, home_);
}

std::optional<ModelVersion> ModelRegistry::VersionInStage(const std::string& name, const std::string& stage) {
  const std::string canonical = CanonicalStage(stage);
  const auto lock = db_.Lock();
  Statement st(db_, std::string("SELECT ") + kVersionColumns +
                         " FROM model_versions WHERE name = ? AND stage = ? ORDER BY version DESC LIMIT 1");
  st.Bind(1, name).Bind(2, canonical);
  if (!st.Step()) return std::nullopt;
  return ReadVersion(st, home_);
}

ModelVersion ModelRegistry::Resolve(const std::string& uri) {
  static const std::string kPrefix = "models:/";
  if (uri.rfind(kPrefix, 0) != 0) {
    throw Error(ErrorCode::kInvalidInput, "'" + uri + "' is not a registry reference (models:/NAME/STAGE or models:/NAME/VERSION)");
  }
  const std::string rest = uri.substr(kPrefix.size());
  const size_t slash = rest.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == rest.size() || rest.find('/', slash + 1) != std::string::npos) {
    throw Error(ErrorCode::kInvalidInput, "'" + uri + "' must look like models:/NAME/production, models:/NAME/staging, "
                                              "models:/NAME/3 or models:/NAME/latest");
  }
  const std::string name = rest.substr(0, slash);
  const std::string which = rest.substr(slash + 1);
  ModelVersion v;
  if (std::all_of(which.begin(), which.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
      which.size() < 12) {
    v = GetVersion(name, std::stoll(which));
  } else if (which == "latest") {
    const auto all = ListVersions(name);
    if (all.empty()) throw Error(ErrorCode::kNotFound, "model '" + name + "' has no versions");
    v = all.front();
  } else {
    GetModel(name);
    try {
      CanonicalStage(which);
    } catch (const Error&) {
      throw Error(ErrorCode::kInvalidInput, "'" + uri + "': '" + which +
                                                "' is not a stage (none, staging, production, archived), a version "
                                                "number or latest");
    }
    const auto found = VersionInStage(name, which);
    if (!found) {
      throw Error(ErrorCode::kNotFound, "model '" + name + "' has no version in stage " + CanonicalStage(which) +
                                            " (promote one: sori models promote " + name + " VERSION --stage " + which + ")");
    }
    v = *found;
  }
  std::error_code ec;
  if (!fs::is_regular_file(fs::path(v.package_dir) / "model.json", ec)) MaterializeVersion(v.name, v.version, v.package_dir);
  return v;
}

std::vector<int64_t> ModelRegistry::TransitionStage(const std::string& name, int64_t version, const std::string& stage,
                                            bool force, const std::string& reason) {
  const auto lock = db_.Lock();
  Transaction tx(db_);
  std::vector<int64_t> archived = TransitionInTransaction(name, version, stage, force, reason, /*apply_gate=*/true);
  tx.Commit();
  return archived;
}

std::vector<int64_t> ModelRegistry::TransitionInTransaction(const std::string& name, int64_t version, const std::string& stage,
                                                    bool force, const std::string& reason, bool apply_gate) {
  const std::string to = CanonicalStage(stage);
  const ModelVersion v = GetVersion(name, version);
  const RegisteredModel m = GetModel(name);
  std::vector<int64_t> archived;
  if (v.stage == to) return archived;
  const std::string now = UtcNowIso8601();
  bool forced = false;
  if (to == "Production" && apply_gate) {
    const std::string key = "test/" + m.gate_metric;
    const auto found = v.metrics.find(key);
    std::string refusal;
    if (found == v.metrics.end()) {
      refusal = "version " + std::to_string(version) + " of '" + name + "' has no recorded " + key +
                " (record one: sori eval --model models:/" + name + "/" + std::to_string(version) +
                " --manifest TEST.jsonl --record-test)";
    } else if (const double value = found->second; !(value <= m.gate_max)) {
      refusal = "version " + std::to_string(version) + " of '" + name + "' has " + key + " " + Percent(value) +
                ", above the promotion gate of " + Percent(m.gate_max);
    }
    if (!refusal.empty() && !force) {
      throw Error(ErrorCode::kInvalidInput, "refusing to promote to Production: " + refusal +
                                                ". Pass --force to promote anyway, or change the gate: sori models "
                                                "gate " + name + " --metric " + m.gate_metric + " --max X");
    }
    forced = !refusal.empty();
  }
  if (to == "Production") {
    if (m.production) {
      SetStageRow(db_, name, *m.production, "Archived", now);
      RecordStageChange(db_, name, *m.production, "Production", "Archived",
                        ArchiveReason(version, reason), false, now);
      archived.push_back(*m.production);
    }
  }
  SetStageRow(db_, name, version, to, now);
  RecordStageChange(db_, name, version, v.stage, to, reason, forced, now);
  return archived;
}

std::vector<int64_t> ModelRegistry::TransitionStage(const Transaction& /*held*/, const std::string& name, int64_t version,
                                                    const std::string& stage, bool force, const std::string& reason) {
  const auto lock = db_.Lock();
  return TransitionInTransaction(name, version, stage, force, reason, /*apply_gate=*/true);
}

int64_t ModelRegistry::RollbackProduction(const std::string& name) {
  const auto lock = db_.Lock();
  Transaction tx(db_);
  const RegisteredModel m = GetModel(name);
  Statement st(db_,
               "SELECT c.version FROM model_stage_changes c JOIN model_versions v ON v.name = c.name AND v.version = "
               "c.version WHERE c.name = ? AND c.from_stage = 'Production' AND c.version != ? ORDER BY c.id DESC "
               "LIMIT 1");
  st.Bind(1, name).Bind(2, m.production.value_or(-1));
  if (!st.Step()) {
    throw Error(ErrorCode::kNotFound, "model '" + name + "' has no earlier Production version to roll back to");
  }
  const int64_t previous = st.ColumnInt(0);
  TransitionInTransaction(name, previous, "Production", /*force=*/false, "rollback (gate not applied: it served before)",
                          /*apply_gate=*/false);
  tx.Commit();
  return previous;
}

void ModelRegistry::SetGate(const std::string& name, const std::string& metric, double max) {
  if (metric != "cer" && metric != "wer") {
    throw Error(ErrorCode::kInvalidInput, "gate metric must be cer or wer, got '" + metric + "'");
  }
  if (!(max >= 0.0 && max <= 1.0)) {
    throw Error(ErrorCode::kInvalidInput, "gate maximum must be between 0 and 1 (0.05 = 5%), got " + std::to_string(max));
  }
  const auto lock = db_.Lock();
  GetModel(name);
  Statement st(db_, "UPDATE registered_models SET gate_metric = ?, gate_max = ? WHERE name = ?");
  st.Bind(1, metric).Bind(2, max).Bind(3, name);
  st.Run();
}

void ModelRegistry::UpdateMetrics(const std::string& name, int64_t version, const MetricMap& update) {
  const auto lock = db_.Lock();
  Transaction tx(db_);
  GetVersion(name, version);  // kNotFound naming the model or version
  // Merged as JSON, so whatever else the stored object holds is kept.
  nlohmann::json metrics;
  {
    Statement st(db_, "SELECT metrics_json FROM model_versions WHERE name = ? AND version = ?");
    st.Bind(1, name).Bind(2, version);
    st.Step();
    metrics = ParseJsonObject(st.ColumnText(0), "model version metrics");
  }
  metrics.update(MetricMapToJson(update));
  Statement st(db_, "UPDATE model_versions SET metrics_json = ? WHERE name = ? AND version = ?");
  st.Bind(1, metrics.dump()).Bind(2, name).Bind(3, version);
  st.Run();
  tx.Commit();
}

std::vector<StageChange> ModelRegistry::StageHistory(const std::string& name) {
  GetModel(name);
  const auto lock = db_.Lock();
  Statement st(db_,
               "SELECT name, version, from_stage, to_stage, reason, forced, at FROM model_stage_changes WHERE name = ? "
               "ORDER BY id");
  st.Bind(1, name);
  std::vector<StageChange> out;
  while (st.Step()) {
    StageChange c;
    c.name = st.ColumnText(0);
    c.version = st.ColumnInt(1);
    c.from_stage = st.ColumnText(2);
    c.to_stage = st.ColumnText(3);
    c.reason = st.ColumnText(4);
    c.forced = st.ColumnInt(5) != 0;
    c.at = st.ColumnText(6);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace sori
