// An operator of another namespace, registered in this process (as a C++
// extension would), resolves like an aten one.
#include <gtest/gtest.h>

#include <torch/library.h>

#include "harness/runtime/program_runner.h"
#include "tests/cpp/runtime/runtime_test_support.h"

namespace {

at::Tensor twice_cos(const at::Tensor& self) { return self.cos() * 2; }

TORCH_LIBRARY(exportcheck_test, m) { m.def("twice_cos(Tensor self) -> Tensor", twice_cos); }

}  // namespace

namespace exportcheck::testing {
namespace {

TEST(CustomOperator, RegisteredInThisProcessRuns) {
  // seed_sin_cos computes sin(x) + cos(y); its cos node now names the custom op
  const auto archive = edited_archive(seed_archive("seed_sin_cos", "nonstrict", "training"), "custom_operator",
                                      [](const std::string& name, const std::string& data) -> std::optional<std::string> {
                                        if (name.ends_with("models/model.json"))
                                          return replace_all(data, "torch.ops.aten.cos.default",
                                                             "torch.ops.exportcheck_test.twice_cos.default");
                                        return data;
                                      });
  auto runner = runtime::ProgramRunner::load(archive, c10::Device(c10::kCPU));
  const auto inputs = sample_inputs(archive);
  const at::Tensor x = inputs[0].toTensor(), y = inputs[1].toTensor();
  const auto out = runner->run(inputs);
  EXPECT_TRUE(out[0].toTensor().allclose(x.sin() + y.cos() * 2));
}

}  // namespace
}  // namespace exportcheck::testing
