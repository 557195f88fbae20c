// ProgramRunner on real archives: frozen seed archives (torch 2.13), the torch
// 2.11 reference archives, and small fixtures (tests/data/executor), against
// outputs Python's module() gave (tests/data/executor/make_fixtures.py); the
// input checks; mutations; and the error paths.
#include <gtest/gtest.h>

#include <ATen/ops/arange.h>
#include <ATen/ops/full.h>
#include <ATen/ops/ones.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/zeros.h>

#include <ATen/autocast_mode.h>
#include <c10/core/GradMode.h>

#include "harness/program/graph_builder.h"
#include "harness/runtime/graph_executor.h"
#include "harness/runtime/program_runner.h"
#include "tests/cpp/runtime/runtime_test_support.h"

namespace exportcheck::testing {
namespace {

using runtime::ExecutionError;
using runtime::InputError;
using runtime::LoadError;
using runtime::ProgramRunner;

const c10::Device kCpu(c10::kCPU);

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "<no error>";
}

std::vector<c10::IValue> run(const std::filesystem::path& archive, std::vector<c10::IValue> inputs) {
  return ProgramRunner::load(archive, kCpu)->run(std::move(inputs));
}

TEST(ProgramRunner, FrozenSeedArchivesMatchPython) {
  int checked = 0;
  for (const auto& c : std::filesystem::directory_iterator(source_dir() / "golden/archives/2.13.0"))
    if (c.is_directory())  // not frozen.json
    for (const auto& mode : std::filesystem::directory_iterator(c.path()))
      for (const auto& file : std::filesystem::directory_iterator(mode.path())) {
        if (file.path().extension() != ".pt2") continue;
        const std::string name = "seed." + c.path().filename().string() + "." + mode.path().filename().string() + "." +
                                 file.path().stem().string();
        const auto want = expected_outputs(name);
        if (!want) continue;  // sample inputs Python could not rebuild (see make_fixtures.py)
        SCOPED_TRACE(name);
        std::vector<c10::IValue> inputs;
        try {
          inputs = sample_inputs(file.path());
        } catch (const std::exception&) {
          continue;  // a Python-only input type (a dataclass): C++ cannot unpickle it
        }
        std::vector<c10::IValue> got;
        ASSERT_NO_THROW(got = run(file.path(), inputs));
        EXPECT_EQ(mismatch(got, *want), "");
        ++checked;
      }
  EXPECT_GE(checked, 40);
}

TEST(ProgramRunner, Torch211ReferenceArchivesMatchPython) {
  const auto dir = shared_dir() / "reference/torch-2.11-archives";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no " << dir;
  int checked = 0;
  for (const char* name : {"sin_cos", "branch_dynamic", "cond_dyn", "conv_bn", "conv_kwargs", "dim_relation"}) {
    SCOPED_TRACE(name);
    const auto archive = dir / (std::string(name) + ".pt2");
    const auto want = expected_outputs(std::string("torch211.") + name);
    ASSERT_TRUE(want);
    std::vector<c10::IValue> got;
    ASSERT_NO_THROW(got = run(archive, sample_inputs(archive)));
    EXPECT_EQ(mismatch(got, *want), "");
    ++checked;
  }
  EXPECT_EQ(checked, 6);
}

TEST(ProgramRunner, ArchiveExportedOnCudaRunsOnCpu) {
  const auto dir = shared_dir() / "reference/torch-2.11-archives";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no " << dir;
  // no weights: the CPU archive's sample inputs and outputs fit the CUDA one
  for (const char* name : {"sin_cos", "cond_dyn"}) {
    SCOPED_TRACE(name);
    auto runner = ProgramRunner::load(dir / (std::string(name) + ".cuda.pt2"), kCpu);
    EXPECT_EQ(runner->device(), kCpu);
    EXPECT_EQ(mismatch(runner->run(sample_inputs(dir / (std::string(name) + ".pt2"))),
                       *expected_outputs(std::string("torch211.") + name)), "");
  }
  // its own sample inputs, saved from CUDA tensors, restore on the CPU
  const auto conv = dir / "conv_bn.cuda.pt2";
  const auto inputs = sample_inputs(conv);
  ASSERT_EQ(inputs.size(), 1u);
  EXPECT_TRUE(inputs[0].toTensor().is_cpu());
  const auto out = ProgramRunner::load(conv, kCpu)->run(inputs);
  EXPECT_TRUE(out[0].toTensor().is_cpu());
}

TEST(ProgramRunner, HigherOrderOps) {
  for (const char* name : {"map", "while_loop", "scan"}) {
    SCOPED_TRACE(name);
    const auto archive = fixture(std::string(name) + ".pt2");
    std::vector<c10::IValue> got;
    ASSERT_NO_THROW(got = run(archive, sample_inputs(archive)));
    EXPECT_EQ(mismatch(got, *expected_outputs(name)), "");
  }
}

TEST(ProgramRunner, WithEffectsRunsTheEffectfulOpAndPassesTheToken) {
  // core_aten linalg.cholesky: with_effects(token, aten._linalg_check_errors, info, ...)
  const auto archive = fixture("with_effects.pt2");
  std::vector<c10::IValue> got;
  ASSERT_NO_THROW(got = run(archive, sample_inputs(archive)));
  EXPECT_EQ(mismatch(got, *expected_outputs("with_effects")), "");
  // A matrix that is not positive-definite: the effectful check raises, as in eager.
  const at::Tensor bad = -at::eye(3) * 10;
  EXPECT_ANY_THROW(ProgramRunner::load(archive, kCpu)->run({bad}));
}

TEST(ProgramRunner, PrimsConvertElementTypeRunsWithoutPython) {
  // core_aten renorm at float16 keeps prims.convert_element_type, which only Python registers.
  const auto archive = fixture("prims_convert.pt2");
  std::vector<c10::IValue> got;
  ASSERT_NO_THROW(got = run(archive, sample_inputs(archive)));
  EXPECT_EQ(mismatch(got, *expected_outputs("prims_convert")), "");
  EXPECT_EQ(got.at(0).toTensor().scalar_type(), c10::kHalf);
}

TEST(ProgramRunner, WrapWithSetGradEnabledRunsItsSubgraph) {
  // strict export of `with torch.no_grad(): y = x * 2; s = x.sin()`, then y + 1
  // (Hugging Face Bloom's form): wrap_with_set_grad_enabled(False, submod_1, x)
  const auto archive = fixture("set_grad_enabled.pt2");
  std::vector<c10::IValue> got;
  ASSERT_NO_THROW(got = run(archive, sample_inputs(archive)));
  EXPECT_EQ(mismatch(got, *expected_outputs("set_grad_enabled")), "");
}

TEST(ProgramRunner, WrapWithSetGradEnabledFalseTurnsGradOffInsideItsRegion) {
  // The runner runs with grad off, so the graph itself, with grad on around it:
  // x.sin() of a requires-grad x computed in the region must not require grad.
  const ZipArchive a = ZipArchive::open(fixture("set_grad_enabled.pt2").string());
  const program::Program p = program::build_program(a.read(pt2_model_entry(a).entry), "model.json", {});
  const at::Tensor x = at::randn({3}).requires_grad_();
  const c10::AutoGradMode grad_on(true);
  const std::vector<c10::IValue> out = runtime::run_graph(*p.graph, {x});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_FALSE(out[1].toTensor().requires_grad());  // s, the region's own output
  EXPECT_FALSE(out[0].toTensor().requires_grad());  // y + 1: y came out of the region without grad
  EXPECT_TRUE(out[1].toTensor().allclose(x.detach().sin()));
  EXPECT_TRUE(c10::GradMode::is_enabled());  // restored after the region
}

TEST(ProgramRunner, WrapWithSetGradEnabledTrueTurnsGradOnInsideItsRegion) {
  // exported under torch.no_grad(): `with torch.enable_grad(): y = x * 2`, then
  // (y, y + 1): wrap_with_set_grad_enabled(True, submod_1, x). The runner runs
  // with grad off; only the region turns it on.
  const auto archive = fixture("enable_grad.pt2");
  std::vector<c10::IValue> got;
  ASSERT_NO_THROW(got = run(archive, sample_inputs(archive)));
  EXPECT_EQ(mismatch(got, *expected_outputs("enable_grad")), "");
  const at::Tensor x = at::randn({3}).requires_grad_();
  const std::vector<c10::IValue> out = run(archive, {x});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].toTensor().requires_grad());   // y, computed in the region
  EXPECT_FALSE(out[1].toTensor().requires_grad());  // y + 1, after it: grad off again
  EXPECT_TRUE(out[0].toTensor().allclose(x.detach() * 2));
}

