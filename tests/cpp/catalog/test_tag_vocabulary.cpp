#include <gtest/gtest.h>

#include "catalog_test_util.h"
#include "harness/catalog/tag_vocabulary.h"

namespace exportcheck::catalog {
namespace {

std::vector<std::string> strs(const std::vector<CaseError>& errors) {
  std::vector<std::string> out;
  for (const CaseError& e : errors) out.push_back(e.str());
  return out;
}

TEST(TagVocabulary, ParsesNamesAndDescriptions) {
  std::vector<CaseError> errors;
  TagVocabulary tags = parse_tag_vocabulary(
      "# comment\ntags:\n  nn.conv: convolution layers\n  dynamic-shape: dynamic dims\n",
      "cases/tags.yaml", errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_TRUE(tags.contains("nn.conv"));
  EXPECT_TRUE(tags.contains("dynamic-shape"));
  EXPECT_FALSE(tags.contains("nn"));
  ASSERT_NE(tags.description("nn.conv"), nullptr);
  EXPECT_EQ(*tags.description("nn.conv"), "convolution layers");
  EXPECT_EQ(tags.description("nope"), nullptr);
}

TEST(TagVocabulary, ReportsBadEntries) {
  std::vector<CaseError> errors;
  load_tag_vocabulary(testing::fixture_root("broken_tags") / "cases" / "tags.yaml",
                      "cases/tags.yaml", errors);
  EXPECT_EQ(strs(errors),
            (std::vector<std::string>{
                "cases/tags.yaml:3: tags.bad tag: a tag is letters and digits with '.', '-' or '_' "
                "between",
                "cases/tags.yaml:4: tags.empty: expected a string, got null"}));
}

TEST(TagVocabulary, ReportsAWrongLayout) {
  std::vector<CaseError> errors;
  parse_tag_vocabulary("seed: an example\n", "cases/tags.yaml", errors);
  EXPECT_EQ(strs(errors), (std::vector<std::string>{
                              "cases/tags.yaml:1: seed: unknown field; allowed fields: tags",
                              "cases/tags.yaml:1: tags: required field is missing"}));
}

TEST(TagVocabulary, ReportsAMissingFile) {
  std::vector<CaseError> errors;
  load_tag_vocabulary(testing::fixture_root("no_tags") / "cases" / "tags.yaml", "cases/tags.yaml",
                      errors);
  EXPECT_EQ(strs(errors),
            (std::vector<std::string>{"cases/tags.yaml: cannot read the tag vocabulary"}));
}

TEST(TagVocabulary, TheProjectVocabularyLoads) {
  std::vector<CaseError> errors;
  TagVocabulary tags = load_tag_vocabulary(
      std::filesystem::path(EXPORTCHECK_SOURCE_DIR) / "cases" / "tags.yaml", "cases/tags.yaml",
      errors);
  EXPECT_EQ(strs(errors), std::vector<std::string>{});
  EXPECT_TRUE(tags.contains("harness-selftest"));
}

}  // namespace
}  // namespace exportcheck::catalog
