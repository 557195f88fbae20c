// sequence_cpp (the sequence:<runtime>:<device> stage of the C++ runners) and the
// bundle's optional `sequence` section: one runner, reset once, called with every
// sample in order; outputs per call, then every buffer the program mutates.
#include <gtest/gtest.h>

#include <ATen/ops/full.h>

#include "harness/replay/bundle.h"
#include "harness/replay/sequence_replay.h"
#include "harness/worker/requests.h"
#include "replay_test_support.h"

using exportcheck::replay::Bundle;
using exportcheck::replay::BundleError;
using exportcheck::replay::read_bundle;
using exportcheck::replay::sequence_cpp;
using replay_test::data;
using replay_test::FakeRunner;

namespace {

// Keeps state across calls as a Python-side counter would in eager: output[0]
// of call k is scaled by k, and a buffer counts the calls.
class CountingRunner : public FakeRunner {
 public:
  int calls = 0;
  bool scale_outputs = true;
  std::vector<c10::IValue> run(std::vector<c10::IValue> inputs) override {
    auto out = FakeRunner::run(std::move(inputs));
    ++calls;
    if (scale_outputs && calls > 1) out[0] = out[0].toTensor() * calls;
    return out;
  }
  void reset_state() override {
    FakeRunner::reset_state();
    calls = 0;
  }
  std::map<std::string, at::Tensor> mutated_buffers() const override {
    return {{"counter.calls", at::full({}, static_cast<double>(calls))}};
  }
};

exportcheck::replay::RunnerFactory counting(replay_test::FakeStats* stats, bool scale_outputs) {
  return [stats, scale_outputs](const std::filesystem::path&, c10::Device) {
    auto r = std::make_unique<CountingRunner>();
    r->stats = stats;
    r->scale_outputs = scale_outputs;
    if (stats) ++stats->loads;
    return std::unique_ptr<exportcheck::runtime::ProgramRunner>(std::move(r));
  };
}

std::string error_of(const std::filesystem::path& p) {
  try {
    read_bundle(p);
  } catch (const BundleError& e) {
    return e.what();
  }
  return "<no error>";
}

}  // namespace

TEST(SequenceCpp, OneRunnerResetOnceCalledInOrder) {
  replay_test::FakeStats stats;
  auto r = sequence_cpp(replay_test::fixture_request(), replay_test::fixture_with_sequence(), replay_test::fake_factory(&stats));
  EXPECT_EQ(r["passed"], true) << r.dump();
  EXPECT_EQ(r["calls"], 3);
  EXPECT_EQ(stats.loads, 1);
  EXPECT_EQ(stats.runs, 3);
  EXPECT_EQ(stats.resets, 1) << "reset once, never between calls";
}

TEST(SequenceCpp, StateCarriedAcrossCallsFailsNamingTheCall) {
  auto r = sequence_cpp(replay_test::fixture_request(), replay_test::fixture_with_sequence(), counting(nullptr, true));
  EXPECT_EQ(r["ok"], true);
  EXPECT_EQ(r["passed"], false) << r.dump();
  EXPECT_EQ(r["calls"], 2);
  EXPECT_EQ(r["failing_sample"], 1);
  const std::string label = r["label"];
  const std::string m = r["message"];
  const std::string sym = label.substr(4);
  EXPECT_EQ(m.rfind("call 2 of 3 (sample 1: " + label + "; " + sym + "=2; inputs (2, 4)): output[0]: values differ", 0), 0u)
      << m;
}

TEST(SequenceCpp, FinalBufferMismatchNamesTheBuffer) {
  // Eager counted 5 calls; the program counted 3.
  auto r = sequence_cpp(replay_test::fixture_request(), replay_test::fixture_with_sequence({{"counter.calls", at::full({}, 5.0)}}), counting(nullptr, false));
  EXPECT_EQ(r["passed"], false) << r.dump();
  EXPECT_EQ(r["calls"], 3);
  EXPECT_FALSE(r.contains("failing_sample"));
  const std::string m = r["message"];
  EXPECT_EQ(m.rfind("after call 3 of 3: buffer counter.calls differs: values differ", 0), 0u) << m;
}

TEST(SequenceCpp, FinalBuffersEqualPass) {
  auto r = sequence_cpp(replay_test::fixture_request(), replay_test::fixture_with_sequence({{"counter.calls", at::full({}, 3.0)}}), counting(nullptr, false));
  EXPECT_EQ(r["passed"], true) << r.dump();
}

TEST(SequenceCpp, BufferEagerChangedButProgramDoesNotMutate) {
  auto r = sequence_cpp(replay_test::fixture_request(), replay_test::fixture_with_sequence({{"bn.running_mean", at::full({4}, 1.0)}}), replay_test::fake_factory(nullptr));
  EXPECT_EQ(r["passed"], false) << r.dump();
  EXPECT_EQ(r["message"], "after call 3 of 3: buffer bn.running_mean: the program does not mutate it (eager does)");
}

TEST(SequenceCpp, BundleWithoutSequenceIsUnsupported) {
  auto r = sequence_cpp(replay_test::fixture_request(), read_bundle(data("bundle.pt")), replay_test::fake_factory(nullptr));
  ASSERT_TRUE(r.contains("unsupported")) << r.dump();
  EXPECT_NE(r["unsupported"].get<std::string>().find("bundle has no sequence reference"), std::string::npos);
}