TEST(ProgramRunner, WrapWithAutocastRunsItsSubgraphUnderCpuAutocast) {
  // strict export of `with torch.autocast("cpu", dtype=torch.bfloat16): y = x @ w`,
  // then (y, x @ w): the matmul in the region in bfloat16, the one after it in float32.
  const auto archive = fixture("autocast.pt2");
  std::vector<c10::IValue> got;
  ASSERT_NO_THROW(got = run(archive, sample_inputs(archive)));
  EXPECT_EQ(mismatch(got, *expected_outputs("autocast")), "");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].toTensor().scalar_type(), c10::kBFloat16);
  EXPECT_EQ(got[1].toTensor().scalar_type(), c10::kFloat);
  EXPECT_FALSE(at::autocast::is_autocast_enabled(c10::DeviceType::CPU));  // restored after the region
}

TEST(ProgramRunnerErrors, MalformedWrapRegionsAreLoadErrors) {
  auto edited = [](const char* fixture_name, const char* tag, const std::string& from, const std::string& to) {
    return edited_archive(fixture(fixture_name), tag, [&](const std::string& name, const std::string& data)
                                                           -> std::optional<std::string> {
      return name.ends_with("models/model.json") ? replace_all(data, from, to) : data;
    });
  };
  // a higher-order op the executor does not know still names itself
  std::string m = message_of([&] {
    ProgramRunner::load(edited("set_grad_enabled.pt2", "unknown_wrap", "higher_order.wrap_with_set_grad_enabled",
                               "higher_order.wrap_with_nothing"), kCpu);
  });
  EXPECT_NE(m.find("higher-order op 'wrap_with_nothing' is not supported"), std::string::npos) << m;
  // the enable flag is not a bool
  m = message_of([&] {
    ProgramRunner::load(edited("set_grad_enabled.pt2", "grad_flag", R"({"as_bool": false})", R"({"as_int": 0})"), kCpu);
  });
  EXPECT_NE(m.find("wrap_with_set_grad_enabled"), std::string::npos) << m;
  EXPECT_NE(m.find("arguments do not have the form"), std::string::npos) << m;
  // an autocast device type c10 does not know
  m = message_of([&] {
    ProgramRunner::load(edited("autocast.pt2", "autocast_device", R"({"as_string": "cpu"})",
                               R"({"as_string": "no_such_device"})"), kCpu);
  });
  EXPECT_NE(m.find("device type 'no_such_device'"), std::string::npos) << m;
}

