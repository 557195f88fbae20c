// `keep_archives:` of a suite's expectations file: which of its finished
// cases keep their archives (run/archive_retention.h decides with it).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness/catalog/catalog.h"
#include "harness/catalog/normalized_case.h"
#include "harness/catalog/suite_expectations.h"

namespace exportcheck::catalog {
namespace {

TEST(KeepArchivesSetting, ParsesItsTwoWordsOnly) {
  EXPECT_EQ(parse_keep_archives("all"), KeepArchives::All);
  EXPECT_EQ(parse_keep_archives("failing"), KeepArchives::Failing);
  EXPECT_EQ(parse_keep_archives("Failing"), std::nullopt);
  EXPECT_EQ(parse_keep_archives(""), std::nullopt);
  EXPECT_EQ(to_string(KeepArchives::All), "all");
  EXPECT_EQ(to_string(KeepArchives::Failing), "failing");
}

TEST(KeepArchivesSetting, ASuiteSetsItForEachOfItsCases) {
  std::vector<CaseError> found;
  const SuiteExpectations x = parse_suite_expectations("keep_archives: failing\n", "cases/suites/s.yaml", found);
  ASSERT_TRUE(found.empty()) << found[0].str();
  EXPECT_EQ(x.keep_archives, KeepArchives::Failing);
  Catalog cat;
  const nlohmann::json j = {{"name", "s/x"}, {"model", {{"module", "m"}, {"class", "C"}}}, {"inputs", nlohmann::json::object()}};
  cat.cases = {case_from_normalized(j)};
  EXPECT_EQ(cat.cases[0].suite_keep_archives, std::nullopt);
  apply_suite_expectations(cat, "s", x);
  EXPECT_EQ(cat.cases[0].suite_keep_archives, KeepArchives::Failing);

  const SuiteExpectations unset = parse_suite_expectations("memory_mb: 10\n", "cases/suites/s.yaml", found);
  EXPECT_EQ(unset.keep_archives, std::nullopt);
}

TEST(KeepArchivesSetting, AnyOtherValueNamesFileLineAndField) {
  std::vector<CaseError> found;
  parse_suite_expectations("memory_mb: 10\nkeep_archives: passing\n", "cases/suites/s.yaml", found);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].str(), "cases/suites/s.yaml:2: keep_archives: expected all or failing, got 'passing'");
  found.clear();
  parse_suite_expectations("keep_archives: [all]\n", "cases/suites/s.yaml", found);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].str().find("cases/suites/s.yaml:1: keep_archives: expected"), std::string::npos) << found[0].str();
}

}  // namespace
}  // namespace exportcheck::catalog
