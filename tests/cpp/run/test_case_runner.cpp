// The case runner against scripted workers (tests/data/worker/scripted_worker.py):
// replies the real workers give only on some machines (a package the case
// requires is absent, the replay bundle could not be written, a runtime
// accepts a size outside the range) become the verdicts the docs promise.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <unistd.h>

#include "harness/catalog/known_gaps.h"
#include "harness/catalog/normalized_case.h"
#include "harness/run/case_runner.h"

namespace {

namespace fs = std::filesystem;
using namespace exportcheck;
using nlohmann::json;
using report::Verdict;

class CaseRunnerScripted : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("exportcheck-case-runner-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "golden");
    archive_ = dir_ / "training.pt2";
    fs::copy_file(fs::path(EXPORTCHECK_SOURCE_DIR) / "golden/archives/2.13.0/seed_conv_bn/nonstrict/training.pt2", archive_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  worker::WorkerConfig scripted(const std::string& role, const json& script) {
    const fs::path file = dir_ / (role + ".json");
    std::ofstream(file) << script.dump();
    worker::WorkerConfig c;
    c.root = dir_;
    c.role = role;
    c.command = {"python3", "-u", (fs::path(EXPORTCHECK_SOURCE_DIR) / "tests/data/worker/scripted_worker.py").string(),
                 file.string(), role};
    c.log_path = dir_ / (role + ".log");
    c.startup_timeout = std::chrono::seconds(20);
    return c;
  }

  // One case (nonstrict, training, cpu) run with the module runtime only;
  // `exporter` replaces the scripted export worker when given.
  std::vector<report::StageResult> run(const json& export_reply, const json& load_replies,
                                       const catalog::KnownGaps* gaps = nullptr, json expect = json::array(),
                                       std::optional<worker::WorkerConfig> exporter = std::nullopt) {
    const json c = {{"name", "scripted"},
                    {"file", "cases/scripted.yaml"},
                    {"model", {{"module", "torch.nn"}, {"class", "Linear"}}},
                    {"inputs", {{"args", json::array()}}},
                    {"export", {{"strict", {false}}, {"ir", {"training"}}}},
                    {"expect", expect},
                    {"timeout_s", 30}};
    const catalog::Case the_case = catalog::case_from_normalized(c);
    json export_script = {{"torch", "2.13.0+cpu"}, {"export", export_reply}};
    run::WorkerSlot slot(exporter ? *exporter : scripted("export", export_script), scripted("load", load_replies),
                         scripted("cpp", cpp_replies_));
    run::CaseRunner runner(slot, run::GoldenOptions{dir_, false, false}, dir_ / "cases",
                           run::ReplayOptions{runtimes_, {}, {}, dir_ / "aoti-cache", compat_, compat_only_}, gaps);
    return runner.run(the_case);
  }

  json healthy_export(json mode_extra = json::object()) {
    json mode = {{"mode", "nonstrict"}, {"ok", true}, {"seconds", 0.1}, {"bundle", (dir_ / "replay.pt").string()},
                 {"programs", json::array({{{"ir", "training"}, {"ok", true}, {"archive", archive_.string()}}})}};
    mode.update(mode_extra);
    return {{"ok", true}, {"model_module", "torch.nn"},
            {"eager", {{"cpu", {{"ok", true}}}}}, {"exports", json::array({mode})}};
  }

  static json guards_reply(const std::string& message) {
    return {{"ok", true}, {"passed", false}, {"checked", 2}, {"message", message},
            {"accepted", json::array({{{"label", "below-min:s0"}, {"value", 1}, {"bound", "min 2"}, {"zero_one", true}}})}};
  }

  static const report::StageResult& stage(const std::vector<report::StageResult>& rs, const std::string& name) {
    for (const auto& r : rs)
      if (r.stage == name) return r;
    throw std::runtime_error("no " + name + " result");
  }

  fs::path dir_;
  fs::path archive_;
  // A frozen release folder holding this case's nonstrict/training program
  // (the 2.13.0 seed archive) with or without its mode's replay bundle.
  run::CompatSource frozen(const std::string& release, bool with_bundle = true) {
    const fs::path mode = dir_ / "frozen" / release / "scripted" / "nonstrict";
    fs::create_directories(mode);
    fs::copy_file(archive_, mode / "training.pt2", fs::copy_options::overwrite_existing);
    if (with_bundle) std::ofstream(mode / "replay.pt") << "scripted workers never read it";
    return {release, dir_ / "frozen" / release, "golden/archives/" + release};
  }

  std::vector<std::string> runtimes_ = {"module"};
  json cpp_replies_ = json::object();
  std::vector<run::CompatSource> compat_;
  bool compat_only_ = false;
};

catalog::KnownGaps gaps(const std::string& torch_clause = "") {
  std::string yaml =
      "expect:\n"
      "  guards:module:\n"
      "    verdict: xfail\n"
      "    match: '^only 0/1 below min: '\n"
      "    reason: module() accepts 0/1 below min\n" +
      (torch_clause.empty() ? std::string() : "    torch: '" + torch_clause + "'\n");
  std::vector<catalog::CaseError> errors;
  catalog::KnownGaps g = catalog::parse_known_gaps(yaml, "cases/known-gaps.yaml", errors);
  EXPECT_TRUE(errors.empty()) << (errors.empty() ? "" : errors[0].str());
  return g;
}

const json kLoadPasses = {{"resave", {{"ok", true}, {"passed", true}}},
                          {"replay", {{"ok", true}, {"passed", true}, {"samples", 8}}},
                          {"guards", {{"ok", true}, {"passed", true}, {"checked", 2}}},
                          {"sequence", {{"ok", true}, {"passed", true}, {"calls", 8}}}};

TEST_F(CaseRunnerScripted, AbsentRequiredPackageIsUnsupportedAndNothingDownstreamRuns) {
  const auto rs = run({{"ok", true}, {"setup", {{"ok", true}, {"unsupported", "transformers is not installed"}}}},
                      kLoadPasses);
  const auto& e = stage(rs, "export");
  EXPECT_EQ(e.verdict, Verdict::Unsupported);
  EXPECT_EQ(e.message, "transformers is not installed");
  EXPECT_EQ(e.reason, "transformers is not installed");
  // Every stage the stage table says needs export, and nothing else.
  for (const char* s : {"archive", "roundtrip:validate", "roundtrip:bytes", "roundtrip:reload", "golden",
                        "replay:module:cpu", "replay:module:cuda", "guards:module:cpu", "guards:module:cuda",
                        "sequence:module:cpu", "sequence:module:cuda"}) {
    EXPECT_EQ(stage(rs, s).verdict, Verdict::Skip) << s;
    EXPECT_EQ(stage(rs, s).message, "not run: export UNSUPPORTED") << s;
    EXPECT_EQ(stage(rs, s).reason, "export UNSUPPORTED") << s;
  }
  EXPECT_EQ(rs.size(), 12u);
}

TEST_F(CaseRunnerScripted, MissingReplayBundleIsAnErrorNamingTheMode) {
  const auto rs = run(healthy_export({{"bundle_error", {{"reason", "cannot pickle 'generator' object"}}}}), kLoadPasses);
  EXPECT_EQ(stage(rs, "export").verdict, Verdict::Pass);
  for (const char* s : {"replay:module:cpu", "guards:module:cpu"}) {
    const auto& r = stage(rs, s);
    EXPECT_EQ(r.verdict, Verdict::Error) << s;
    EXPECT_EQ(r.message, "the exporter wrote no replay bundle for nonstrict: cannot pickle 'generator' object") << s;
  }
}

TEST_F(CaseRunnerScripted, ExporterThatNeverStartsIsACrashOfEveryVariantNotAnException) {
  worker::WorkerConfig dead = scripted("export", json::object());
  dead.command = {"python3", "-c", "import sys; print('broken install', file=sys.stderr); sys.exit(3)"};
  std::vector<report::StageResult> rs;
  ASSERT_NO_THROW(rs = run(json::object(), kLoadPasses, nullptr, json::array(), dead));
  const auto& e = stage(rs, "export");
  EXPECT_EQ(e.verdict, Verdict::Crash);
  EXPECT_NE(e.message.find("broken install"), std::string::npos) << e.message;
  EXPECT_EQ(stage(rs, "replay:module:cpu").verdict, Verdict::Skip);
}

TEST_F(CaseRunnerScripted, HealthyRepliesPass) {
  const auto rs = run(healthy_export(), kLoadPasses);
  EXPECT_EQ(stage(rs, "replay:module:cpu").verdict, Verdict::Pass);
  EXPECT_EQ(stage(rs, "guards:module:cpu").verdict, Verdict::Pass);
  EXPECT_EQ(stage(rs, "sequence:module:cpu").verdict, Verdict::Pass);
  EXPECT_EQ(stage(rs, "sequence:module:cpu").details.value("calls", 0), 8);
}

// Samples the exporter left out of the bundle (eager raised on them) are said
// on the replay record: a note on its PASS, the count and reasons in details.
TEST_F(CaseRunnerScripted, DroppedSamplesAreANoteOnThePassingReplay) {
  const auto rs = run(healthy_export({{"dropped", 2},
                                      {"dropped_reasons", {"eager on cpu: index 7 is out of bounds", "eager on cpu: x"}}}),
                      kLoadPasses);
  const auto& replay = stage(rs, "replay:module:cpu");
  EXPECT_EQ(replay.verdict, Verdict::Pass);
  EXPECT_EQ(replay.message,
            "note: 2 drawn sample(s) left out of the replay: eager on cpu: index 7 is out of bounds (+1 more reason(s))");
  EXPECT_EQ(replay.details["dropped"]["count"], 2);
  EXPECT_EQ(replay.details["dropped"]["reasons"].size(), 2u);
  EXPECT_EQ(stage(rs, "guards:module:cpu").message, "") << "guards replay no drawn sample";

  const auto none = run(healthy_export({{"dropped", 0}, {"dropped_reasons", json::array()}}), kLoadPasses);
  EXPECT_EQ(stage(none, "replay:module:cpu").message, "");
  EXPECT_FALSE(stage(none, "replay:module:cpu").details.contains("dropped"));
}

// The sequence stage runs in the same worker after guards; its failure names the
// call, keeps the failing sample in details and leaves no repro bundle.
TEST_F(CaseRunnerScripted, SequenceFailureNamesTheCallAndLeavesNoRepro) {
  json load = kLoadPasses;
  load["sequence"] = {{"ok", true}, {"passed", false}, {"calls", 2}, {"failing_sample", 1}, {"label", "min:s0"},
                      {"message", "call 2 of 8 (sample 1: min:s0; s0=2; inputs (2, 4)): output: values differ"}};
  const auto rs = run(healthy_export(), load);
  const auto& r = stage(rs, "sequence:module:cpu");
  EXPECT_EQ(r.verdict, Verdict::Fail);
  EXPECT_EQ(r.message, "call 2 of 8 (sample 1: min:s0; s0=2; inputs (2, 4)): output: values differ");
  EXPECT_EQ(r.details.value("calls", 0), 2);
  EXPECT_EQ(r.details.value("failing_sample", -1), 1);
  EXPECT_FALSE(r.details.contains("repro")) << r.details.dump();
  EXPECT_EQ(stage(rs, "replay:module:cpu").verdict, Verdict::Pass);

  // An expectation keyed `sequence` turns it into XFAIL.
  const auto x = run(healthy_export(), load, nullptr,
                     json::array({{{"stage", "sequence"}, {"verdict", "xfail"}, {"match", "^call 2 of"},
                                   {"reason", "Python-side state"}}}));
  EXPECT_EQ(stage(x, "sequence:module:cpu").verdict, Verdict::XFail);
  EXPECT_EQ(stage(x, "replay:module:cpu").verdict, Verdict::Pass);
}

TEST_F(CaseRunnerScripted, KnownGapExplainsAMatchingGuardsFailure) {
  json load = kLoadPasses;
  load["guards"] = guards_reply("only 0/1 below min: accepted below-min:s0 (s0=1, min 2)");
  const catalog::KnownGaps g = gaps();
  const auto rs = run(healthy_export(), load, &g);
  const auto& r = stage(rs, "guards:module:cpu");
  EXPECT_EQ(r.verdict, Verdict::XFail);
  EXPECT_EQ(r.message, "module() accepts 0/1 below min — only 0/1 below min: accepted below-min:s0 (s0=1, min 2)");
  EXPECT_EQ(r.reason, "module() accepts 0/1 below min");
}

// A sample with no eager output on the device (the reply's status, not its
// text) is a failure without a repro bundle: there is nothing to replay.
TEST_F(CaseRunnerScripted, NoEagerOutputStatusLeavesNoRepro) {
  json load = kLoadPasses;
  load["replay"] = {{"ok", true}, {"passed", false}, {"samples", 0}, {"failing_sample", 0},
                    {"status", "no_eager_output"}, {"message", "sample 0: eager had nothing here"}};
  const auto& r = stage(run(healthy_export(), load), "replay:module:cpu");
  EXPECT_EQ(r.verdict, Verdict::Fail);
  EXPECT_FALSE(r.details.contains("repro")) << r.details.dump();
  EXPECT_EQ(r.message.find("[repro"), std::string::npos) << r.message;
}

TEST_F(CaseRunnerScripted, KnownGapLeavesOtherFailuresFailing) {
  json load = kLoadPasses;
  load["guards"] = guards_reply("accepted above-max:s0 (s0=65, max 64)");
  const catalog::KnownGaps g = gaps();
  EXPECT_EQ(stage(run(healthy_export(), load, &g), "guards:module:cpu").verdict, Verdict::Fail);
  // Without the project's gaps the 0/1 gap fails too.
  load["guards"] = guards_reply("only 0/1 below min: accepted below-min:s0 (s0=1, min 2)");
  EXPECT_EQ(stage(run(healthy_export(), load), "guards:module:cpu").verdict, Verdict::Fail);
}

TEST_F(CaseRunnerScripted, KnownGapNarrowedToOtherTorchReleasesDoesNotApply) {
  json load = kLoadPasses;
  load["guards"] = guards_reply("only 0/1 below min: accepted below-min:s0 (s0=1, min 2)");
  const catalog::KnownGaps older = gaps("<2.12");
  EXPECT_EQ(stage(run(healthy_export(), load, &older), "guards:module:cpu").verdict, Verdict::Fail);
  const catalog::KnownGaps this_one = gaps(">=2.13,<2.14");
  EXPECT_EQ(stage(run(healthy_export(), load, &this_one), "guards:module:cpu").verdict, Verdict::XFail);
}

TEST_F(CaseRunnerScripted, CaseExpectationWinsOverAKnownGap) {
  json load = kLoadPasses;
  load["guards"] = guards_reply("only 0/1 below min: accepted below-min:s0 (s0=1, min 2)");
  const catalog::KnownGaps g = gaps();
  const json expect = json::array(
      {{{"stage", "guards:module"}, {"verdict", "xfail"}, {"reason", "this case's own reason"}, {"match", "s0=1"}}});
  const auto rs = run(healthy_export(), load, &g, expect);
  const auto& r = stage(rs, "guards:module:cpu");
  EXPECT_EQ(r.verdict, Verdict::XFail);
  EXPECT_EQ(r.message.rfind("this case's own reason — ", 0), 0u) << r.message;
}

TEST_F(CaseRunnerScripted, TorchNarrowedCaseExpectationAppliesOnlyToItsRelease) {
  json load = kLoadPasses;
  load["replay"] = {{"ok", true}, {"passed", false}, {"message", "sample 3: outputs differ"}};
  const json expect = json::array({{{"stage", "replay:module"}, {"verdict", "xfail"}, {"reason", "2.11 only"},
                                    {"torch", "==2.11"}}});
  EXPECT_EQ(stage(run(healthy_export(), load, nullptr, expect), "replay:module:cpu").verdict, Verdict::Fail);
  const json expect_213 = json::array({{{"stage", "replay:module"}, {"verdict", "xfail"}, {"reason", "2.13"},
                                        {"torch", "==2.13"}}});
  EXPECT_EQ(stage(run(healthy_export(), load, nullptr, expect_213), "replay:module:cpu").verdict, Verdict::XFail);
}

}  // namespace

namespace {

// torch global state the model changed (the worker restored it, exporter/PROTOCOL.md):
// the export records carry the list, a passing export says so, the verdict stays.
TEST_F(CaseRunnerScripted, GlobalStateChangeIsANoteOnThePassingExport) {
  json reply = healthy_export();
  reply["global_state"] = json::array({"default dtype float32 -> float64", "grad mode on -> off"});
  const auto rs = run(reply, kLoadPasses);
  const auto& e = stage(rs, "export");
  EXPECT_EQ(e.verdict, Verdict::Pass);
  EXPECT_EQ(e.message,
            "note: the model changed torch global state (restored): default dtype float32 -> float64; grad mode on -> off");
  EXPECT_EQ(e.details.value("global_state", json()), reply["global_state"]);
  EXPECT_EQ(stage(rs, "replay:module:cpu").verdict, Verdict::Pass);
  // Nothing changed: no note, no details.
  const auto plain_rs = run(healthy_export(), kLoadPasses);
  const auto& plain = stage(plain_rs, "export");
  EXPECT_EQ(plain.message, "");
  EXPECT_FALSE(plain.details.contains("global_state"));
}

TEST_F(CaseRunnerScripted, GlobalStateChangeIsKeptOnAFailedSetup) {
  const json reply = {{"ok", true}, {"model_module", "torch.nn"}, {"eager", json::object()}, {"exports", json::array()},
                      {"setup", {{"ok", false}, {"error_type", "RuntimeError"}, {"message", "boom"}}},
                      {"global_state", json::array({"default dtype float32 -> float64"})}};
  const auto rs = run(reply, kLoadPasses);
  const auto& e = stage(rs, "export");
  EXPECT_EQ(e.verdict, Verdict::Fail);
  EXPECT_EQ(e.message, "model setup failed: RuntimeError: boom");
  EXPECT_EQ(e.details.value("global_state", json()), reply["global_state"]);
}

}  // namespace

// The aoti runtime: the load worker compiles (or takes the package from the
// cache), the cpp worker runs it; what the compile says reaches every aoti stage.
TEST_F(CaseRunnerScripted, AotiCompileErrorIsEveryAotiStagesFailWithTheCompilersMessage) {
  runtimes_ = {"aoti"};
  json load = kLoadPasses;
  load["aoti_compile"] = {{"ok", true}, {"compiled", false}, {"message", "aoti compile: CppCompileError: g++ failed"}};
  const auto rs = run(healthy_export(), load);
  for (const char* s : {"replay:aoti:cpu", "guards:aoti:cpu", "sequence:aoti:cpu"}) {
    EXPECT_EQ(stage(rs, s).verdict, Verdict::Fail) << s;
    EXPECT_EQ(stage(rs, s).message, "aoti compile: CppCompileError: g++ failed") << s;
  }
}

TEST_F(CaseRunnerScripted, AotiCompilerCrashIsACrashOfEveryAotiStage) {
  runtimes_ = {"aoti"};
  json load = kLoadPasses;
  load["aoti_compile"] = {{"exit", 11}};
  const auto rs = run(healthy_export(), load);
  for (const char* s : {"replay:aoti:cpu", "guards:aoti:cpu", "sequence:aoti:cpu"}) {
    EXPECT_EQ(stage(rs, s).verdict, Verdict::Crash) << s;
    EXPECT_EQ(stage(rs, s).message.rfind("aoti compile: ", 0), 0u) << stage(rs, s).message;
  }
}

TEST_F(CaseRunnerScripted, AotiPackageRunsInTheCppWorkerWithItsCompileTimeAndCacheStatus) {
  runtimes_ = {"aoti"};
  json load = kLoadPasses;
  load["aoti_compile"] = {{"ok", true}, {"compiled", true}, {"package", (dir_ / "pkg.pt2").string()},
                          {"cache", "miss"}, {"key", "abc"}, {"compile_seconds", 12.5}};
  cpp_replies_ = {{"replay", {{"ok", true}, {"passed", true}, {"samples", 8}}},
                  {"guards", guards_reply("accepted below-min:s0 (s0=1, min 2)")},
                  {"sequence", {{"ok", true}, {"passed", true}, {"calls", 8}}}};
  const auto rs = run(healthy_export(), load);
  const auto& replay = stage(rs, "replay:aoti:cpu");
  EXPECT_EQ(replay.verdict, Verdict::Pass) << replay.message;
  EXPECT_EQ(replay.details["aoti"]["cache"], "miss");
  EXPECT_EQ(replay.details["aoti"]["compile_seconds"], 12.5);
  EXPECT_EQ(stage(rs, "sequence:aoti:cpu").details["aoti"]["key"], "abc");
  // The cpp worker answered guards (the load worker's scripted guards pass): AOTInductor's acceptance is its FAIL.
  EXPECT_EQ(stage(rs, "guards:aoti:cpu").verdict, Verdict::Fail);
}


namespace {

std::vector<const report::StageResult*> with_root(const std::vector<report::StageResult>& rs, const std::string& root) {
  std::vector<const report::StageResult*> out;
  for (const auto& r : rs)
    if (r.stage.rfind(root, 0) == 0) out.push_back(&r);
  return out;
}

TEST_F(CaseRunnerScripted, CompatReplaysEachFrozenProgramInPythonAndCpp) {
  runtimes_ = {"module", "cpp"};
  cpp_replies_ = {{"torch", "2.13.0"}, {"replay", {{"ok", true}, {"passed", true}, {"samples", 3}}}};
  compat_ = {frozen("2.11.0")};
  const auto rs = run(healthy_export(), kLoadPasses);
  const auto compat = with_root(rs, "compat:");
  ASSERT_EQ(compat.size(), 2u);
  EXPECT_EQ(compat[0]->stage, "compat:2.11.0:module");
  EXPECT_EQ(compat[1]->stage, "compat:2.11.0:cpp");
  for (const auto* r : compat) {
    EXPECT_EQ(r->verdict, Verdict::Pass) << r->stage << ": " << r->message;
    EXPECT_EQ(r->variant, "nonstrict/training");
    // Who saved it comes from the archive itself, not from the folder's name.
    EXPECT_EQ(r->details["compat"].value("saved_by_torch", ""), "2.13.0+cpu") << r->details.dump();
    EXPECT_EQ(r->details["compat"].value("source", ""), "golden/archives/2.11.0");
  }
  EXPECT_EQ(stage(rs, "export").verdict, Verdict::Pass);  // the export stages still ran
}

TEST_F(CaseRunnerScripted, CompatRefusalNamesBothReleasesAndSchemaVersions) {
  compat_ = {frozen("2.11.0")};
  json load = kLoadPasses;
  load["torch"] = "2.14.1+cu130";
  load["schema"] = "9.0";
  load["replay"] = {{"ok", false}, {"error_type", "SerializeError"},
                    {"message", "Serialized schema version 8.20 does not match our current schema version 9.0."}};
  const auto rs = run(healthy_export(), load);
  const auto& r = stage(rs, "compat:2.11.0:module");
  EXPECT_EQ(r.verdict, Verdict::Fail);
  EXPECT_NE(r.message.find("does not match our current schema version 9.0"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("archive saved by torch 2.13.0+cpu, schema 8."), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("loaded by torch 2.14.1+cu130, schema 9.0"), std::string::npos) << r.message;
}

TEST_F(CaseRunnerScripted, CompatOnlyRunsNoExport) {
  compat_ = {frozen("2.14.1")};
  compat_only_ = true;
  const auto rs = run(healthy_export(), kLoadPasses);
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].stage, "compat:2.14.1:module");
  EXPECT_EQ(rs[0].verdict, Verdict::Pass) << rs[0].message;
}

TEST_F(CaseRunnerScripted, FrozenProgramWithoutBundleIsAnError) {
  compat_ = {frozen("2.11.0", /*with_bundle=*/false)};
  const auto rs = run(healthy_export(), kLoadPasses);
  const auto& r = stage(rs, "compat:2.11.0:module");
  EXPECT_EQ(r.verdict, Verdict::Error);
  EXPECT_NE(r.message.find("no replay bundle beside"), std::string::npos) << r.message;
}

TEST_F(CaseRunnerScripted, CompatExpectationWithTorchRangeAppliesToItsRelease) {
  compat_ = {frozen("2.11.0")};
  json load = kLoadPasses;
  load["torch"] = "2.14.1";
  load["replay"] = {{"ok", false}, {"error_type", "SerializeError"}, {"message", "refused"}};
  const json expect = json::array({{{"stage", "compat:2.11.0"}, {"verdict", "xfail"}, {"torch", ">=2.14"},
                                    {"reason", "2.14 dropped the 2.11 format on purpose"}}});
  const auto newer = run(healthy_export(), load, nullptr, expect);
  EXPECT_EQ(stage(newer, "compat:2.11.0:module").verdict, Verdict::XFail);
  load["torch"] = "2.13.0";
  const auto older = run(healthy_export(), load, nullptr, expect);
  EXPECT_EQ(stage(older, "compat:2.11.0:module").verdict, Verdict::Fail);
}

}  // namespace
