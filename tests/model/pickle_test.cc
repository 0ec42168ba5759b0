#include "model/pickle.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace sori {
namespace {

using pickle::Value;

// {'a': 1, 'bb': [True, None, -2, 'x'], 'c': 2.5} as Python 3 pickles it with protocol 2.
const std::string kDict = [] {
  const unsigned char bytes[] = {128, 2, 125, 113, 0, 40, 88, 1, 0, 0, 0, 97, 113, 1, 75, 1, 88, 2, 0, 0, 0, 98, 98, 113, 2, 93, 113, 3, 40, 136, 78, 74, 254, 255, 255, 255, 88, 1, 0, 0, 0, 120, 113, 4, 101, 88, 1, 0, 0, 0, 99, 113, 5, 71, 64, 4, 0, 0, 0, 0, 0, 0, 117, 46};
  return std::string(reinterpret_cast<const char*>(bytes), sizeof(bytes));
}();

TEST(PickleTest, ReadsPlainValues) {
  const auto v = pickle::Unpickle(kDict, "test");
  ASSERT_EQ(v->kind, Value::Kind::kDict);
  ASSERT_EQ(v->dict.size(), 3u);
  EXPECT_EQ(v->dict[0].first->s, "a");
  EXPECT_EQ(v->dict[0].second->i, 1);
  const auto& list = v->dict[1].second;
  ASSERT_EQ(list->kind, Value::Kind::kList);
  ASSERT_EQ(list->items.size(), 4u);
  EXPECT_TRUE(list->items[0]->b);
  EXPECT_EQ(list->items[1]->kind, Value::Kind::kNone);
  EXPECT_EQ(list->items[2]->i, -2);
  EXPECT_EQ(list->items[3]->s, "x");
  EXPECT_DOUBLE_EQ(v->dict[2].second->f, 2.5);
}

TEST(PickleTest, MalformedInputIsAnErrorNotACrash) {
  // Every prefix of a valid pickle is truncated and must fail cleanly.
  for (size_t n = 0; n < kDict.size(); ++n) {
    EXPECT_THROW(pickle::Unpickle(kDict.substr(0, n), "cut"), Error) << n;
  }
  const std::vector<std::string> bad = {
      "\x80\x02" "X\xff\xff\xff\x7f",  // string length far past the end
      "\x80\x02" "h\x07.",                // memo key never stored
      "\x80\x02" "s.",                     // SETITEM with an empty stack
      "\x80\x02" "(t(t\x85u.",            // SETITEMS on a tuple
      "\x80\x02" "\xff.",                 // unknown opcode
      "\x80\x02" "cos\nsystem\n.",       // a global is only a name: nothing is called
  };
  for (size_t i = 0; i + 1 < bad.size(); ++i) EXPECT_THROW(pickle::Unpickle(bad[i], "bad"), Error) << i;
  const auto global = pickle::Unpickle(bad.back(), "global");
  EXPECT_EQ(global->kind, Value::Kind::kGlobal);  // kept as a name; nothing runs
  EXPECT_EQ(global->s, "os.system");
}

TEST(PickleTest, ErrorsNameTheInputAndOffset) {
  try {
    pickle::Unpickle(std::string("\x80\x02\xff", 3), "weights.ckpt");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUnsupported);
    EXPECT_NE(std::string(e.what()).find("weights.ckpt"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("byte 2"), std::string::npos);
  }
}

}  // namespace
}  // namespace sori
