// Size expressions in both of torch's text forms.
#include <gtest/gtest.h>

#include "harness/runtime/sym_expression.h"

namespace exportcheck::runtime {
namespace {

TEST(SymExpression, ParsesSreprAndStrForms) {
  const auto srepr = parse_sym_expression("Mul(Integer(2), Symbol('s77', positive=True, integer=True))");
  const auto text = parse_sym_expression("2*s77");
  ASSERT_TRUE(srepr);
  ASSERT_TRUE(text);
  EXPECT_EQ(srepr->canonical(), text->canonical());
  EXPECT_EQ(srepr->evaluate({{"s77", 5}}), 10);
  EXPECT_EQ(srepr->symbols(), std::set<std::string>{"s77"});
}

TEST(SymExpression, SumsInEitherOrderAreEqual) {
  const auto a = parse_sym_expression("Add(Integer(1), Symbol('s0', positive=True, integer=True))");
  const auto b = parse_sym_expression("s0 + 1");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->canonical(), b->canonical());
  EXPECT_EQ(b->evaluate({{"s0", 4}}), 5);
}

TEST(SymExpression, Operators) {
  EXPECT_EQ(parse_sym_expression("2*s0 - 1")->evaluate({{"s0", 4}}), 7);
  EXPECT_EQ(parse_sym_expression("(s0//2)")->evaluate({{"s0", 7}}), 3);
  EXPECT_EQ(parse_sym_expression("FloorDiv(Symbol('s0'), Integer(2))")->evaluate({{"s0", 9}}), 4);
  EXPECT_EQ(parse_sym_expression("Max(s0, 3)")->evaluate({{"s0", 1}}), 3);
  EXPECT_EQ(parse_sym_expression("s0*s1")->evaluate({{"s0", 3}, {"s1", 4}}), 12);
  EXPECT_EQ(parse_sym_expression("Integer(-3)")->evaluate({}), -3);
  EXPECT_FALSE(parse_sym_expression("s0 + s1")->evaluate({{"s0", 1}}));
  EXPECT_TRUE(parse_sym_expression("s3")->is_symbol());
}

TEST(SymExpression, RejectsWhatItCannotRead) {
  EXPECT_FALSE(parse_sym_expression("Sin(s0)"));
  EXPECT_FALSE(parse_sym_expression("2*"));
  EXPECT_FALSE(parse_sym_expression("s0 )"));
}

}  // namespace
}  // namespace exportcheck::runtime

namespace exportcheck::runtime {
namespace {

TEST(SymExpression, ReadableText) {
  EXPECT_EQ(parse_sym_expression("Mul(Integer(2), Symbol('s77', positive=True, integer=True))")->text(), "2*s77");
  EXPECT_EQ(parse_sym_expression("s0 + 1")->text(), "s0 + 1");
}

}  // namespace
}  // namespace exportcheck::runtime
