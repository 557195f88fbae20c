// torch.ops.NS.OP.OVERLOAD -> c10 operators, and the error for unknown ones.
#include <gtest/gtest.h>

#include "harness/program/target_resolver.h"
#include "harness/runtime/program_runner.h"

namespace exportcheck::program {
namespace {

TEST(TargetResolver, ParsesOperatorTargets) {
  auto add = parse_operator_target("torch.ops.aten.add.Tensor");
  ASSERT_TRUE(add);
  EXPECT_EQ(add->name, "aten::add");
  EXPECT_EQ(add->overload, "Tensor");
  auto sin = parse_operator_target("torch.ops.aten.sin.default");
  ASSERT_TRUE(sin);
  EXPECT_EQ(sin->overload, "");
  auto custom = parse_operator_target("torch.ops.exportcheck.scaled_sin.default");
  ASSERT_TRUE(custom);
  EXPECT_EQ(custom->name, "exportcheck::scaled_sin");
  EXPECT_FALSE(parse_operator_target("_operator.add"));
  EXPECT_FALSE(parse_operator_target("torch.ops.aten.add"));
  EXPECT_FALSE(parse_operator_target("torch.ops.aten.add.Tensor.extra"));
}

TEST(TargetResolver, HigherOrderNames) {
  EXPECT_EQ(higher_order_name("torch.ops.higher_order.cond"), "cond");
  EXPECT_EQ(higher_order_name("torch.ops.aten.add.Tensor"), "");
}

TEST(TargetResolver, ResolvesRegisteredOperators) {
  const c10::OperatorHandle add = resolve_operator("torch.ops.aten.add.Tensor", "add");
  EXPECT_EQ(add.schema().name(), "aten::add");
  EXPECT_EQ(add.schema().overload_name(), "Tensor");
  EXPECT_EQ(resolve_operator("torch.ops.aten.sin.default", "sin").schema().overload_name(), "");
}

TEST(TargetResolver, UnknownOperatorIsALoadErrorNamingNodeAndTarget) {
  try {
    resolve_operator("torch.ops.exportcheck.scaled_sin.default", "scaled_sin_1");
    FAIL() << "no error";
  } catch (const runtime::LoadError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("scaled_sin_1"), std::string::npos) << m;
    EXPECT_NE(m.find("torch.ops.exportcheck.scaled_sin.default"), std::string::npos) << m;
    EXPECT_NE(m.find("not registered"), std::string::npos) << m;
  }
  EXPECT_THROW(resolve_operator("torch.ops.aten.add.NoSuchOverload", "n"), runtime::LoadError);
  EXPECT_THROW(resolve_operator("builtins.print", "n"), runtime::LoadError);
}

}  // namespace
}  // namespace exportcheck::program
