#include "util/table.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace sori {
namespace {

TEST(TableTest, AlignsByDisplayWidth) {
  Table t({"text", "n"}, {Table::Align::kLeft, Table::Align::kRight});
  t.AddRow({"소리", "1"});
  t.AddRow({"abcde", "100"});
  EXPECT_EQ(t.Render(),
            "text     n\n"
            "-----  ---\n"
            "소리     1\n"
            "abcde  100\n");
}

TEST(TableTest, EmptyHeadersMakeAKeyValueList) {
  Table t({"", ""}, {Table::Align::kLeft, Table::Align::kRight});
  t.AddRow({"utterances", "12"});
  t.AddRow({"ok", "3"});
  EXPECT_EQ(t.Render(),
            "utterances  12\n"
            "ok           3\n");
}

TEST(TableTest, ShortRowsArePaddedLongRowsRejected) {
  Table t({"a", "b"});
  t.AddRow({"x"});
  EXPECT_EQ(t.rows(), 1u);
  EXPECT_THROW(t.AddRow({"1", "2", "3"}), Error);
}

}  // namespace
}  // namespace sori
