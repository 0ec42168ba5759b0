// Lists the entry names of a zip archive from its central directory, without
// decompressing anything. Used to reject zip files that are not torch.save archives
// before handing them to libtorch's PyTorchStreamReader: in libtorch 1.13 its
// constructor leaks the archive's reader state when it throws (for example on a zip
// whose entries are not in a folder), and its messages are written for PyTorch
// developers, not for the user who picked the wrong file.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sori {

// read(offset, n) returns exactly n bytes of the archive starting at offset.
using ZipReadAt = std::function<std::string(uint64_t offset, size_t n)>;

// Throws Error(kInvalidInput) naming `name` when there is no readable central
// directory (not a zip, truncated, or entries that point outside the file).
std::vector<std::string> ZipEntryNames(const ZipReadAt& read, uint64_t size, const std::string& name);

// Throws Error(kInvalidInput) unless the archive is laid out as torch.save writes it:
// every entry inside one top-level folder "<archive>/", with "<archive>/data.pkl" and a
// "version" record.
void CheckTorchArchiveLayout(const std::vector<std::string>& names, const std::string& name);

}  // namespace sori
