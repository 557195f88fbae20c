#include <gtest/gtest.h>

#include "harness/validate/entry_names.h"
#include "harness/validate/tensor_bytes.h"

namespace exportcheck::validate {
namespace {

TEST(TensorBytes, ElementSizesFollowTheSchemaNumbers) {
  EXPECT_EQ(element_size(7), 4u);    // float32
  EXPECT_EQ(element_size(5), 8u);    // int64
  EXPECT_EQ(element_size(13), 2u);   // bfloat16
  EXPECT_EQ(element_size(11), 16u);  // complex128
  EXPECT_EQ(element_size(12), 1u);   // bool
  EXPECT_EQ(element_size(35), 8u);   // uint64 (schema 8.20)
  EXPECT_FALSE(element_size(0));     // UNKNOWN
  EXPECT_FALSE(element_size(99));
}

TEST(TensorBytes, StridedLayouts) {
  EXPECT_EQ(bytes_needed(4, {3, 4}, {4, 1}, 0).bytes, 48u);
  EXPECT_EQ(bytes_needed(4, {3, 4}, {1, 3}, 0).bytes, 48u);   // transposed
  EXPECT_EQ(bytes_needed(4, {2}, {1}, 5).bytes, 28u);         // offset view
  EXPECT_EQ(bytes_needed(8, {}, {}, 0).bytes, 8u);            // scalar
  EXPECT_EQ(bytes_needed(4, {0, 5}, {5, 1}, 0).bytes, 0u);    // no elements
  EXPECT_EQ(bytes_needed(4, {4, 3}, {0, 1}, 0).bytes, 12u);   // expanded (stride 0)
}

TEST(TensorBytes, DamagedLayoutsAreProblemsNotWraparounds) {
  EXPECT_NE(bytes_needed(4, {2}, {1, 1}, 0).problem, "");
  EXPECT_NE(bytes_needed(4, {-1}, {1}, 0).problem, "");
  EXPECT_NE(bytes_needed(4, {2}, {-1}, 0).problem, "");
  EXPECT_NE(bytes_needed(4, {2}, {1}, -3).problem, "");
  EXPECT_NE(bytes_needed(16, {INT64_MAX, 2}, {INT64_MAX, 1}, 0).problem, "");
}

TEST(EntryNames, UnsafeNamesAreNamed) {
  EXPECT_EQ(entry_name_problem("m/models/model.json"), "");
  EXPECT_EQ(entry_name_problem("m/.data/version"), "");
  EXPECT_EQ(entry_name_problem("/etc/passwd"), "absolute entry name");
  EXPECT_EQ(entry_name_problem("m/../../x"), "entry name contains a '..' component");
  EXPECT_EQ(entry_name_problem(".."), "entry name contains a '..' component");
  EXPECT_EQ(entry_name_problem("C:/x"), "entry name starts with a drive letter");
  EXPECT_EQ(entry_name_problem("m\\x"), "entry name contains a backslash");
  EXPECT_EQ(entry_name_problem("m//x"), "entry name contains an empty component");
  EXPECT_EQ(entry_name_problem(""), "empty entry name");
}

}  // namespace
}  // namespace exportcheck::validate
