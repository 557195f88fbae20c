#include <gtest/gtest.h>

#include "catalog_test_util.h"
#include "harness/catalog/case.h"

namespace exportcheck::catalog {
namespace {

Expectation make(std::string stage, std::optional<std::string> mode = std::nullopt,
                 std::optional<std::string> ir = std::nullopt) {
  Expectation e;
  e.stage = std::move(stage);
  e.verdict = "xfail";
  e.reason = "because";
  e.mode = std::move(mode);
  e.ir = std::move(ir);
  return e;
}

TEST(StageKey, MatchesByColonSeparatedPrefix) {
  EXPECT_TRUE(stage_key_matches("replay", "replay:module:cpu"));
  EXPECT_TRUE(stage_key_matches("replay:module", "replay:module:cpu"));
  EXPECT_TRUE(stage_key_matches("replay:module:cpu", "replay:module:cpu"));
  EXPECT_FALSE(stage_key_matches("replay:module", "replay:modulex:cpu"));
  EXPECT_FALSE(stage_key_matches("replay:modul", "replay:module:cpu"));
  EXPECT_FALSE(stage_key_matches("replay:module:cpu", "replay:module"));
  EXPECT_FALSE(stage_key_matches("export", "exports"));
  EXPECT_FALSE(stage_key_matches("replay:module:cuda", "replay:module:cpu"));
}

TEST(StageKey, StarMatchesAnyPart) {
  EXPECT_TRUE(stage_key_matches("compat:*:cpp", "compat:2.11.0:cpp"));
  EXPECT_TRUE(stage_key_matches("compat:*:cpp", "compat:2.14.1:cpp"));
  EXPECT_FALSE(stage_key_matches("compat:*:cpp", "compat:2.11.0:module"));
  EXPECT_FALSE(stage_key_matches("compat:*:cpp", "compat:2.11.0"));
}

TEST(Expectation, ModeAndIrNarrowIt) {
  const Expectation any = make("export");
  EXPECT_TRUE(any.applies_to("export", "strict", ""));
  EXPECT_TRUE(any.applies_to("export", "nonstrict", "core_aten"));

  const Expectation strict = make("export", "strict");
  EXPECT_TRUE(strict.applies_to("export", "strict", ""));
  EXPECT_FALSE(strict.applies_to("export", "nonstrict", ""));
  EXPECT_FALSE(strict.applies_to("export", "", ""));  // not narrowed variant: no match

  const Expectation core = make("golden", std::nullopt, "core_aten");
  EXPECT_TRUE(core.applies_to("golden", "strict", "core_aten"));
  EXPECT_FALSE(core.applies_to("golden", "strict", "training"));
}

TEST(Expectation, MatchesMessageWithRegexSearch) {
  Expectation e = make("export");
  EXPECT_TRUE(e.matches_message("anything"));
  e.match = "Unsupported.*op";
  EXPECT_TRUE(e.matches_message("torch._dynamo: Unsupported: call_function op"));
  EXPECT_FALSE(e.matches_message("Guard failed"));
}

TEST(Case, FindExpectationPrefersTheLongestKey) {
  Case c;
  c.expect = {make("replay"), make("replay:module"), make("replay:module:cuda"),
              make("replay:module", "strict")};
  EXPECT_EQ(c.find_expectation("replay:module:cuda", "nonstrict", "training"), &c.expect[2]);
  EXPECT_EQ(c.find_expectation("replay:module:cpu", "nonstrict", "training"), &c.expect[1]);
  // Same key length: the one narrowed to the mode wins.
  EXPECT_EQ(c.find_expectation("replay:module:cpu", "strict", "training"), &c.expect[3]);
  EXPECT_EQ(c.find_expectation("replay:nativert:cpu", "strict", "training"), &c.expect[0]);
  EXPECT_EQ(c.find_expectation("golden", "strict", "training"), nullptr);
}

TEST(Case, FindExpectationOnAParsedCase) {
  const Case c = testing::case_of("good", "all_options.yaml");
  ASSERT_EQ(c.expect.size(), 6u);

  const Expectation* e = c.find_expectation("export", "strict");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->verdict, "xfail");
  EXPECT_EQ(e->match, "Unsupported.*op");
  EXPECT_EQ(e->line, 17);
  EXPECT_EQ(c.find_expectation("export", "nonstrict"), nullptr);

  e = c.find_expectation("replay:nativert:cuda", "nonstrict", "training");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->verdict, "unsupported");
  EXPECT_EQ(e->reason, "needs a GPU with bf16");

  e = c.find_expectation("replay:nativert:cpu", "nonstrict", "training");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->stage, "replay:nativert");

  e = c.find_expectation("replay:module:cpu", "strict", "custom");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->verdict, "skip");  // narrowed by ir beats the plain `replay`
  e = c.find_expectation("replay:module:cpu", "strict", "training");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->reason, "all replays drift");

  e = c.find_expectation("golden", "nonstrict", "core_aten");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->verdict, "skip");
  EXPECT_EQ(c.find_expectation("golden", "strict", "core_aten"), nullptr);
}

}  // namespace
}  // namespace exportcheck::catalog