TEST(ProgramRunner, CondTakesTheBranchItsPredicateSelects) {
  // seed_cond: x.shape[0] > 4 ? sin : cos, s0 in [2, 64]
  const auto archive = source_dir() / "golden/archives/2.13.0/seed_cond/nonstrict/training.pt2";
  auto runner = ProgramRunner::load(archive, kCpu);
  const at::Tensor big = at::randn({6, 3}), small = at::randn({3, 3});
  EXPECT_TRUE(runner->run({big})[0].toTensor().allclose(big.sin()));
  EXPECT_TRUE(runner->run({small})[0].toTensor().allclose(small.cos()));
}

TEST(ProgramRunner, DataDependentAssertsRunAndFail) {
  // n = x.item(); torch._check(2 <= n <= 10); return torch.ones(n) * 2
  const auto archive = fixture("assert_scalar.pt2");
  auto runner = ProgramRunner::load(archive, kCpu);
  EXPECT_EQ(mismatch(runner->run(sample_inputs(archive)), *expected_outputs("assert_scalar")), "");
  try {
    runner->run({at::ones({}, at::kLong)});
    FAIL() << "no error";
  } catch (const ExecutionError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("torch.ops.aten._assert_scalar.default"), std::string::npos) << m;
    EXPECT_NE(m.find(">= 2"), std::string::npos) << m;
  }
}

