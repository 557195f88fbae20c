// Case fields added for issue 6: preload (modules the load worker imports
// first), requires (optional packages), expectation reasons that must say
// something, and `xpass: finding`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness/catalog/case_parser.h"

namespace exportcheck::catalog {
namespace {

using nlohmann::json;

const TagVocabulary& tags() {
  static const TagVocabulary vocabulary(std::map<std::string, std::string, std::less<>>{{"seed", "examples"}});
  return vocabulary;
}

constexpr const char* kHead =
    "name: t\ndescription: d\ntags: [seed]\nmodel: {module: m, class: C}\ninputs: {args: []}\n";

CaseParseResult parse(const std::string& text) { return parse_case(text, "cases/t.yaml", tags()); }

std::vector<std::string> errors(const std::string& text) {
  std::vector<std::string> out;
  for (const CaseError& e : parse(text).errors) out.push_back(e.str());
  return out;
}

TEST(PreloadRequires, AbsentMeansEmptyListsInTheNormalizedCase) {
  CaseParseResult r = parse(kHead);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.parsed->normalized.at("preload"), json::array());
  EXPECT_EQ(r.parsed->normalized.at("requires"), json::array());
  EXPECT_TRUE(r.parsed->preload.empty());
}

TEST(PreloadRequires, ListsReachTheCaseAndTheNormalizedJson) {
  CaseParseResult r = parse(std::string(kHead) + "preload: [exportdb.custom_ops]\nrequires: [transformers, sentencepiece]\n");
  ASSERT_TRUE(r.ok()) << r.errors.front().str();
  EXPECT_EQ(r.parsed->preload, std::vector<std::string>{"exportdb.custom_ops"});
  EXPECT_EQ(r.parsed->required_packages, (std::vector<std::string>{"transformers", "sentencepiece"}));
  EXPECT_EQ(r.parsed->normalized.at("preload"), json::array({"exportdb.custom_ops"}));
  EXPECT_EQ(r.parsed->normalized.at("requires"), json::array({"transformers", "sentencepiece"}));
}

TEST(PreloadRequires, BadModuleNamesAndDuplicatesAreErrors) {
  EXPECT_EQ(errors(std::string(kHead) + "preload: [exportdb/custom_ops]\n"),
            std::vector<std::string>{"cases/t.yaml:6: preload[0]: preload: expected a module name such as "
                                     "exportdb.custom_ops, got 'exportdb/custom_ops'"});
  EXPECT_EQ(errors(std::string(kHead) + "requires: [transformers, transformers]\n"),
            std::vector<std::string>{"cases/t.yaml:6: requires[1]: 'transformers' is listed twice"});
  EXPECT_FALSE(errors(std::string(kHead) + "preload: exportdb.custom_ops\n").empty());
}

TEST(PreloadRequires, ThePreloadIsNeverTheModelModule) {
  EXPECT_EQ(errors(std::string(kHead) + "preload: [m]\n"),
            std::vector<std::string>{"cases/t.yaml:6: preload: preload names the model module m; preload modules "
                                     "register ops, they are never the model"});
}

TEST(ExpectReasons, AnEmptyReasonIsAnError) {
  auto e = errors(std::string(kHead) + "expect:\n  export: {verdict: xfail, reason: \"  \"}\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0], "cases/t.yaml:7: expect.export.reason: must not be empty");
  e = errors(std::string(kHead) + "expect:\n  golden: {verdict: unsupported}\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("reason"), std::string::npos) << e[0];
}

TEST(ExpectXpass, FindingOnlyWithXfail) {
  CaseParseResult r = parse(std::string(kHead) + "expect:\n  export: {verdict: xfail, xpass: finding, reason: r}\n");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.parsed->expect.at(0).xpass_finding);
  r = parse(std::string(kHead) + "expect:\n  export: {verdict: xfail, reason: r}\n");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.parsed->expect.at(0).xpass_finding);
  auto e = errors(std::string(kHead) + "expect:\n  export: {verdict: skip, xpass: finding, reason: r}\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("xpass only applies to verdict xfail"), std::string::npos) << e[0];
  e = errors(std::string(kHead) + "expect:\n  export: {verdict: xfail, xpass: maybe, reason: r}\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("xpass is fail"), std::string::npos) << e[0];
}

}  // namespace
}  // namespace exportcheck::catalog
