// Every archive of a catalog run against its eager outputs, when
// EXPORTCHECK_EXECUTOR_CHECK names a manifest (lines: archive TAB expected.pt
// TAB tag; expected.pt = torch.save((flat_inputs, flat_outputs)), written by
// scripts/check-executor; CTest's executor.catalog runs it over the catalog
// run). Run without a manifest it fails: it would check nothing.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <map>

#include "harness/runtime/program_runner.h"
#include "tests/cpp/runtime/runtime_test_support.h"

namespace exportcheck::testing {
namespace {

TEST(ExecutorCatalog, EveryArchiveMatchesEager) {
  const char* manifest = std::getenv("EXPORTCHECK_EXECUTOR_CHECK");
  ASSERT_NE(manifest, nullptr) << "EXPORTCHECK_EXECUTOR_CHECK names no manifest (run scripts/check-executor)";
  std::ifstream in(manifest);
  ASSERT_TRUE(in) << "cannot read " << manifest;
  int archives = 0;
  std::string line;
  std::map<std::string, std::pair<int, int>> per_ir;  // ir -> (matched, total)
  int failures = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto t1 = line.find('\t'), t2 = line.find('\t', t1 + 1);
    const std::string archive = line.substr(0, t1), expected = line.substr(t1 + 1, t2 - t1 - 1), tag = line.substr(t2 + 1);
    const std::string ir = tag.substr(tag.rfind('.') + 1);
    per_ir[ir].second++;
    ++archives;
    std::string verdict;
    try {
      const c10::IValue data = pickle_file(expected);
      const auto& pair = data.toTupleRef().elements();
      std::vector<c10::IValue> inputs = to_vector(pair[0]);
      const std::vector<c10::IValue> want = to_vector(pair[1]);
      auto runner = runtime::ProgramRunner::load(archive, c10::Device(c10::kCPU));
      verdict = mismatch(runner->run(inputs), want);
      if (!verdict.empty()) verdict = "MISMATCH " + verdict;
    } catch (const runtime::LoadError& e) {
      verdict = std::string("LoadError ") + e.what();
    } catch (const runtime::InputError& e) {
      verdict = std::string("InputError ") + e.what();
    } catch (const runtime::ExecutionError& e) {
      verdict = std::string("ExecutionError ") + e.what();
    } catch (const std::exception& e) {
      verdict = std::string("exception ") + e.what();
    }
    if (verdict.empty()) {
      per_ir[ir].first++;
    } else {
      ++failures;
      std::cout << "FAIL " << tag << ": " << verdict.substr(0, 400) << "\n";
    }
  }
  for (const auto& [ir, n] : per_ir) std::cout << "SUMMARY " << ir << ": " << n.first << "/" << n.second << " match\n";
  EXPECT_GT(archives, 0) << manifest << " lists no archive";
  EXPECT_EQ(failures, 0);
}

}  // namespace
}  // namespace exportcheck::testing