TEST(ProgramRunner, SymIntUserInput) {
  const auto archive = fixture("sym_int_input.pt2");
  auto runner = ProgramRunner::load(archive, kCpu);
  EXPECT_EQ(runner->user_inputs(), (std::vector<std::string>{"x", "n"}));
  EXPECT_EQ(mismatch(runner->run(sample_inputs(archive)), *expected_outputs("sym_int_input")), "");
}

TEST(ProgramRunner, BufferMutationPersistsAndResetStateRestores) {
  const auto archive = fixture("counter.pt2");  // count += 1; return x + count
  auto runner = ProgramRunner::load(archive, kCpu);
  const at::Tensor x = sample_inputs(archive)[0].toTensor();
  const auto first = runner->run({x});
  EXPECT_EQ(mismatch(first, *expected_outputs("counter")), "");
  EXPECT_TRUE(first[0].toTensor().allclose(x + 1));
  EXPECT_TRUE(runner->run({x})[0].toTensor().allclose(x + 2));
  runner->reset_state();
  EXPECT_TRUE(runner->run({x})[0].toTensor().allclose(x + 1));
}

TEST(ProgramRunner, MutatedBuffersHoldsEveryMutatedBufferByFqn) {
  const auto archive = fixture("counter.pt2");  // count += 1 (a buffer_mutation output); return x + count
  auto runner = ProgramRunner::load(archive, kCpu);
  auto before = runner->mutated_buffers();
  ASSERT_EQ(before.size(), 1u) << "declared by the graph signature before any run";
  EXPECT_TRUE(before.at("count").equal(at::zeros({3})));
  const at::Tensor x = sample_inputs(archive)[0].toTensor();
  runner->run({x});
  runner->run({x});
  EXPECT_TRUE(runner->mutated_buffers().at("count").equal(at::full({3}, 2.0)));
  runner->reset_state();
  EXPECT_TRUE(runner->mutated_buffers().at("count").equal(at::zeros({3})));
}

TEST(ProgramRunner, UserInputMutationIsCopiedIntoTheCallersTensor) {
  const auto archive = fixture("input_mutation.pt2");  // x.add_(y); return x * 2
  const auto inputs = sample_inputs(archive);
  const at::Tensor x = inputs[0].toTensor(), y = inputs[1].toTensor();
  const at::Tensor before = x.clone();
  const auto out = run(archive, {x, y});
  EXPECT_TRUE(x.allclose(before + y));
  EXPECT_TRUE(out[0].toTensor().allclose((before + y) * 2));
  EXPECT_EQ(mismatch(out, *expected_outputs("input_mutation")), "");
}

// seed_named_dims: x f32[s0, 3], y f32[2*s0, s1]; s0 in [4, 256], 2*s0 in [8, 512]
class InputChecks : public ::testing::Test {
 protected:
  void SetUp() override {
    runner = ProgramRunner::load(source_dir() / "golden/archives/2.13.0/seed_named_dims/nonstrict/training.pt2", kCpu);
  }
  std::string refused(std::vector<c10::IValue> inputs) {
    try {
      runner->run(std::move(inputs));
    } catch (const InputError& e) {
      return e.what();
    }
    return "<accepted>";
  }
  std::unique_ptr<ProgramRunner> runner;
};

TEST_F(InputChecks, InRangeInputsRun) {
  const at::Tensor x = at::randn({5, 3}), y = at::randn({10, 4});
  const auto out = runner->run({x, y});
  EXPECT_TRUE(out[0].toTensor().allclose(x.sum(1).repeat_interleave(2) + y.select(1, 0)));
}

TEST_F(InputChecks, WrongDtype) {
  const std::string m = refused({at::randn({5, 3}, at::kDouble), at::randn({10, 4})});
  EXPECT_NE(m.find("input 'x'"), std::string::npos) << m;
  EXPECT_NE(m.find("dtype Double"), std::string::npos) << m;
}

TEST_F(InputChecks, WrongRank) {
  const std::string m = refused({at::randn({5, 3}), at::randn({10})});
  EXPECT_NE(m.find("input 'y'"), std::string::npos) << m;
  EXPECT_NE(m.find("rank 1"), std::string::npos) << m;
}

