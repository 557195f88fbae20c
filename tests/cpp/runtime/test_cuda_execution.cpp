// --device cuda: weights placed on CUDA, archives exported on CPU run on
// CUDA (and CUDA-exported ones too). Skipped without a GPU.
#include <gtest/gtest.h>

#include <ATen/Context.h>

#include "harness/runtime/program_runner.h"
#include "tests/cpp/runtime/runtime_test_support.h"

namespace exportcheck::testing {
namespace {

using runtime::ProgramRunner;

std::vector<c10::IValue> on(const std::vector<c10::IValue>& inputs, c10::Device device) {
  std::vector<c10::IValue> out;
  for (const c10::IValue& v : inputs) out.push_back(v.isTensor() ? c10::IValue(v.toTensor().to(device)) : v);
  return out;
}

class Cuda : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!at::hasCUDA()) GTEST_SKIP() << "no CUDA device";
  }
  const c10::Device cuda{c10::kCUDA, 0};
};

TEST_F(Cuda, CpuExportedSeedArchivesRunOnCudaAndMatch) {
  int checked = 0;
  for (const char* c : {"seed_sin_cos", "seed_conv_bn", "seed_cond", "seed_named_dims", "seed_branch_static"}) {
    for (const char* ir : {"training", "inference", "core_aten"}) {
      const auto archive = seed_archive(c, "nonstrict", ir);
      const auto want = expected_outputs(std::string("seed.") + c + ".nonstrict." + ir);
      if (!want || !std::filesystem::exists(archive)) continue;
      SCOPED_TRACE(archive.string());
      auto runner = ProgramRunner::load(archive, cuda);
      EXPECT_EQ(runner->device(), cuda);
      std::vector<c10::IValue> got;
      ASSERT_NO_THROW(got = runner->run(on(sample_inputs(archive), cuda)));
      for (const c10::IValue& v : got)
        if (v.isTensor()) EXPECT_TRUE(v.toTensor().is_cuda());
      EXPECT_EQ(mismatch(got, *want), "");
      ++checked;
    }
  }
  EXPECT_GE(checked, 10);
}

TEST_F(Cuda, CudaExportedReferenceArchivesRunOnCuda) {
  const auto dir = shared_dir() / "reference/torch-2.11-archives";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no " << dir;
  for (const char* name : {"sin_cos", "cond_dyn", "conv_bn", "conv_kwargs", "dim_relation"}) {
    SCOPED_TRACE(name);
    auto runner = ProgramRunner::load(dir / (std::string(name) + ".cuda.pt2"), cuda);
    std::vector<c10::IValue> got;
    ASSERT_NO_THROW(got = runner->run(on(sample_inputs(dir / (std::string(name) + ".cuda.pt2")), cuda)));
    ASSERT_FALSE(got.empty());
    EXPECT_TRUE(got[0].toTensor().is_cuda());
  }
}

TEST_F(Cuda, BufferMutationOnCuda) {
  auto runner = ProgramRunner::load(fixture("counter.pt2"), cuda);
  const at::Tensor x = sample_inputs(fixture("counter.pt2"))[0].toTensor().to(cuda);
  runner->run({x});
  EXPECT_TRUE(runner->run({x})[0].toTensor().cpu().allclose((x + 2).cpu()));
  runner->reset_state();
  EXPECT_TRUE(runner->run({x})[0].toTensor().cpu().allclose((x + 1).cpu()));
}

TEST_F(Cuda, CpuInputToACudaRunnerIsRefused) {
  auto runner = ProgramRunner::load(seed_archive("seed_sin_cos", "nonstrict", "training"), cuda);
  EXPECT_THROW(runner->run(sample_inputs(seed_archive("seed_sin_cos", "nonstrict", "training"))), runtime::InputError);
}

}  // namespace
}  // namespace exportcheck::testing
