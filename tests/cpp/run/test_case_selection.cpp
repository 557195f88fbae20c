#include <gtest/gtest.h>

#include "harness/run/case_selection.h"

using namespace exportcheck;

namespace {

catalog::Catalog sample() {
  catalog::Catalog cat;
  for (auto [name, tag] : {std::pair{"seed_cond", "control-flow"}, {"seed_sin_cos", "elementwise"}, {"conv", "nn.conv"}}) {
    catalog::Case c;
    c.name = name;
    c.tags = {"seed", tag};
    cat.cases.push_back(c);
  }
  cat.broken.push_back({"broken_one", "cases/broken_one.yaml", {}});
  return cat;
}

std::vector<std::string> names(const run::Selection& s) {
  std::vector<std::string> out;
  for (auto* c : s.cases) out.push_back(c->name);
  for (auto* b : s.broken) out.push_back(b->name);
  return out;
}

}  // namespace

TEST(CaseSelection, EverythingByDefaultIncludingBrokenFiles) {
  auto cat = sample();
  EXPECT_EQ(names(run::select_cases(cat, {})), (std::vector<std::string>{"seed_cond", "seed_sin_cos", "conv", "broken_one"}));
}

TEST(CaseSelection, CaseFilterAndTagCombine) {
  auto cat = sample();
  run::RunOptions o;
  o.filter = "^seed_";
  EXPECT_EQ(names(run::select_cases(cat, o)), (std::vector<std::string>{"seed_cond", "seed_sin_cos"}));
  o.tags = {"control-flow"};
  EXPECT_EQ(names(run::select_cases(cat, o)), (std::vector<std::string>{"seed_cond"}));
  run::RunOptions by_name;
  by_name.case_names = {"conv", "broken_one"};
  EXPECT_EQ(names(run::select_cases(cat, by_name)), (std::vector<std::string>{"conv", "broken_one"}));
}

TEST(CaseSelection, NothingSelectedUnknownNameAndBadRegexAreUsageErrors) {
  auto cat = sample();
  run::RunOptions o;
  o.filter = "nomatch";
  EXPECT_THROW(run::select_cases(cat, o), run::UsageError);
  run::RunOptions n;
  n.case_names = {"nope"};
  EXPECT_THROW(run::select_cases(cat, n), run::UsageError);
  run::RunOptions r;
  r.filter = "(";
  EXPECT_THROW(run::select_cases(cat, r), run::UsageError);
}