TEST_F(InputChecks, StaticDimension) {
  const std::string m = refused({at::randn({5, 4}), at::randn({10, 4})});
  EXPECT_NE(m.find("input 'x' dim 1"), std::string::npos) << m;
  EXPECT_NE(m.find("expected 3"), std::string::npos) << m;
}

TEST_F(InputChecks, DimensionBelowMin) {
  const std::string m = refused({at::randn({3, 3}), at::randn({6, 4})});
  EXPECT_NE(m.find("input 'x' dim 0"), std::string::npos) << m;
  EXPECT_NE(m.find("below"), std::string::npos) << m;
}

TEST_F(InputChecks, DimensionAboveMax) {
  const std::string m = refused({at::randn({257, 3}), at::randn({514, 1})});
  EXPECT_NE(m.find("input 'x' dim 0"), std::string::npos) << m;
  EXPECT_NE(m.find("above"), std::string::npos) << m;
}

TEST_F(InputChecks, DerivedDimensionMustBeTwiceTheSymbol) {
  const std::string m = refused({at::randn({5, 3}), at::randn({9, 4})});
  EXPECT_NE(m.find("input 'y' dim 0"), std::string::npos) << m;
  EXPECT_NE(m.find("expected 2*s"), std::string::npos) << m;
}

TEST_F(InputChecks, CountAndKind) {
  EXPECT_NE(refused({at::randn({5, 3})}).find("expected 2 user inputs, got 1"), std::string::npos);
  EXPECT_NE(refused({at::randn({5, 3}), 3}).find("input 'y': expected a tensor"), std::string::npos);
}

TEST(ProgramRunner, DerivedDimensionSolvedFromItsOnlyUse) {
  // derived_dim: x f32[dx, 2], y f32[2*dx, 2], dx in [2, 16]
  auto runner = ProgramRunner::load(fixture("derived_dim.pt2"), kCpu);
  EXPECT_NO_THROW(runner->run({at::randn({4, 2}), at::randn({8, 2})}));
  const std::string m = message_of([&] { runner->run({at::randn({4, 2}), at::randn({7, 2})}); });
  EXPECT_NE(m.find("input 'y' dim 0"), std::string::npos) << m;
  const std::string above = message_of([&] { runner->run({at::randn({17, 2}), at::randn({34, 2})}); });
  EXPECT_NE(above.find("above"), std::string::npos) << above;
}

TEST(ProgramRunner, InputOnAnotherDeviceIsRefused) {
  auto runner = ProgramRunner::load(source_dir() / "golden/archives/2.13.0/seed_sin_cos/nonstrict/training.pt2", kCpu);
  EXPECT_EQ(runner->node_count(), 3u);
  EXPECT_THROW(runner->run({at::randn({10, 10}), at::randn({10, 10}, at::kDouble)}), InputError);
}

// ---- error paths ---------------------------------------------------------------

const std::filesystem::path kConvBn = source_dir() / "golden/archives/2.13.0/seed_conv_bn/nonstrict/training.pt2";

TEST(ProgramRunnerErrors, MissingWeightIsALoadErrorNamingIt) {
  const auto broken = edited_archive(kConvBn, "missing_weight", [](const std::string& name, const std::string& data)
                                                                    -> std::optional<std::string> {
    if (name.ends_with("data/weights/weight_0")) return std::nullopt;
    return data;
  });
  const std::string m = message_of([&] { ProgramRunner::load(broken, kCpu); });
  EXPECT_NE(m.find("data/weights/weight_0"), std::string::npos) << m;
  EXPECT_THROW(ProgramRunner::load(broken, kCpu), LoadError);
}

TEST(ProgramRunnerErrors, WeightMissingFromTheConfigIsALoadErrorNamingIt) {
  const auto broken = edited_archive(kConvBn, "unlisted_weight", [](const std::string& name, const std::string& data)
                                                                     -> std::optional<std::string> {
    if (name.ends_with("model_weights_config.json")) return replace_all(data, "\"conv.weight\"", "\"conv.renamed\"");
    return data;
  });
  const std::string m = message_of([&] { ProgramRunner::load(broken, kCpu); });
  EXPECT_NE(m.find("parameter 'conv.weight'"), std::string::npos) << m;
}

