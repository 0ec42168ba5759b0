// Helpers shared by the stores' implementation files (datasets.cc, run_records.cc,
// artifacts.cc); not part of the store's API.
#pragma once

#include <string>
#include <string_view>

#include "store/database.h"
#include "store/datasets.h"

namespace sori::store_internal {

// The dataset columns in the order ReadSnapshot expects, each prefixed with `table.`
// when `table` is not empty (for joins).
std::string SnapshotColumns(const std::string& table = "");

// Reads a snapshot from the columns starting at `first`.
DatasetSnapshot ReadSnapshot(const Statement& st, int first = 0);

// 64 lowercase hex characters.
bool IsSha256Hex(std::string_view s);

}  // namespace sori::store_internal
