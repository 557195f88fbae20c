#include <gtest/gtest.h>

#include "harness/catalog/dim_expression.h"

namespace exportcheck::catalog {
namespace {

void expect_expr(std::string_view text, const std::string& name, std::int64_t mul,
                 std::int64_t add, bool derived) {
  std::optional<DimExpression> e = parse_dim_expression(text);
  ASSERT_TRUE(e.has_value()) << text;
  EXPECT_EQ(e->name, name) << text;
  EXPECT_EQ(e->mul, mul) << text;
  EXPECT_EQ(e->add, add) << text;
  EXPECT_EQ(e->derived, derived) << text;
}

TEST(DimExpression, ParsesEveryDocumentedForm) {
  expect_expr("batch", "batch", 1, 0, false);
  expect_expr("2*dx", "dx", 2, 0, true);
  expect_expr("dx*3", "dx", 3, 0, true);
  expect_expr("dx+1", "dx", 1, 1, true);
  expect_expr("dx-1", "dx", 1, -1, true);
  expect_expr("2*dx+1", "dx", 2, 1, true);
  expect_expr("2*dx-1", "dx", 2, -1, true);
  expect_expr(" 4 * d_1 + 10 ", "d_1", 4, 10, true);
}

TEST(DimExpression, RejectsOtherShapes) {
  for (std::string_view text : {"", "2", "2dx", "dx+", "dx+y", "1+dx", "-2*dx", "dx*dy",
                                "2*dx*3", "dx/2", "dx+1+1", "(dx)", "2*3"}) {
    EXPECT_FALSE(parse_dim_expression(text).has_value()) << "'" << text << "'";
  }
}

}  // namespace
}  // namespace exportcheck::catalog