TEST(ProgramRunnerErrors, ShortWeightIsALoadErrorNamingIt) {
  const auto broken = edited_archive(kConvBn, "short_weight", [](const std::string& name, const std::string& data)
                                                                  -> std::optional<std::string> {
    if (name.ends_with("data/weights/weight_0")) return data.substr(0, data.size() / 2);
    return data;
  });
  const std::string m = message_of([&] { ProgramRunner::load(broken, kCpu); });
  EXPECT_NE(m.find("data/weights/weight_0"), std::string::npos) << m;
  EXPECT_THROW(ProgramRunner::load(broken, kCpu), LoadError);
}

TEST(ProgramRunnerErrors, UnknownOperatorIsALoadErrorNamingNodeAndTarget) {
  const auto broken = edited_archive(source_dir() / "golden/archives/2.13.0/seed_sin_cos/nonstrict/training.pt2",
                                     "unknown_op", [](const std::string& name, const std::string& data)
                                                       -> std::optional<std::string> {
    if (name.ends_with("models/model.json"))
      return replace_all(data, "torch.ops.aten.cos.default", "torch.ops.exportcheck.scaled_sin.default");
    return data;
  });
  const std::string m = message_of([&] { ProgramRunner::load(broken, kCpu); });
  EXPECT_NE(m.find("node 'cos'"), std::string::npos) << m;
  EXPECT_NE(m.find("torch.ops.exportcheck.scaled_sin.default"), std::string::npos) << m;
  EXPECT_THROW(ProgramRunner::load(broken, kCpu), LoadError);
}

TEST(ProgramRunnerErrors, KernelFailureIsAnExecutionErrorNamingNodeAndTarget) {
  // the add's other operand becomes x (f32[s0, 3]) instead of a f32[2*s0]: no broadcast
  const auto broken = edited_archive(source_dir() / "golden/archives/2.13.0/seed_named_dims/nonstrict/training.pt2",
                                     "kernel_failure", [](const std::string& name, const std::string& data)
                                                           -> std::optional<std::string> {
    if (name.ends_with("models/model.json"))
      return replace_all(data, R"({"name": "other", "arg": {"as_tensor": {"name": "select"}})",
                         R"({"name": "other", "arg": {"as_tensor": {"name": "x"}})");
    return data;
  });
  auto runner = ProgramRunner::load(broken, kCpu);
  try {
    runner->run({at::randn({5, 3}), at::randn({10, 4})});
    FAIL() << "no error";
  } catch (const ExecutionError& e) {
    EXPECT_NE(std::string(e.what()).find("node 'add' (torch.ops.aten.add.Tensor)"), std::string::npos) << e.what();
  }
}

TEST(ProgramRunnerErrors, UnreadableArchiveIsALoadError) {
  EXPECT_THROW(ProgramRunner::load("/nonexistent/archive.pt2", kCpu), LoadError);
  EXPECT_THROW(ProgramRunner::load(fixture("counter.pt2"), kCpu, "no_such_model"), LoadError);
}

}  // namespace
}  // namespace exportcheck::testing

namespace exportcheck::testing {
namespace {

// The archive is mapped and its weights used in place: a damaged weight is
// not noticed unless the CRC check is asked for, and then it is named.
TEST(ProgramRunner, VerifyCrcRefusesADamagedWeightThatAPlainLoadDoesNotRead) {
  const auto source = seed_archive("seed_conv_bn", "nonstrict", "training");
  const auto damaged = with_flipped_bit(source, "training/data/weights/weight_0", "exportcheck_runner_crc.pt2");
  EXPECT_NO_THROW(ProgramRunner::load(damaged, kCpu));
  EXPECT_NO_THROW(ProgramRunner::load(source, kCpu, "model", {.verify_crc = true}));
  const std::string message = message_of([&] { ProgramRunner::load(damaged, kCpu, "model", {.verify_crc = true}); });
  EXPECT_NE(message.find("training/data/weights/weight_0: CRC-32"), std::string::npos) << message;
}

}  // namespace
}  // namespace exportcheck::testing
