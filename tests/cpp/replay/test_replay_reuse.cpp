// The sequence stage compares the outputs replay made when no call changed
// the runner's state (replay_cpp's and sequence_cpp's `made`; the cpp
// worker's memo of the last passing replay, by file identity).
#include <gtest/gtest.h>

#include <ATen/ops/full.h>

#include "harness/replay/bundle.h"
#include "harness/replay/cpp_worker.h"
#include "harness/replay/sequence_replay.h"
#include "replay_test_support.h"

using exportcheck::replay::read_bundle;
using exportcheck::replay::replay_cpp;
using exportcheck::replay::SampleOutputs;
using exportcheck::replay::sequence_cpp;
using exportcheck::replay::serve_cpp_request;
using replay_test::data;

namespace {

// A runner that says a call changed a buffer (as BatchNorm's running stats would).
class StatefulRunner : public replay_test::FakeRunner {
 public:
  std::map<std::string, at::Tensor> mutated_buffers() const override {
    return {{"bn.running_mean", at::full({4}, 1.0)}};
  }
};

exportcheck::replay::RunnerFactory stateful() {
  return [](const std::filesystem::path&, c10::Device) {
    return std::unique_ptr<exportcheck::runtime::ProgramRunner>(std::make_unique<StatefulRunner>());
  };
}

// bundle.pt with a `sequence` section (each sample's own outputs) at `path`.
void write_bundle_with_sequence(const std::filesystem::path& path) {
  auto raw = exportcheck::replay::load_pickle_file(data("bundle.pt")).toGenericDict();
  c10::impl::GenericList calls(c10::AnyType::get());
  for (const auto& s : raw.at(c10::IValue("samples")).toList())
    calls.push_back(s.get().toGenericDict().at(c10::IValue("outputs")).toGenericDict().at(c10::IValue("cpu")));
  c10::impl::GenericDict outputs(c10::StringType::get(), c10::AnyType::get());
  outputs.insert(c10::IValue("cpu"), c10::IValue(calls));
  c10::impl::GenericDict empty(c10::StringType::get(), c10::AnyType::get());
  c10::impl::GenericDict seq(c10::StringType::get(), c10::AnyType::get());
  seq.insert(c10::IValue("outputs"), c10::IValue(outputs));
  seq.insert(c10::IValue("buffers"), c10::IValue(empty));
  seq.insert(c10::IValue("errors"), c10::IValue(empty.copy()));
  raw.insert_or_assign(c10::IValue("sequence"), c10::IValue(seq));
  exportcheck::replay::save_pickle_file(path, c10::IValue(raw));
}

nlohmann::json cpp_request(const std::string& op, const std::filesystem::path& bundle) {
  return {{"op", op}, {"runtime", "cpp"}, {"device", "cpu"}, {"archive", data("program.pt2").string()},
          {"bundle", bundle.string()}, {"tolerance", {{"atol", nullptr}, {"rtol", nullptr}}}};
}

}  // namespace

TEST(ReplayReuse, APassingReplayOfAStatelessRunnerKeepsEveryOutput) {
  SampleOutputs made;
  auto r = replay_cpp(replay_test::fixture_request(), read_bundle(data("bundle.pt")), replay_test::fake_factory(nullptr), &made);
  ASSERT_EQ(r["passed"], true) << r.dump();
  ASSERT_EQ(made.size(), 3u);
  EXPECT_EQ(made[1].size(), 3u) << "every output of the call";
}

TEST(ReplayReuse, NothingIsKeptWhenACallChangedStateOrAReplayFailed) {
  SampleOutputs made{{c10::IValue(1)}};
  auto r = replay_cpp(replay_test::fixture_request(), read_bundle(data("bundle.pt")), stateful(), &made);
  ASSERT_EQ(r["passed"], true) << r.dump();
  EXPECT_TRUE(made.empty()) << "a call changed a buffer: sequence must make its own calls";
  auto failed = replay_cpp(replay_test::fixture_request(), read_bundle(data("wrong.pt")), replay_test::fake_factory(nullptr), &made);
  ASSERT_EQ(failed["passed"], false);
  EXPECT_TRUE(made.empty());
}

