// `memory_mb:` (a case's memory budget, MiB) in its three places: a case
// file, a normalized case (external suites), a suite's expectations file.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness/catalog/case_parser.h"
#include "harness/catalog/catalog.h"
#include "harness/catalog/normalized_case.h"
#include "harness/catalog/suite_expectations.h"

namespace exportcheck::catalog {
namespace {

using nlohmann::json;
using Errors = std::vector<std::string>;

const TagVocabulary& tags() {
  static const TagVocabulary vocabulary(std::map<std::string, std::string, std::less<>>{{"seed", "examples"}});
  return vocabulary;
}

constexpr const char* kCase =
    "name: t\ndescription: d\ntags: [seed]\nmodel: {module: m, class: C}\ninputs: {args: [{int: 1}]}\n";

CaseParseResult parse(const std::string& extra) { return parse_case(kCase + extra, "cases/t.yaml", tags()); }

Errors errors(const std::string& extra) {
  Errors out;
  for (const CaseError& e : parse(extra).errors) out.push_back(e.str());
  return out;
}

json normalized_case(json memory_mb) {
  json j = {{"name", "s/x"}, {"model", {{"module", "m"}, {"class", "C"}}}, {"inputs", json::object()}};
  if (!memory_mb.is_discarded()) j["memory_mb"] = memory_mb;
  return j;
}

std::string normalized_error(json memory_mb) {
  try {
    case_from_normalized(normalized_case(memory_mb));
  } catch (const NormalizedCaseError& e) {
    return e.what();
  }
  return "";
}

TEST(MemoryMb, ACaseFileSetsItInMiBAndTheNormalizedCaseCarriesIt) {
  CaseParseResult r = parse("memory_mb: 2048\n");
  ASSERT_TRUE(r.parsed) << (r.errors.empty() ? "" : r.errors[0].str());
  EXPECT_EQ(r.parsed->memory_mb, 2048);
  EXPECT_EQ(r.parsed->normalized.at("memory_mb"), 2048);
  CaseParseResult none = parse("");
  ASSERT_TRUE(none.parsed);
  EXPECT_EQ(none.parsed->memory_mb, std::nullopt);
  EXPECT_TRUE(none.parsed->normalized.at("memory_mb").is_null());
}

TEST(MemoryMb, BadValuesNameFileLineAndField) {
  EXPECT_EQ(errors("memory_mb: 0\n"), (Errors{"cases/t.yaml:6: memory_mb: memory_mb must be at least 1 (MiB), got 0"}));
  EXPECT_EQ(errors("memory_mb: -5\n"), (Errors{"cases/t.yaml:6: memory_mb: memory_mb must be at least 1 (MiB), got -5"}));
  EXPECT_EQ(errors("memory_mb: 1.5\n"), (Errors{"cases/t.yaml:6: memory_mb: expected an int, got the float 1.5"}));
  EXPECT_EQ(errors("memory_mb: 2G\n"), (Errors{"cases/t.yaml:6: memory_mb: expected an int, got the string '2G'"}));
  EXPECT_EQ(errors("memory_mb: 2147483648\n"),
            (Errors{"cases/t.yaml:6: memory_mb: memory_mb 2147483648 is more than 4 TiB: it is in MiB (2048 is 2 GiB)"}));
  EXPECT_EQ(errors("memory: 100\n").size(), 1u) << "a misspelt field is an unknown field";
}

TEST(MemoryMb, ANormalizedCaseSetsItOrLeavesItNull) {
  Case c = case_from_normalized(normalized_case(300));
  EXPECT_EQ(c.memory_mb, 300);
  EXPECT_EQ(c.normalized.at("memory_mb"), 300);
  Case null_budget = case_from_normalized(normalized_case(nullptr));
  EXPECT_EQ(null_budget.memory_mb, std::nullopt);
  Case absent = case_from_normalized(normalized_case(json(json::value_t::discarded)));
  EXPECT_EQ(absent.memory_mb, std::nullopt);
  EXPECT_TRUE(absent.normalized.at("memory_mb").is_null()) << "always present for the workers";
  EXPECT_EQ(normalized_error("2G"), "suite case s/x: memory_mb: expected a whole number of MiB or null");
  EXPECT_EQ(normalized_error(512.5), "suite case s/x: memory_mb: expected a whole number of MiB or null");
  EXPECT_EQ(normalized_error(0), "suite case s/x: memory_mb: memory_mb must be at least 1 (MiB), got 0");
}

TEST(MemoryMb, ASuiteSetsItForItsCasesThatHaveNone) {
  std::vector<CaseError> found;
  SuiteExpectations x = parse_suite_expectations("memory_mb: 8192\nevery_case:\n  golden: {verdict: unsupported, reason: r}\n",
                                                 "cases/suites/s.yaml", found);
  ASSERT_TRUE(found.empty()) << found[0].str();
  EXPECT_EQ(x.memory_mb, 8192);
  Catalog cat;
  cat.cases = {case_from_normalized(normalized_case(nullptr)), case_from_normalized(normalized_case(300))};
  cat.cases[1].name = "s/own";
  apply_suite_expectations(cat, "s", x);
  ASSERT_EQ(cat.cases.size(), 2u);
  EXPECT_EQ(cat.cases[0].suite_memory_mb, 8192);
  EXPECT_EQ(cat.cases[0].memory_mb, std::nullopt);
  EXPECT_EQ(cat.cases[1].memory_mb, 300) << "the case's own stays; run/memory_budget.h ranks it first";

  parse_suite_expectations("memory_mb: big\n", "cases/suites/s.yaml", found);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].str(), "cases/suites/s.yaml:1: memory_mb: expected an int, got the string 'big'");
  found.clear();
  parse_suite_expectations("memory_mb: 0\n", "cases/suites/s.yaml", found);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].str(), "cases/suites/s.yaml:1: memory_mb: memory_mb must be at least 1 (MiB), got 0");
}

}  // namespace
}  // namespace exportcheck::catalog
