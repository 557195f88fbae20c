// models/model.json -> program::Program: signature binding, resolution,
// and the LoadErrors for unknown operators and argument kinds.
#include <gtest/gtest.h>

#include <filesystem>

#include "harness/archive/pt2_layout.h"
#include "harness/archive/zip_archive.h"
#include "harness/program/graph_builder.h"
#include "harness/runtime/program_runner.h"

namespace exportcheck::program {
namespace {

std::string model_json(const std::string& c, const std::string& mode, const std::string& ir) {
  const auto path = std::filesystem::path(EXPORTCHECK_SOURCE_DIR) / "golden/archives/2.13.0" / c / mode / (ir + ".pt2");
  const ZipArchive a = ZipArchive::open(path.string());
  return a.read(pt2_model_entry(a).entry);
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

TEST(GraphBuilder, BindsSignatureAndResolvesOperators) {
  const Program p = build_program(model_json("seed_sin_cos", "nonstrict", "training"), "model.json", {});
  ASSERT_EQ(p.inputs.size(), 2u);
  EXPECT_EQ(p.inputs[0].kind, InputBinding::Kind::UserTensor);
  EXPECT_EQ(p.inputs[0].name, "x");
  ASSERT_TRUE(p.inputs[0].spec);
  EXPECT_EQ(p.inputs[0].spec->dtype, c10::ScalarType::Float);
  ASSERT_EQ(p.inputs[0].spec->sizes.size(), 2u);
  EXPECT_TRUE(p.inputs[0].spec->sizes[0].is_static);
  EXPECT_EQ(p.inputs[0].spec->sizes[0].value, 10);
  ASSERT_EQ(p.graph->nodes.size(), 3u);
  const Node& add = p.graph->nodes[2];
  EXPECT_EQ(add.name, "add");
  ASSERT_TRUE(add.op);
  EXPECT_EQ(add.op->schema().name(), "aten::add");
  ASSERT_EQ(add.args.size(), 3u);  // self, other, alpha (default)
  EXPECT_EQ(add.args[0].kind, Operand::Kind::Slot);
  EXPECT_EQ(add.args[2].constant.toInt(), 1);
  ASSERT_EQ(p.outputs.size(), 1u);
  EXPECT_EQ(p.outputs[0].kind, OutputBinding::Kind::User);
  // each value has its own slot: two inputs, three nodes
  EXPECT_EQ(p.graph->slot_count, 5);
}

TEST(GraphBuilder, SymbolicSizesAndRangesAreKept) {
  const Program p = build_program(model_json("seed_named_dims", "nonstrict", "training"), "model.json",
                                  {c10::Device(c10::kCPU), [](const std::string&) -> SymbolicFn { return nullptr; }});
  ASSERT_TRUE(p.inputs[1].spec);
  EXPECT_FALSE(p.inputs[1].spec->sizes[0].is_static);
  EXPECT_NE(p.inputs[1].spec->sizes[0].expr.find("Mul"), std::string::npos) << p.inputs[1].spec->sizes[0].expr;
  EXPECT_EQ(p.ranges.size(), 3u);
  bool derived = false;
  for (const auto& [key, range] : p.ranges)
    if (key.rfind("2*", 0) == 0) {
      derived = true;
      EXPECT_EQ(range.max, 512);
    }
  EXPECT_TRUE(derived);
}

TEST(GraphBuilder, SubgraphsOfCondAreBuilt) {
  // the runtime supplies _operator.gt; any function does for building
  const SymbolicFn dummy = [](const std::vector<c10::IValue>&) { return c10::IValue(true); };
  const Program p = build_program(model_json("seed_cond", "nonstrict", "training"), "model.json",
                                  {c10::Device(c10::kCPU), [&](const std::string& t) { return t == "_operator.gt" ? dummy : nullptr; }});
  bool found = false;
  for (const Node& n : p.graph->nodes)
    if (n.kind == NodeKind::Cond) {
      found = true;
      ASSERT_EQ(n.args.size(), 4u);
      ASSERT_TRUE(n.args[1].graph);
      EXPECT_EQ(n.args[1].graph->nodes.size(), 1u);
      EXPECT_EQ(n.args[1].graph->inputs.size(), 1u);
    }
  EXPECT_TRUE(found);
}

TEST(GraphBuilder, UnknownSymbolicFunctionIsALoadError) {
  try {
    build_program(model_json("seed_cond", "nonstrict", "training"), "model.json", {});
    FAIL() << "no error";
  } catch (const runtime::LoadError& e) {
    EXPECT_NE(std::string(e.what()).find("_operator.gt"), std::string::npos) << e.what();
  }
}

TEST(GraphBuilder, UnknownOperatorIsALoadErrorNamingNodeAndTarget) {
  const std::string json = replace_all(model_json("seed_sin_cos", "nonstrict", "training"), "torch.ops.aten.cos.default",
                                       "torch.ops.exportcheck.no_such_op.default");
  try {
    build_program(json, "model.json", {});
    FAIL() << "no error";
  } catch (const runtime::LoadError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("'cos'"), std::string::npos) << m;
    EXPECT_NE(m.find("torch.ops.exportcheck.no_such_op.default"), std::string::npos) << m;
  }
}

TEST(GraphBuilder, UnknownArgumentKindIsALoadErrorNamingTheNode) {
  std::string json = model_json("seed_named_dims", "nonstrict", "training");
  // sum_1's dim=[1] becomes an argument kind the executor does not convert
  json = replace_all(json, R"({"as_ints": [1]})", R"({"as_int_lists": [[1]]})");
  try {
    build_program(json, "model.json", {});
    FAIL() << "no error";
  } catch (const runtime::LoadError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("sum_1"), std::string::npos) << m;
    EXPECT_NE(m.find("torch.ops.aten.sum.dim_IntList"), std::string::npos) << m;
    EXPECT_NE(m.find("as_int_lists"), std::string::npos) << m;
  }
}

TEST(GraphBuilder, NotAProgramIsALoadErrorNamingTheEntry) {
  try {
    build_program("{\"graph_module\": 3}", "top/models/model.json", {});
    FAIL() << "no error";
  } catch (const runtime::LoadError& e) {
    EXPECT_NE(std::string(e.what()).find("top/models/model.json"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace exportcheck::program
