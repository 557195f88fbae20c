#include <gtest/gtest.h>

#include "harness/catalog/case_error.h"

namespace exportcheck::catalog {
namespace {

TEST(CaseError, FormatsFileLineFieldMessage) {
  CaseError e{"cases/x.yaml", 12, "dynamic_shapes.dims.batch.min", "min (5) > max (2)"};
  EXPECT_EQ(e.str(), "cases/x.yaml:12: dynamic_shapes.dims.batch.min: min (5) > max (2)");
}

TEST(CaseError, LeavesOutUnknownLineAndEmptyField) {
  EXPECT_EQ((CaseError{"cases/x.yaml", 0, "", "the file is empty"}).str(),
            "cases/x.yaml: the file is empty");
}

}  // namespace
}  // namespace exportcheck::catalog