TEST(SequenceCpp, DeviceWhereEagerFailedMidSequenceHasNoEagerOutput) {
  Bundle b = replay_test::fixture_with_sequence();
  b.sequence->outputs.clear();
  b.sequence->errors["cpu"] = "eager failed on call 2 of 3 (sample 1: min:s0): RuntimeError: boom";
  replay_test::FakeStats stats;
  auto r = sequence_cpp(replay_test::fixture_request(), b, replay_test::fake_factory(&stats));
  EXPECT_EQ(r["passed"], false);
  EXPECT_EQ(r["status"], exportcheck::worker::kNoEagerOutput);
  EXPECT_EQ(r["message"], "no eager sequence on cpu (eager failed on call 2 of 3 (sample 1: min:s0): RuntimeError: boom)");
  EXPECT_EQ(stats.loads, 0);
}

TEST(SequenceCpp, RealExecutorEndToEnd) {
  auto r = sequence_cpp(replay_test::fixture_request(), replay_test::fixture_with_sequence(), exportcheck::replay::default_runner_factory());
  EXPECT_EQ(r["passed"], true) << r.dump();
  EXPECT_EQ(r["calls"], 3);
}

TEST(SequenceCpp, RealExecutorReportsNoMutatedBufferForAStatelessProgram) {
  auto runner = exportcheck::runtime::ProgramRunner::load(data("program.pt2"), c10::kCPU);
  EXPECT_TRUE(runner->mutated_buffers().empty());
}

TEST(SequenceBundle, ReadsTheOptionalSection) {
  auto dir = replay_test::scratch("sequence-bundle");
  auto raw = exportcheck::replay::load_pickle_file(data("bundle.pt")).toGenericDict();
  c10::impl::GenericList calls(c10::AnyType::get());
  for (const auto& s : raw.at(c10::IValue("samples")).toList())
    calls.push_back(s.get().toGenericDict().at(c10::IValue("outputs")).toGenericDict().at(c10::IValue("cpu")));
  c10::impl::GenericDict outputs(c10::StringType::get(), c10::AnyType::get());
  outputs.insert(c10::IValue("cpu"), c10::IValue(calls));
  c10::impl::GenericDict cpu_buffers(c10::StringType::get(), c10::AnyType::get());
  cpu_buffers.insert(c10::IValue("bn.running_mean"), c10::IValue(at::full({4}, 0.5)));
  c10::impl::GenericDict buffers(c10::StringType::get(), c10::AnyType::get());
  buffers.insert(c10::IValue("cpu"), c10::IValue(cpu_buffers));
  c10::impl::GenericDict errors(c10::StringType::get(), c10::AnyType::get());
  errors.insert(c10::IValue("cuda"), c10::IValue(std::string("CUDA not available")));
  c10::impl::GenericDict seq(c10::StringType::get(), c10::AnyType::get());
  seq.insert(c10::IValue("outputs"), c10::IValue(outputs));
  seq.insert(c10::IValue("buffers"), c10::IValue(buffers));
  seq.insert(c10::IValue("errors"), c10::IValue(errors));
  auto good = raw.copy();
  good.insert_or_assign(c10::IValue("sequence"), c10::IValue(seq));
  exportcheck::replay::save_pickle_file(dir / "good.pt", c10::IValue(good));
  Bundle b = read_bundle(dir / "good.pt");
  ASSERT_TRUE(b.sequence);
  ASSERT_EQ(b.sequence->outputs.at("cpu").size(), 3u);
  EXPECT_EQ(b.sequence->outputs.at("cpu")[1].size(), 3u);
  EXPECT_TRUE(b.sequence->buffers.at("cpu").at("bn.running_mean").equal(at::full({4}, 0.5)));
  EXPECT_EQ(b.sequence->errors.at("cuda"), "CUDA not available");

  // None means absent, as does a bundle without the key.
  auto none = raw.copy();
  none.insert_or_assign(c10::IValue("sequence"), c10::IValue());
  exportcheck::replay::save_pickle_file(dir / "none.pt", c10::IValue(none));
  EXPECT_FALSE(read_bundle(dir / "none.pt").sequence);
  EXPECT_FALSE(read_bundle(data("bundle.pt")).sequence);

  // Malformed: a call count that is not the sample count, a buffer that is not a tensor.
  auto short_calls = calls.copy();
  short_calls.pop_back();
  auto bad_outputs = outputs.copy();
  bad_outputs.insert_or_assign(c10::IValue("cpu"), c10::IValue(short_calls));
  auto bad_seq = seq.copy();
  bad_seq.insert_or_assign(c10::IValue("outputs"), c10::IValue(bad_outputs));
  auto bad = raw.copy();
  bad.insert_or_assign(c10::IValue("sequence"), c10::IValue(bad_seq));
  exportcheck::replay::save_pickle_file(dir / "calls.pt", c10::IValue(bad));
  auto m = error_of(dir / "calls.pt");
  EXPECT_NE(m.find("calls.pt: sequence.outputs.cpu: 2 calls for 3 samples"), std::string::npos) << m;

  auto bad_cpu = cpu_buffers.copy();
  bad_cpu.insert_or_assign(c10::IValue("bn.running_mean"), c10::IValue(3));
  auto bad_buffers = buffers.copy();
  bad_buffers.insert_or_assign(c10::IValue("cpu"), c10::IValue(bad_cpu));
  auto bad_seq2 = seq.copy();
  bad_seq2.insert_or_assign(c10::IValue("buffers"), c10::IValue(bad_buffers));
  auto bad2 = raw.copy();
  bad2.insert_or_assign(c10::IValue("sequence"), c10::IValue(bad_seq2));
  exportcheck::replay::save_pickle_file(dir / "buffer.pt", c10::IValue(bad2));
  m = error_of(dir / "buffer.pt");
  EXPECT_NE(m.find("buffer.pt: sequence.buffers.cpu.bn.running_mean: expected a tensor, got int"), std::string::npos) << m;
}
