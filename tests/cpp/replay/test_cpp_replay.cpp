// replay_cpp / guards_cpp on the fixture bundles: with a fake runner (the
// replay logic alone) and with the real executor (end to end).
#include <gtest/gtest.h>

#include <ATen/Context.h>

#include "harness/replay/cpp_replay.h"
#include "replay_test_support.h"

using exportcheck::replay::guards_cpp;
using exportcheck::replay::replay_cpp;
using exportcheck::replay::ReplayRequest;
using replay_test::data;
using replay_test::fake_factory;
using replay_test::FakeRunner;

namespace {

ReplayRequest request(const std::string& bundle, const std::string& device = "cpu") {
  ReplayRequest r;
  r.archive = data("program.pt2");
  r.bundle = data(bundle);
  r.device = device;
  return r;
}

}  // namespace

TEST(CppReplayFake, PassingBundle) {
  replay_test::FakeStats stats;
  auto r = replay_cpp(request("bundle.pt"), fake_factory(&stats));
  EXPECT_EQ(r["ok"], true);
  EXPECT_EQ(r["passed"], true) << r.dump();
  EXPECT_EQ(r["samples"], 3);
  EXPECT_TRUE(r.contains("seconds"));
  EXPECT_EQ(stats.loads, 1) << "the program is loaded once";
  EXPECT_EQ(stats.runs, 3);
  EXPECT_EQ(stats.resets, 3) << "reset_state before every sample";
}

TEST(CppReplayFake, InputsAreClonedSoMutationsDoNotLeakIntoTheBundle) {
  auto bundle = exportcheck::replay::read_bundle(data("bundle.pt"));
  auto before = bundle.samples[0].inputs[0].toTensor().clone();
  auto r = replay_cpp(request("bundle.pt"), bundle, fake_factory(nullptr, [](FakeRunner& f) { f.mutate_input = true; }));
  EXPECT_EQ(r["passed"], true) << r.dump();
  EXPECT_TRUE(bundle.samples[0].inputs[0].toTensor().equal(before));
}

TEST(CppReplayFake, WrongExpectedOutputNamesSampleLabelSizesAndOutput) {
  auto r = replay_cpp(request("wrong.pt"), fake_factory(nullptr));
  EXPECT_EQ(r["ok"], true);
  EXPECT_EQ(r["passed"], false);
  EXPECT_EQ(r["samples"], 2);
  EXPECT_EQ(r["failing_sample"], 1);
  std::string label = r["label"];
  EXPECT_EQ(label.rfind("min:", 0), 0u) << label;
  std::string m = r["message"];
  std::string sym = label.substr(4);
  EXPECT_EQ(m.rfind("sample 1 (" + label + "; " + sym + "=2; inputs (2, 4)): output[0]: values differ: max abs error 0.5 (atol 1e-05)", 0), 0u) << m;
  EXPECT_NE(m.find("3/8 elements mismatched"), std::string::npos) << m;
}

TEST(CppReplayFake, UncheckedValuesPassWithTheReasonButStillCheckShapes) {
  auto bundle = exportcheck::replay::read_bundle(data("wrong.pt"));
  EXPECT_FALSE(bundle.unchecked_values) << "the fixture compares values";
  bundle.unchecked_values = "the program calls aten.bernoulli.default";
  auto r = replay_cpp(request("wrong.pt"), bundle, fake_factory(nullptr));
  EXPECT_EQ(r["passed"], true) << r.dump();
  EXPECT_EQ(r["message"], "values not compared: the program calls aten.bernoulli.default");
  bundle.samples[1].outputs["cpu"][0] = bundle.samples[1].outputs["cpu"][0].toTensor().sum(0);
  r = replay_cpp(request("wrong.pt"), bundle, fake_factory(nullptr));
  EXPECT_EQ(r["passed"], false) << "a shape difference still fails: " << r.dump();
}

TEST(CppReplayFake, RunErrorIsAFailureNotAnError) {
  auto r = replay_cpp(request("bundle.pt"), fake_factory(nullptr, [](FakeRunner& f) { f.max_batch = 10; }));
  EXPECT_EQ(r["passed"], false);
  EXPECT_EQ(r["failing_sample"], 2);
  EXPECT_EQ(r["error_type"], "InputError");
  std::string m = r["message"];
  EXPECT_NE(m.find("): run: InputError: input x: dimension 0 is 64, outside [2, 10]"), std::string::npos) << m;
}

TEST(CppReplayFake, LoadErrorIsReported) {
  auto failing = [](const std::filesystem::path&, c10::Device) -> std::unique_ptr<exportcheck::runtime::ProgramRunner> {
    throw exportcheck::runtime::LoadError("models/model.json: node 3: unknown operator aten::frob");
  };
  auto r = replay_cpp(request("bundle.pt"), failing);
  EXPECT_EQ(r["ok"], true);
  EXPECT_EQ(r["passed"], false);
  EXPECT_EQ(r["message"], "load: LoadError: models/model.json: node 3: unknown operator aten::frob");
  auto g = guards_cpp(request("bundle.pt"), failing);
  EXPECT_EQ(g["passed"], false);
  EXPECT_EQ(g["message"].get<std::string>().rfind("load: LoadError", 0), 0u);
}