TEST(ReplayReuse, SequenceComparesTheOutputsItIsGivenWithoutCalling) {
  replay_test::FakeStats stats;
  SampleOutputs made;
  replay_cpp(replay_test::fixture_request(), read_bundle(data("bundle.pt")), replay_test::fake_factory(nullptr), &made);
  auto same = sequence_cpp(replay_test::fixture_request(), replay_test::fixture_with_sequence(), replay_test::fake_factory(&stats), &made);
  EXPECT_EQ(same["passed"], true) << same.dump();
  EXPECT_EQ(same["calls_from_replay"], true);
  EXPECT_EQ(stats.runs, 0) << "no call made again";
  EXPECT_EQ(stats.loads, 0) << "nothing to call: no runner";
  // Outputs that differ from the reference fail at their call, as calls of its own would.
  made[1][0] = made[1][0].toTensor() * 3;
  auto differs = sequence_cpp(replay_test::fixture_request(), replay_test::fixture_with_sequence(), replay_test::fake_factory(&stats), &made);
  EXPECT_EQ(differs["passed"], false) << differs.dump();
  EXPECT_EQ(differs["calls"], 2);
  EXPECT_EQ(differs["calls_from_replay"], true);
  // Not one entry per sample: ignored, the calls are made.
  made.pop_back();
  auto own = sequence_cpp(replay_test::fixture_request(), replay_test::fixture_with_sequence(), replay_test::fake_factory(&stats), &made);
  EXPECT_EQ(own["passed"], true) << own.dump();
  EXPECT_FALSE(own.contains("calls_from_replay"));
  EXPECT_EQ(stats.runs, 3);
  EXPECT_EQ(stats.loads, 1);
}

TEST(ReplayReuse, TheCppWorkerReusesTheLastReplayOfTheSameFiles) {
  const auto dir = replay_test::scratch("replay-reuse");
  write_bundle_with_sequence(dir / "sequence.pt");
  ASSERT_EQ(serve_cpp_request(cpp_request("replay", dir / "sequence.pt"))["passed"], true);
  auto reused = serve_cpp_request(cpp_request("sequence", dir / "sequence.pt"));
  EXPECT_EQ(reused["passed"], true) << reused.dump();
  EXPECT_EQ(reused["calls_from_replay"], true);
  // A copy of the bundle is another file: the sequence makes its own calls.
  std::filesystem::copy_file(dir / "sequence.pt", dir / "copy.pt");
  auto own = serve_cpp_request(cpp_request("sequence", dir / "copy.pt"));
  EXPECT_EQ(own["passed"], true) << own.dump();
  EXPECT_FALSE(own.contains("calls_from_replay"));
  // A replay that fails forgets what the one before made.
  ASSERT_EQ(serve_cpp_request(cpp_request("replay", data("wrong.pt")))["passed"], false);
  EXPECT_FALSE(serve_cpp_request(cpp_request("sequence", dir / "sequence.pt")).contains("calls_from_replay"));
  std::filesystem::remove_all(dir);
}

TEST(ReplayReuse, TheCppWorkerRereadsABundleThatChanged) {
  const auto dir = replay_test::scratch("replay-reread");
  std::filesystem::copy_file(data("bundle.pt"), dir / "bundle.pt");
  ASSERT_EQ(serve_cpp_request(cpp_request("replay", dir / "bundle.pt"))["passed"], true);
  // Rewritten in place (another run into the same folder): its wrong outputs must be seen.
  std::filesystem::copy_file(data("wrong.pt"), dir / "bundle.pt", std::filesystem::copy_options::overwrite_existing);
  std::filesystem::last_write_time(dir / "bundle.pt",
                                   std::filesystem::last_write_time(dir / "bundle.pt") + std::chrono::seconds(1));
  auto again = serve_cpp_request(cpp_request("replay", dir / "bundle.pt"));
  EXPECT_EQ(again["passed"], false) << again.dump();
  EXPECT_EQ(again["failing_sample"], 1);
  std::filesystem::remove_all(dir);
}
