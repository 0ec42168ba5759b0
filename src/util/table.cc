#include "util/table.h"

#include <algorithm>

#include "util/error.h"
#include "util/utf8.h"

namespace sori {

Table::Table(std::vector<std::string> headers, std::vector<Align> aligns)
    : headers_(std::move(headers)), aligns_(std::move(aligns)) {
  aligns_.resize(headers_.size(), Align::kLeft);
}

void Table::AddRow(std::vector<std::string> cells) {
  if (cells.size() > headers_.size()) {
    throw Error(ErrorCode::kInternal, "table row has " + std::to_string(cells.size()) +
                                          " cells but the table has " +
                                          std::to_string(headers_.size()) + " columns");
  }
  cells.resize(headers_.size());
  rows_.push_back(std::move(cells));
}

std::string Table::Render() const {
  std::vector<int> widths(headers_.size(), 0);
  for (size_t c = 0; c < headers_.size(); ++c) {
    widths[c] = DisplayWidth(headers_[c]);
    for (const auto& row : rows_) widths[c] = std::max(widths[c], DisplayWidth(row[c]));
  }
  std::string out;
  const auto emit_row = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (size_t c = 0; c < cells.size(); ++c) {
      if (c) line += "  ";
      const int pad = widths[c] - DisplayWidth(cells[c]);
      if (aligns_[c] == Align::kRight) line.append(static_cast<size_t>(pad), ' ');
      line += cells[c];
      if (aligns_[c] == Align::kLeft && c + 1 < cells.size()) {
        line.append(static_cast<size_t>(pad), ' ');
      }
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  };
  // A table whose headers are all empty is a key/value list: no header, no rule.
  const bool has_header =
      std::any_of(headers_.begin(), headers_.end(), [](const std::string& h) { return !h.empty(); });
  if (has_header) {
    emit_row(headers_);
    std::vector<std::string> rule;
    for (int w : widths) rule.emplace_back(static_cast<size_t>(w), '-');
    emit_row(rule);
  }
  for (const auto& row : rows_) emit_row(row);
  return out;
}

}  // namespace sori