TEST(CppReplayFake, MissingDeviceOutputsAndUnavailableDevice) {
  auto bundle = exportcheck::replay::read_bundle(data("bundle.pt"));
  bundle.samples[0].outputs.erase("cpu");
  auto r = replay_cpp(request("bundle.pt"), bundle, fake_factory(nullptr));
  EXPECT_EQ(r["passed"], false);
  EXPECT_EQ(r["message"], "sample 0: no eager output on cpu (eager ran, but the sample has no output)");
  if (!at::hasCUDA()) {
    auto u = replay_cpp(request("bundle.pt", "cuda"), fake_factory(nullptr));
    EXPECT_EQ(u, (nlohmann::json{{"ok", true}, {"passed", false}, {"unsupported", "CUDA not available"}}));
    EXPECT_EQ(guards_cpp(request("bundle.pt", "cuda"), fake_factory(nullptr))["unsupported"], "CUDA not available");
  }
  EXPECT_THROW(replay_cpp(request("bundle.pt", "warp-drive"), fake_factory(nullptr)), std::invalid_argument);
}

TEST(CppReplayFake, GuardsRefusedPass) {
  replay_test::FakeStats stats;
  auto r = guards_cpp(request("bundle.pt"), fake_factory(&stats));
  EXPECT_EQ(r["passed"], true) << r.dump();
  EXPECT_EQ(r["checked"], 2);
  EXPECT_EQ(stats.runs, 2);
  EXPECT_EQ(stats.resets, 2);
  EXPECT_TRUE(r["accepted"].empty());
  ASSERT_EQ(r["refused"].size(), 2u);
  EXPECT_NE(r["refused"][0]["message"].get<std::string>().find("InputError: input x: dimension 0 is 1"), std::string::npos);
}

TEST(CppReplayFake, GuardsAcceptedFail) {
  auto r = guards_cpp(request("bundle.pt"), fake_factory(nullptr, [](FakeRunner& f) { f.min_batch = 0; }));
  EXPECT_EQ(r["passed"], false);
  EXPECT_EQ(r["checked"], 2);
  ASSERT_EQ(r["accepted"].size(), 1u);
  std::string label = r["accepted"][0]["label"];
  EXPECT_EQ(label.rfind("below-min:", 0), 0u);
  EXPECT_EQ(r["accepted"][0]["value"], 1);
  EXPECT_EQ(r["accepted"][0]["bound"], "min 2");
  EXPECT_EQ(r["message"], "accepted " + label + " (" + label.substr(10) + "=1, min 2)");
}

TEST(CppReplayFake, NoGuardSamples) {
  auto bundle = exportcheck::replay::read_bundle(data("bundle.pt"));
  bundle.guards.clear();
  auto r = guards_cpp(request("bundle.pt"), bundle, fake_factory(nullptr));
  EXPECT_EQ(r["passed"], true);
  EXPECT_EQ(r["checked"], 0);
}

// The real executor (harness/runtime) on the fixture archive.
TEST(CppReplayReal, PassingBundle) {
  auto r = replay_cpp(request("bundle.pt"));
  EXPECT_EQ(r["ok"], true);
  EXPECT_EQ(r["passed"], true) << r.dump();
  EXPECT_EQ(r["samples"], 3);
}

TEST(CppReplayReal, WrongExpectedOutputFails) {
  auto r = replay_cpp(request("wrong.pt"));
  EXPECT_EQ(r["passed"], false) << r.dump();
  EXPECT_EQ(r["failing_sample"], 1);
  EXPECT_NE(r["message"].get<std::string>().find("output[0]: values differ"), std::string::npos) << r.dump();
}

TEST(CppReplayReal, GuardsAreRefused) {
  auto r = guards_cpp(request("bundle.pt"));
  EXPECT_EQ(r["passed"], true) << r.dump();
  EXPECT_EQ(r["checked"], 2);
}

TEST(CppReplayReal, UnreadableArchiveIsALoadFailure) {
  auto r = request("bundle.pt");
  r.archive = data("bundle.pt");  // a zip, but not a PT2 archive
  auto out = replay_cpp(r);
  EXPECT_EQ(out["ok"], true);
  EXPECT_EQ(out["passed"], false);
  EXPECT_EQ(out["message"].get<std::string>().rfind("load: ", 0), 0u) << out.dump();
}

// On a CUDA machine: the real executor on cuda:0 against outputs recorded as
// eager had them there (the fixture's CPU outputs relabelled).
TEST(CppReplayReal, CudaDeviceWhenAvailable) {
  if (!at::hasCUDA()) GTEST_SKIP() << "CUDA not available";
  auto bundle = exportcheck::replay::read_bundle(data("bundle.pt"));
  for (auto& s : bundle.samples) {
    s.outputs["cuda"] = s.outputs.at("cpu");
    s.output_devices["cuda"] = {"cuda:0", "cuda:0", ""};
  }
  auto r = replay_cpp(request("bundle.pt", "cuda"), bundle, exportcheck::replay::default_runner_factory());
  EXPECT_EQ(r["passed"], true) << r.dump();
  // eager had output 0 on the CPU: a device mismatch
  bundle.samples[0].output_devices["cuda"][0] = "cpu";
  auto d = replay_cpp(request("bundle.pt", "cuda"), bundle, exportcheck::replay::default_runner_factory());
  EXPECT_EQ(d["passed"], false);
  EXPECT_NE(d["message"].get<std::string>().find("output[0]: device cuda:0 != expected cpu"), std::string::npos) << d.dump();
  auto g = guards_cpp(request("bundle.pt", "cuda"), bundle, exportcheck::replay::default_runner_factory());
  EXPECT_EQ(g["passed"], true) << g.dump();
}
