// Serialized arguments matched to operator schemas: names, positions,
// defaults, coercions.
#include <gtest/gtest.h>

#include <ATen/core/Tensor.h>

#include "harness/program/argument_converter.h"
#include "harness/program/target_resolver.h"
#include "harness/runtime/program_runner.h"

namespace exportcheck::program {
namespace {

const c10::FunctionSchema& schema(const std::string& target) { return resolve_operator(target, "n").schema(); }

TEST(ArgumentConverter, MatchesByNameAndFillsDefaults) {
  std::vector<NamedOperand> given{{"other", Operand::of_slot(1)}, {"self", Operand::of_slot(0)}};
  const auto args = match_to_schema(schema("torch.ops.aten.add.Tensor"), given, "node 'add'");
  ASSERT_EQ(args.size(), 3u);  // self, other, alpha
  EXPECT_EQ(args[0].slot, 0);
  EXPECT_EQ(args[1].slot, 1);
  ASSERT_EQ(args[2].kind, Operand::Kind::Constant);
  EXPECT_EQ(args[2].constant.toInt(), 1);  // alpha=1
}

TEST(ArgumentConverter, MatchesByPosition) {
  std::vector<NamedOperand> given{{"", Operand::of_slot(3)}, {"", Operand::of_slot(4)}};
  const auto args = match_to_schema(schema("torch.ops.aten.add.Tensor"), given, "node 'add'");
  EXPECT_EQ(args[0].slot, 3);
  EXPECT_EQ(args[1].slot, 4);
}

TEST(ArgumentConverter, UnknownNameAndMissingArgumentAreLoadErrors) {
  std::vector<NamedOperand> unknown{{"self", Operand::of_slot(0)}, {"bogus", Operand::of_slot(1)}};
  try {
    match_to_schema(schema("torch.ops.aten.add.Tensor"), unknown, "node 'add' (torch.ops.aten.add.Tensor)");
    FAIL() << "no error";
  } catch (const runtime::LoadError& e) {
    EXPECT_NE(std::string(e.what()).find("node 'add' (torch.ops.aten.add.Tensor)"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("bogus"), std::string::npos) << e.what();
  }
  std::vector<NamedOperand> missing{{"self", Operand::of_slot(0)}};
  EXPECT_THROW(match_to_schema(schema("torch.ops.aten.add.Tensor"), missing, "n"), runtime::LoadError);
}

TEST(ArgumentConverter, NumberForATensorArgumentBecomesAWrappedNumber) {
  std::vector<NamedOperand> given{{"self", Operand::of_slot(0)}, {"other", Operand::of_constant(2)}};
  const auto args = match_to_schema(schema("torch.ops.aten.mul.Tensor"), given, "n");
  ASSERT_TRUE(args[1].constant.isTensor());
  const at::Tensor t = args[1].constant.toTensor();
  EXPECT_TRUE(t.unsafeGetTensorImpl()->is_wrapped_number());
  EXPECT_EQ(t.scalar_type(), at::kLong);
  EXPECT_EQ(t.item<std::int64_t>(), 2);
  std::vector<NamedOperand> sym{{"self", Operand::of_slot(0)}, {"other", Operand::of_slot(5)}};
  EXPECT_TRUE(match_to_schema(schema("torch.ops.aten.mul.Tensor"), sym, "n")[1].to_tensor);
}

TEST(ArgumentConverter, IntForAFloatArgumentBecomesADouble) {
  std::vector<NamedOperand> given{{"input", Operand::of_slot(0)}, {"p", Operand::of_constant(0)}, {"train", Operand::of_constant(false)}};
  const auto args = match_to_schema(schema("torch.ops.aten.dropout.default"), given, "n");
  EXPECT_TRUE(args[1].constant.isDouble());
  std::vector<NamedOperand> sym{{"input", Operand::of_slot(0)}, {"p", Operand::of_slot(1)}, {"train", Operand::of_constant(false)}};
  EXPECT_TRUE(match_to_schema(schema("torch.ops.aten.dropout.default"), sym, "n")[1].to_double);
}

TEST(ArgumentConverter, ListKindComesFromTheSchema) {
  Operand empty;
  empty.kind = Operand::Kind::List;  // an empty list serialized without element kind
  std::vector<NamedOperand> given{{"tensors", empty}};
  EXPECT_EQ(match_to_schema(schema("torch.ops.aten.cat.default"), given, "n")[0].list_kind, ListKind::Tensor);
  Operand sizes;
  sizes.kind = Operand::Kind::List;
  sizes.items = {Operand::of_constant(2), Operand::of_slot(0)};
  std::vector<NamedOperand> view{{"self", Operand::of_slot(1)}, {"size", sizes}};
  EXPECT_EQ(match_to_schema(schema("torch.ops.aten.view.default"), view, "n")[1].list_kind, ListKind::Int);
}

TEST(ArgumentConverter, OptionalWithoutDefaultIsNone) {
  // aten::clamp(Tensor self, Scalar? min=None, Scalar? max=None)
  std::vector<NamedOperand> given{{"self", Operand::of_slot(0)}};
  const auto args = match_to_schema(schema("torch.ops.aten.clamp.default"), given, "n");
  ASSERT_EQ(args.size(), 3u);
  EXPECT_TRUE(args[1].constant.isNone());
}

}  // namespace
}  // namespace exportcheck::program
