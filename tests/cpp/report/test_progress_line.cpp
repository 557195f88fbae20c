// The live progress line's text and ETA (report/progress_line.h).
#include <gtest/gtest.h>

#include "harness/report/progress_line.h"

using namespace exportcheck::report;

TEST(ProgressLine, Clock) {
  EXPECT_EQ(clock_text(0), "0:00");
  EXPECT_EQ(clock_text(42.4), "0:42");
  EXPECT_EQ(clock_text(119.99), "2:00");
  EXPECT_EQ(clock_text(725), "12:05");
  EXPECT_EQ(clock_text(3723), "1:02:03");
  EXPECT_EQ(clock_text(-5), "0:00");
}

TEST(ProgressLine, Text) {
  Progress p{3, 10, 1, 42, 70};
  EXPECT_EQ(progress_line(p), "[ 3/10] 1 unexpected  elapsed 0:42  ETA 1:10");
  p.eta.reset();
  EXPECT_EQ(progress_line(p), "[ 3/10] 1 unexpected  elapsed 0:42") << "nothing to estimate from yet";
  EXPECT_EQ(progress_line(p, 12), "[ 3/10] 1 u") << "one column short of the terminal: no wrap";
  EXPECT_EQ(progress_line(Progress{7, 7, 0, 3725, 0}), "[7/7] 0 unexpected  elapsed 1:02:05  ETA 0:00");
}

TEST(ProgressLine, EstimateUsesRecordedSecondsThenTheMeanSoFar) {
  const std::map<std::string, double> recorded{{"a", 10}, {"b", 30}, {"gone", 1000}};
  // Recorded cases at their seconds, divided over the slots.
  EXPECT_DOUBLE_EQ(*estimate_remaining({"a", "b"}, recorded, {}, 1), 40);
  EXPECT_DOUBLE_EQ(*estimate_remaining({"a", "b"}, recorded, {}, 2), 20);
  // A new case: the mean of this run's finished cases...
  EXPECT_DOUBLE_EQ(*estimate_remaining({"a", "new"}, recorded, {2, 4}, 1), 13);
  // ...or, before any finished, the mean of the recorded ones.
  EXPECT_DOUBLE_EQ(*estimate_remaining({"new"}, recorded, {}, 1), 1040.0 / 3);
  EXPECT_DOUBLE_EQ(*estimate_remaining({"new", "other"}, {}, {3}, 2), 3);
  EXPECT_FALSE(estimate_remaining({"new"}, {}, {}, 1)) << "no history and nothing finished";
  EXPECT_DOUBLE_EQ(*estimate_remaining({}, {}, {}, 1), 0) << "nothing left";
  EXPECT_DOUBLE_EQ(*estimate_remaining({"a"}, recorded, {}, 0), 10) << "at least one slot";
}

TEST(ProgressLine, TrackerCountsAndCountsDownBetweenFinishes) {
  ProgressTracker t({"a", "b", "c"}, {{"a", 10}, {"b", 20}}, 1);
  Progress p = t.at(0);
  EXPECT_EQ(p.done, 0);
  EXPECT_EQ(p.total, 3);
  ASSERT_TRUE(p.eta);
  EXPECT_DOUBLE_EQ(*p.eta, 45) << "c at the mean of the recorded: 15";
  EXPECT_DOUBLE_EQ(*t.at(5).eta, 40) << "counts down while no case finishes";

  t.finished("a", 4, false, 4);
  p = t.at(4);
  EXPECT_EQ(p.done, 1);
  EXPECT_EQ(p.unexpected, 0);
  EXPECT_DOUBLE_EQ(*p.eta, 24) << "b recorded 20, c at this run's mean 4";
  EXPECT_DOUBLE_EQ(*t.at(100).eta, 0) << "late: never negative";

  t.finished("c", 6, true, 10);
  t.finished("c", 6, true, 10);      // counted once
  t.finished("zzz", 1, true, 10);    // not a case of the run
  p = t.at(10);
  EXPECT_EQ(p.done, 2);
  EXPECT_EQ(p.unexpected, 1);
  EXPECT_DOUBLE_EQ(*p.eta, 20);
  EXPECT_EQ(progress_line(p), "[2/3] 1 unexpected  elapsed 0:10  ETA 0:20");
}
