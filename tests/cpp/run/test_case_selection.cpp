#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "harness/report/merge.h"
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

TEST(LongestFirst, CasesTakenLongestFirstThenUnknownOnesFirstTiesInCatalogOrder) {
  const std::vector<std::string> names = {"a", "b", "c", "d", "e", "f"};
  const std::map<std::string, double> seconds = {{"a", 1.0}, {"b", 30.0}, {"d", 5.0}, {"e", 30.0}, {"f", 0.5}};
  // c has no time (new case): first; b and e tie: catalog order.
  EXPECT_EQ(run::longest_first(names, seconds), (std::vector<std::size_t>{2, 1, 4, 3, 0, 5}));
  EXPECT_EQ(run::longest_first(names, {}), (std::vector<std::size_t>{0, 1, 2, 3, 4, 5}));
  EXPECT_TRUE(run::longest_first({}, seconds).empty());
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

TEST(CaseSelection, ModeAndIrNarrowEachCaseAndItsNormalizedExport) {
  auto cat = sample();
  for (auto& c : cat.cases) {
    c.modes = {"nonstrict", "strict"};
    c.irs = c.name == "conv" ? std::vector<std::string>{"training"} : std::vector<std::string>{"training", "core_aten"};
    c.normalized["export"] = {{"strict", {false, true}}, {"ir", c.irs}, {"decompositions", nullptr}};
  }
  run::RunOptions o;
  o.modes = {"nonstrict"};
  o.irs = {"core_aten"};
  // conv has no core_aten program; the broken file's variants are unknown, so it stays.
  EXPECT_EQ(names(run::select_cases(cat, o)), (std::vector<std::string>{"seed_cond", "seed_sin_cos", "broken_one"}));
  auto narrowed = run::narrow_variants(cat.cases[0], o.modes, o.irs);
  ASSERT_TRUE(narrowed);
  EXPECT_EQ(narrowed->modes, (std::vector<std::string>{"nonstrict"}));
  EXPECT_EQ(narrowed->irs, (std::vector<std::string>{"core_aten"}));
  EXPECT_EQ(narrowed->normalized["export"]["strict"], nlohmann::json::array({false}));
  EXPECT_EQ(narrowed->normalized["export"]["ir"], nlohmann::json::array({"core_aten"}));
  EXPECT_EQ(narrowed->normalized["export"]["decompositions"], nullptr);  // the rest of the export block is kept
  EXPECT_FALSE(run::narrow_variants(cat.cases[2], o.modes, o.irs));
  // Nothing asked: the case as it is.
  EXPECT_EQ(run::narrow_variants(cat.cases[0], {}, {})->irs, cat.cases[0].irs);
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

TEST(CaseSelection, FailedFromKeepsOnlyTheEarlierFailuresAndCombinesWithTheOtherOptions) {
  auto cat = sample();
  run::RunOptions o;
  o.failed_cases = std::vector<std::string>{"conv", "broken_one", "renamed_since"};
  EXPECT_EQ(names(run::select_cases(cat, o)), (std::vector<std::string>{"conv", "broken_one"}))
      << "a failed case no longer in the catalog is left out";
  o.filter = "^conv$";
  EXPECT_EQ(names(run::select_cases(cat, o)), (std::vector<std::string>{"conv"}));
  o.filter = "^seed_";
  EXPECT_EQ(run::select_cases(cat, o).size(), 0u) << "nothing to rerun is not a usage error";
  o.filter = "nomatch";
  EXPECT_THROW(run::select_cases(cat, o), run::UsageError) << "a filter that matches no case at all still is";
}

// --- shards -----------------------------------------------------------------

namespace {

catalog::Catalog big_catalog(int n) {
  catalog::Catalog cat;
  for (int i = 0; i < n; ++i) {
    catalog::Case c;
    c.name = "case_" + std::to_string(i);
    c.file = "cases/" + c.name + ".yaml";
    c.tags = {i % 2 ? "odd" : "even"};
    cat.cases.push_back(c);
  }
  cat.broken.push_back({"broken_one", "cases/broken_one.yaml", {}});
  return cat;
}

// What a run of `selection` would record, without Python: a few stages per
// case with verdicts that depend only on the case.
report::Summary fake_run(const run::Selection& selection, const std::string& id) {
  report::Summary s;
  s.run.id = id;
  s.run.devices = {"cpu"};
  for (auto* c : selection.cases) {
    s.cases[c->name] = {c->tags, c->file, c->description};
    auto h = run::fnv1a(c->name);
    for (const char* stage : {"export", "golden", "replay:module:cpu", "replay:module:cuda"}) {
      report::StageResult r;
      r.case_name = c->name;
      r.stage = stage;
      r.variant = "nonstrict/training";
      r.verdict = std::string(stage) == "replay:module:cuda" ? report::Verdict::Unsupported
                  : h % 7 == 0                              ? report::Verdict::Fail
                                                            : report::Verdict::Pass;
      r.seconds = static_cast<double>(h % 100) / 10;
      s.results.push_back(r);
    }
  }
  for (auto* b : selection.broken) {
    s.cases[b->name] = {{}, b->file, ""};
    report::StageResult r;
    r.case_name = b->name;
    r.stage = "catalog";
    r.verdict = report::Verdict::Error;
    s.results.push_back(r);
  }
  // As run_session does: catalog order, whatever order the slots finished in.
  std::stable_sort(s.results.begin(), s.results.end(), [](auto& a, auto& b) { return a.case_name < b.case_name; });
  return s;
}

}  // namespace

TEST(Shard, ParsesKOverN) {
  auto s = run::parse_shard("2/5");
  EXPECT_EQ(s.index, 2);
  EXPECT_EQ(s.count, 5);
  for (const char* bad : {"0/3", "4/3", "3", "a/b", "1/0", "1/3x", "/3", "-1/3"})
    EXPECT_THROW(run::parse_shard(bad), run::UsageError) << bad;
}

TEST(Shard, HashIsFnv1aOnEveryMachine) {
  EXPECT_EQ(run::fnv1a(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(run::fnv1a("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(run::fnv1a("foobar"), 0x85944171f73967e8ull);
}

TEST(Shard, ShardsAreDisjointCompleteBalancedAndStable) {
  std::vector<std::string> names;
  for (int i = 0; i < 500; ++i) names.push_back("case_" + std::to_string(i));
  for (int n : {1, 2, 3, 7}) {
    std::multiset<std::string> seen;
    size_t smallest = names.size(), largest = 0;
    for (int k = 1; k <= n; ++k) {
      auto part = run::shard_names(names, {k, n});
      smallest = std::min(smallest, part.size());
      largest = std::max(largest, part.size());
      seen.insert(part.begin(), part.end());
      EXPECT_EQ(part, run::shard_names(names, {k, n})) << "the same every time";
    }
    EXPECT_EQ(seen, std::multiset<std::string>(names.begin(), names.end())) << n << " shards: each case exactly once";
    EXPECT_LE(largest - smallest, 1u) << n << " shards";
  }
  // Pinned, so a change of hash or dealing shows up here (CI jobs must agree
  // on it); the result keeps the input's order.
  EXPECT_EQ(run::shard_names({"seed_cond", "seed_conv_bn", "seed_dim_auto", "seed_named_dims"}, {1, 2}),
            (std::vector<std::string>{"seed_dim_auto", "seed_named_dims"}));
}

TEST(Shard, SelectionAppliesTheShardAfterTheFilters) {
  auto cat = big_catalog(30);
  run::RunOptions even;
  even.tags = {"even"};
  std::set<std::string> all;
  for (int k = 1; k <= 4; ++k) {
    even.shard = run::Shard{k, 4};
    auto s = run::select_cases(cat, even);
    EXPECT_TRUE(s.broken.empty()) << "a tag leaves broken files out, in every shard";
    for (auto* c : s.cases) {
      EXPECT_EQ(c->tags[0], "even");
      EXPECT_TRUE(all.insert(c->name).second);
    }
  }
  EXPECT_EQ(all.size(), 15u);
  run::RunOptions tiny;
  tiny.case_names = {"case_3"};
  tiny.shard = run::Shard{2, 2};
  size_t total = run::select_cases(cat, tiny).size();
  tiny.shard = run::Shard{1, 2};
  total += run::select_cases(cat, tiny).size();
  EXPECT_EQ(total, 1u) << "an empty shard of a small selection is not an error";
}

TEST(Shard, MergingTheShardsOfACatalogEqualsOneUnshardedRun) {
  auto cat = big_catalog(53);
  auto whole = fake_run(run::select_cases(cat, {}), "whole");
  for (int n : {1, 3, 8}) {
    std::vector<report::Summary> parts;
    for (int k = 1; k <= n; ++k) {
      run::RunOptions o;
      o.shard = run::Shard{k, n};
      parts.push_back(fake_run(run::select_cases(cat, o), "shard"));
    }
    std::reverse(parts.begin(), parts.end());  // artifacts arrive in any order
    auto merged = report::merge_summaries(parts, "whole");
    auto a = report::summary_to_json(whole), b = report::summary_to_json(merged);
    EXPECT_EQ(a["results"], b["results"]) << n << " shards";
    EXPECT_EQ(a["cases"], b["cases"]) << n << " shards";
    EXPECT_EQ(a["counts"], b["counts"]) << n << " shards";
    EXPECT_EQ(a["unexpected"], b["unexpected"]) << n << " shards";
  }
}
