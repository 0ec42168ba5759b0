// `sori models register`'s work: a model package registered as the next version of a
// named model with the metrics and lineage its model.json records, plus what the store
// knows of the run that trained it (test CER/WER, the dataset snapshots with their roles).
// Here rather than in store/ because it reads a model package (model/package.h).
#pragma once

#include <string>

#include "store/store.h"

namespace sori {

struct PackageRegistration {
  std::string name;         // registered model name
  std::string source;       // what the user gave (a run id, a folder, models:/...)
  std::string package_dir;  // the package folder, resolved
  std::string run_id;       // the run the package came from; empty: the one its lineage names, if in this store
  std::string description;
};

// What RegisterPackage records besides the files: metrics and lineage from the package's
// model.json, updated from the run `run_id` (if not empty), and its config.yaml.
ModelVersionInput DescribePackage(Store& store, const std::string& package_dir, const std::string& run_id);

// Registers the package (ModelRegistry::Register); *created as there.
ModelVersion RegisterPackage(Store& store, PackageRegistration registration, bool* created);

}  // namespace sori
