// reports/<run>/suites.csv and suites-pass-rates.csv (suite_csv.h): the
// status word per verdict mix, RFC 4180 quoting, and the files' text.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "harness/report/suite_csv.h"

using namespace exportcheck::report;

namespace {

const std::string kVariant = "nonstrict/training";

StageResult rec(const std::string& stage, Verdict v, const std::string& message = "",
                const std::string& c = "opinfo/add/float32") {
  StageResult r;
  r.case_name = c;
  r.stage = stage;
  r.variant = stage == "case" ? "" : kVariant;
  r.verdict = v;
  r.message = message;
  return r;
}

std::string status(const std::vector<StageResult>& records) { return std::string(to_string(model_status(records))); }

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST(SuiteCsvStatus, PassWhenEverythingThatRanPassedWhateverDidNotRun) {
  EXPECT_EQ(status({rec("export", Verdict::Pass), rec("replay:module:cpu", Verdict::Pass),
                    rec("replay:module:cuda", Verdict::Unsupported, "CUDA not available"),
                    rec("golden", Verdict::Drift), rec("archive", Verdict::Fixed)}),
            "pass");
}

TEST(SuiteCsvStatus, ExpectedOutcomesAreTheirOwnWordsNotPass) {
  EXPECT_EQ(status({rec("export", Verdict::XFail, "torch 2.13: no meta kernel — Error"),
                    rec("replay:module:cpu", Verdict::Skip, "not run: export XFAIL")}),
            "xfail");
  EXPECT_EQ(status({rec("export", Verdict::Pass), rec("guards:module:cpu", Verdict::XFail, "known upstream gap")}),
            "xfail")
      << "one expected failure among passes: not a plain pass";
  EXPECT_EQ(status({rec("export", Verdict::Unsupported, "package not installed"),
                    rec("replay:module:cpu", Verdict::Skip, "not run: export UNSUPPORTED")}),
            "unsupported");
  EXPECT_EQ(status({rec("case", Verdict::Skip, "not run: interrupted")}), "skip");
}

TEST(SuiteCsvStatus, FailuresByWhereTheyHappened) {
  EXPECT_EQ(status({rec("export", Verdict::Fail, "Unsupported: dynamic shape"),
                    rec("replay:module:cpu", Verdict::Skip)}),
            "fail_to_export");
  EXPECT_EQ(status({rec("export", Verdict::Timeout, "no reply in 60 s")}), "fail_to_export");
  EXPECT_EQ(status({rec("export", Verdict::Pass),
                    rec("replay:cpp:cpu", Verdict::Fail, "sample 3 (random; s0=4): out[0] differs: max abs 0.5")}),
            "fail_accuracy");
  EXPECT_EQ(status({rec("export", Verdict::Pass),
                    rec("replay:cpp:cpu", Verdict::Fail, "sample 0 (example): run: ExecutionError: node add")}),
            "fail_to_run")
      << "a replay that raised did not run";
  EXPECT_EQ(status({rec("export", Verdict::Pass), rec("replay:nativert:cpu", Verdict::Fail, "load: RuntimeError: x")}),
            "fail_to_run");
  EXPECT_EQ(status({rec("export", Verdict::Pass), rec("replay:module:cpu", Verdict::Crash, "worker died")}),
            "fail_to_run");
  EXPECT_EQ(status({rec("export", Verdict::Pass), rec("archive", Verdict::Fail, "check tensor_meta")}), "fail_to_run");
  EXPECT_EQ(status({rec("export", Verdict::Pass), rec("guards:module:cpu", Verdict::Fail, "accepted below-min:s0")}),
            "fail_to_run");
  EXPECT_EQ(status({rec("export", Verdict::Pass), rec("replay:module:cpu", Verdict::XPass)}), "xpass");
}

TEST(SuiteCsvStatus, EagerFailureFromItsMessageOrStatus) {
  EXPECT_EQ(status({rec("export", Verdict::Pass),
                    rec("replay:module:cuda", Verdict::Fail, "eager reference failed on cuda: RuntimeError: oom"),
                    rec("replay:cpp:cpu", Verdict::Fail, "sample 1: out[0] differs")}),
            "eager_fail_to_run")
      << "eager first: the other failures follow from it";
  StageResult no_eager = rec("replay:cpp:cuda", Verdict::Fail, "sample 0: no eager output on cuda (RuntimeError)");
  no_eager.details = {{"status", "no_eager_output"}};
  EXPECT_TRUE(eager_failed(no_eager));
  EXPECT_EQ(status({rec("export", Verdict::Pass), no_eager}), "eager_fail_to_run");
  EXPECT_EQ(status({rec("export", Verdict::Pass),
                    rec("replay:module:cuda", Verdict::XFail, "upstream: cuda kernel — eager reference failed on cuda: x")}),
            "xfail")
      << "an expected eager failure is an expected outcome";
}

TEST(SuiteCsvStatus, OrderEagerExportRunAccuracyXpass) {
  const auto accuracy = rec("replay:module:cpu", Verdict::Fail, "sample 1: out[0] differs");
  const auto crash = rec("replay:cpp:cpu", Verdict::Crash, "segfault");
  const auto xpass = rec("guards:module:cpu", Verdict::XPass);
  EXPECT_EQ(status({accuracy, xpass}), "fail_accuracy");
  EXPECT_EQ(status({accuracy, crash, xpass}), "fail_to_run");
  EXPECT_EQ(status({rec("export", Verdict::Error, "bad"), accuracy, crash}), "fail_to_export");
}

TEST(SuiteCsvQuoting, Rfc4180) {
  EXPECT_EQ(csv_field("nn.functional.conv2d"), "nn.functional.conv2d") << "dots need no quotes";
  EXPECT_EQ(csv_field(""), "");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(csv_field("cr\r"), "\"cr\r\"");
}

namespace {

std::vector<StageResult> run_records() {
  return {
      rec("export", Verdict::Pass, "", "opinfo/add/float32"),
      rec("replay:module:cpu", Verdict::Pass, "", "opinfo/add/float32"),
      rec("replay:cpp:cpu", Verdict::Fail, "sample 2: out[0] differs", "opinfo/add/float32"),
      rec("replay:cpp:cuda", Verdict::Unsupported, "CUDA not available", "opinfo/add/float32"),
      rec("export", Verdict::XFail, "no int kernel — E", "opinfo/add/int64"),
      rec("replay:module:cpu", Verdict::Skip, "not run: export XFAIL", "opinfo/add/int64"),
      rec("replay:cpp:cpu", Verdict::Skip, "not run: export XFAIL", "opinfo/add/int64"),
      rec("export", Verdict::Pass, "", "opinfo/nn.functional.conv2d/float32"),
      rec("replay:module:cpu", Verdict::Pass, "", "opinfo/nn.functional.conv2d/float32"),
      rec("guards:module:cpu", Verdict::Unsupported, "no bounded symbol", "opinfo/nn.functional.conv2d/float32"),
      rec("export", Verdict::Fail, "Unsupported", "hf/Bert,Model/dynamic"),  // a name that needs quotes
      rec("export", Verdict::Fail, "", "seed_cond"),                           // cases/: not a suite case
      rec("export", Verdict::Pass, "", "exportdb-upstream/cond_branch"),       // one '/': not either
  };
}

}  // namespace

TEST(SuiteCsvFile, OneRowPerModelAndLaneWithAStageColumnEach) {
  EXPECT_EQ(suites_csv(run_records()),
            "suite,name,lane,status,export,replay:cpp:cpu,replay:cpp:cuda,replay:module:cpu,guards:module:cpu\n"
            "hf,\"Bert,Model\",dynamic,fail_to_export,FAIL,,,,\n"
            "opinfo,add,float32,fail_accuracy,PASS,FAIL,UNSUPPORTED,PASS,\n"
            "opinfo,add,int64,xfail,XFAIL,SKIP,,SKIP,\n"
            "opinfo,nn.functional.conv2d,float32,pass,PASS,,,PASS,UNSUPPORTED\n");
}

TEST(SuiteCsvFile, PassRatesPerSuiteByModelsStageAndRuntime) {
  EXPECT_EQ(suites_pass_rates_csv(run_records()),
            "suite,kind,name,passed,ran,xfail,not_run,rate\n"
            "hf,models,all,0,1,0,0,0.0000\n"
            "hf,models,dynamic,0,1,0,0,0.0000\n"
            "hf,stage,export,0,1,0,0,0.0000\n"
            "opinfo,models,all,1,3,1,0,0.3333\n"
            "opinfo,models,float32,1,2,0,0,0.5000\n"
            "opinfo,models,int64,0,1,1,0,0.0000\n"
            "opinfo,stage,export,2,3,1,0,0.6667\n"
            "opinfo,stage,replay:cpp:cpu,0,1,0,1,0.0000\n"
            "opinfo,stage,replay:cpp:cuda,0,0,0,1,\n"
            "opinfo,stage,replay:module:cpu,2,2,0,1,1.0000\n"
            "opinfo,stage,guards:module:cpu,0,0,0,1,\n"
            "opinfo,runtime,cpp,0,1,0,2,0.0000\n"
            "opinfo,runtime,module,2,2,0,2,1.0000\n");
}

TEST(SuiteCsvFile, NoSuiteCasesNoFile) {
  const std::vector<StageResult> plain = {rec("export", Verdict::Pass, "", "seed_cond"),
                                          rec("export", Verdict::Pass, "", "exportdb-upstream/cond_branch")};
  EXPECT_EQ(suites_csv(plain), "");
  EXPECT_EQ(suites_pass_rates_csv(plain), "");
  const auto dir = std::filesystem::temp_directory_path() / ("exportcheck-suite-csv-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  ASSERT_TRUE(write_suite_csvs(dir, run_records()));
  EXPECT_EQ(read(dir / "suites.csv"), suites_csv(run_records()));
  EXPECT_EQ(read(dir / "suites-pass-rates.csv"), suites_pass_rates_csv(run_records()));
  EXPECT_FALSE(write_suite_csvs(dir, plain));
  EXPECT_FALSE(std::filesystem::exists(dir / "suites.csv")) << "a stale file of an earlier write is removed";
  EXPECT_FALSE(std::filesystem::exists(dir / "suites-pass-rates.csv"));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()), 0)
      << "no temporary file left";
  std::filesystem::remove_all(dir);
}
