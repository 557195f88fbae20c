// The symbolic-scalar functions: Python semantics on ints, floats, bools.
#include <gtest/gtest.h>

#include <ATen/ops/zeros.h>

#include "harness/runtime/sym_ops.h"

namespace exportcheck::runtime {
namespace {

c10::IValue call(const std::string& target, std::vector<c10::IValue> args) {
  const program::SymbolicFn f = find_symbolic(target);
  if (f == nullptr) throw std::runtime_error("no function for " + target);
  return f(args);
}

TEST(SymOps, IntArithmeticStaysInt) {
  EXPECT_EQ(call("_operator.add", {3, 4}).toInt(), 7);
  EXPECT_EQ(call("_operator.sub", {3, 4}).toInt(), -1);
  EXPECT_EQ(call("_operator.mul", {3, 4}).toInt(), 12);
  EXPECT_EQ(call("_operator.pow", {2, 10}).toInt(), 1024);
  EXPECT_EQ(call("_operator.neg", {5}).toInt(), -5);
}

TEST(SymOps, FloorDivisionAndModuloFollowPython) {
  EXPECT_EQ(call("_operator.floordiv", {7, 2}).toInt(), 3);
  EXPECT_EQ(call("_operator.floordiv", {-7, 2}).toInt(), -4);
  EXPECT_EQ(call("_operator.mod", {-7, 2}).toInt(), 1);
  EXPECT_EQ(call("_operator.mod", {7, -2}).toInt(), -1);
  EXPECT_DOUBLE_EQ(call("_operator.truediv", {7, 2}).toDouble(), 3.5);
  EXPECT_THROW(call("_operator.floordiv", {1, 0}), std::exception);
}

TEST(SymOps, MixedArithmeticIsFloat) {
  const c10::IValue v = call("_operator.mul", {3, 0.5});
  ASSERT_TRUE(v.isDouble());
  EXPECT_DOUBLE_EQ(v.toDouble(), 1.5);
}

TEST(SymOps, Comparisons) {
  EXPECT_TRUE(call("_operator.gt", {5, 4}).toBool());
  EXPECT_FALSE(call("_operator.lt", {5, 4}).toBool());
  EXPECT_TRUE(call("_operator.le", {4, 4}).toBool());
  EXPECT_TRUE(call("_operator.ge", {4.5, 4}).toBool());
  EXPECT_TRUE(call("_operator.eq", {4, 4}).toBool());
  EXPECT_TRUE(call("_operator.ne", {4, 5}).toBool());
  EXPECT_TRUE(call("_operator.and_", {true, true}).toBool());
  EXPECT_TRUE(call("_operator.or_", {false, true}).toBool());
}

TEST(SymOps, TorchSymFunctions) {
  EXPECT_TRUE(call("torch.sym_float", {3}).isDouble());
  EXPECT_DOUBLE_EQ(call("torch.sym_float", {3}).toDouble(), 3.0);
  EXPECT_FALSE(call("torch.sym_not", {true}).toBool());
  EXPECT_EQ(call("torch.sym_max", {3, 9}).toInt(), 9);
  EXPECT_EQ(call("torch.sym_min", {3, 9}).toInt(), 3);
  EXPECT_EQ(call("torch.sym_int", {3.7}).toInt(), 3);
  EXPECT_EQ(call("math.ceil", {3.2}).toInt(), 4);
  EXPECT_EQ(call("math.floor", {-3.2}).toInt(), -4);
  EXPECT_EQ(call("torch.sym_ite", {false, 1, 2}).toInt(), 2);
}

TEST(SymOps, TensorSizeFunctions) {
  const at::Tensor t = at::zeros({2, 3, 5});
  EXPECT_EQ(call("torch.ops.aten.sym_size.int", {t, 1}).toInt(), 3);
  EXPECT_EQ(call("torch.ops.aten.sym_size.int", {t, -1}).toInt(), 5);
  EXPECT_EQ(call("torch.ops.aten.sym_numel.default", {t}).toInt(), 30);
  EXPECT_EQ(call("torch.ops.aten.sym_stride.int", {t, 0}).toInt(), 15);
  EXPECT_THROW(call("torch.ops.aten.sym_size.int", {t, 3}), std::exception);
}

TEST(SymOps, UnknownTargetHasNoFunction) {
  EXPECT_EQ(find_symbolic("_operator.matmul"), nullptr);
  EXPECT_EQ(find_symbolic("torch.ops.aten.add.Tensor"), nullptr);
}

}  // namespace
}  // namespace exportcheck::runtime
