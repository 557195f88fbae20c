#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "harness/replay/bundle.h"
#include "harness/replay/repro.h"
#include "replay_test_support.h"

using exportcheck::replay::read_bundle;
using exportcheck::replay::ReproOptions;
using exportcheck::replay::write_repro;
using replay_test::data;

namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::pair<int, std::string> sh(const std::string& command) {
  std::string out;
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace

TEST(Repro, WritesProgramSampleCommandAndReadme) {
  auto dir = replay_test::scratch("repro") / "case" / "sample1";
  ReproOptions options;
  options.exportcheck = EXPORTCHECK_BINARY;
  options.tolerance.atol = 0.5;
  options.message = "sample 1 (min:s77; s77=2): output[0]: values differ";
  auto command = write_repro(dir, data("program.pt2"), data("wrong.pt"), 1, "cpp", "cpu", options);

  EXPECT_EQ(slurp(dir / "program.pt2"), slurp(data("program.pt2")));
  EXPECT_EQ(slurp(dir / "command"), command + "\n");
  EXPECT_EQ(command, std::string(EXPORTCHECK_BINARY) +
                         " replay --runtime cpp --device cpu --archive program.pt2 --bundle sample.pt --atol 0.5");

  auto original = read_bundle(data("wrong.pt"));
  auto one = read_bundle(dir / "sample.pt");
  EXPECT_EQ(one.case_name, original.case_name);
  EXPECT_EQ(one.mode, original.mode);
  EXPECT_EQ(one.in_spec, original.in_spec);
  EXPECT_EQ(one.out_spec, original.out_spec);
  EXPECT_EQ(one.eager, original.eager);
  EXPECT_EQ(one.symbols.size(), original.symbols.size());
  ASSERT_EQ(one.samples.size(), 1u);
  EXPECT_TRUE(one.guards.empty());
  EXPECT_EQ(one.samples[0].label, original.samples[1].label);
  EXPECT_EQ(one.samples[0].sizes, original.samples[1].sizes);
  EXPECT_TRUE(one.samples[0].inputs[0].toTensor().equal(original.samples[1].inputs[0].toTensor()));
  EXPECT_TRUE(one.samples[0].outputs.at("cpu")[0].toTensor().equal(original.samples[1].outputs.at("cpu")[0].toTensor()));
  EXPECT_EQ(one.samples[0].output_devices, original.samples[1].output_devices);

  auto readme = slurp(dir / "README.txt");
  EXPECT_NE(readme.find("case:    replay_fixture (nonstrict)"), std::string::npos) << readme;
  EXPECT_NE(readme.find("label " + original.samples[1].label), std::string::npos) << readme;
  EXPECT_NE(readme.find(exportcheck::replay::describe_sizes(original.samples[1].sizes)), std::string::npos) << readme;
  EXPECT_NE(readme.find("failure: sample 1"), std::string::npos) << readme;
}

TEST(Repro, AotiReproCarriesThePackageAndItsCommandLoadsIt) {
  auto dir = replay_test::scratch("repro-aoti") / "case" / "sample1";
  ReproOptions options;
  options.exportcheck = EXPORTCHECK_BINARY;
  // Any file stands in for the package here: the command must hand it to AOTIModelPackageLoader.
  options.package = data("program.pt2");
  auto command = write_repro(dir, data("program.pt2"), data("wrong.pt"), 1, "aoti", "cpu", options);
  EXPECT_EQ(slurp(dir / "package.pt2"), slurp(data("program.pt2")));
  EXPECT_EQ(command, std::string(EXPORTCHECK_BINARY) +
                         " replay --runtime aoti --device cpu --archive program.pt2 --bundle sample.pt --package package.pt2");
  auto [code, out] = sh("cd " + dir.string() + " && " + command);
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(out.find("load: LoadError: AOTInductor package "), std::string::npos) << out;
  EXPECT_NE(out.find("package.pt2"), std::string::npos) << out;
}

TEST(Repro, SampleBundleReadsBackInPython) {
  auto dir = replay_test::scratch("repro-python");
  write_repro(dir, data("program.pt2"), data("bundle.pt"), 2, "module", "cpu");
  std::string script =
      "import sys, torch\n"
      "b = torch.load(sys.argv[1], weights_only=False)\n"
      "o = torch.load(sys.argv[2], weights_only=False)\n"
      "assert list(b) == list(o), (list(b), list(o))\n"
      "assert b['format'] == 2 and b['guards'] == [] and len(b['samples']) == 1\n"
      "s, t = b['samples'][0], o['samples'][2]\n"
      "assert s['label'] == t['label'] and s['sizes'] == t['sizes'], s\n"
      "assert torch.equal(s['inputs'][0], t['inputs'][0]) and s['inputs'][1] == 3\n"
      "assert all(torch.equal(x, y) if isinstance(x, torch.Tensor) else x == y for x, y in zip(s['outputs']['cpu'], t['outputs']['cpu']))\n"
      "assert b['symbols'] == o['symbols'] and b['eager'] == o['eager']\n"
      "print('python-ok')\n";
  std::ofstream(dir / "check.py") << script;
  auto [rc, out] = sh(std::string(EXPORTCHECK_PYTHON) + " " + (dir / "check.py").string() + " " + (dir / "sample.pt").string() +
                      " " + data("bundle.pt").string());
  EXPECT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("python-ok"), std::string::npos) << out;
}

TEST(Repro, SampleIndexOutOfRange) {
  auto dir = replay_test::scratch("repro-range");
  EXPECT_THROW(write_repro(dir, data("program.pt2"), data("bundle.pt"), 3, "cpp", "cpu"), std::out_of_range);
}

// The repro replays with its one command (the real exportcheck and executor).
TEST(Repro, CommandReplaysTheFailingSample) {
  auto dir = replay_test::scratch("repro-run");
  ReproOptions options;
  options.exportcheck = EXPORTCHECK_BINARY;
  auto command = write_repro(dir, data("program.pt2"), data("wrong.pt"), 1, "cpp", "cpu", options);
  auto [rc, out] = sh("cd " + dir.string() + " && " + command);
  EXPECT_EQ(rc, 1) << out;
  EXPECT_NE(out.find("FAIL: replay:cpp:cpu: sample 0 (min:"), std::string::npos) << out;
  EXPECT_NE(out.find("output[0]: values differ"), std::string::npos) << out;
  // a passing sample of the same bundle replays as PASS
  auto ok = replay_test::scratch("repro-run-ok");
  auto command_ok = write_repro(ok, data("program.pt2"), data("wrong.pt"), 0, "cpp", "cpu", options);
  auto [rc_ok, out_ok] = sh("cd " + ok.string() + " && " + command_ok);
  EXPECT_EQ(rc_ok, 0) << out_ok;
  EXPECT_NE(out_ok.find("PASS: replay:cpp:cpu: 1 samples"), std::string::npos) << out_ok;
}
