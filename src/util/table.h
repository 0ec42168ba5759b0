// Plain-text tables for the terminal, aligned by display width so Hangul and other
// wide characters line up.
//
//   Table t({"reason", "count"}, {Align::kLeft, Align::kRight});
//   t.AddRow({"file not found", "3"});
//   std::cout << t.Render();
#pragma once

#include <string>
#include <vector>

namespace sori {

class Table {
 public:
  enum class Align { kLeft, kRight };

  // `aligns` may be shorter than `headers`; missing columns align left. If every header
  // is empty the table renders as a plain key/value list, without header and rule.
  explicit Table(std::vector<std::string> headers, std::vector<Align> aligns = {});

  // Rows shorter than the header are padded with empty cells; longer ones are an error
  // (sori::Error kInternal), since that is a programming mistake.
  void AddRow(std::vector<std::string> cells);
  size_t rows() const { return rows_.size(); }

  std::string Render() const;

 private:
  std::vector<std::string> headers_;
  std::vector<Align> aligns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace sori
