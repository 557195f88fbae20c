#pragma once
// A small line diff (Myers' O(ND) algorithm) and GNU-style unified diff text,
// for showing how an actual IR differs from its golden.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace exportcheck {

// Lines without their '\n'. A last line that lacks one carries GNU's
// "\ No newline at end of file" marker, so that difference shows in a diff.
std::vector<std::string> split_lines(std::string_view text);

struct LineEdit {
  enum class Kind { Keep, Remove, Add };
  Kind kind;
  std::size_t a = 0;  // index into the old lines (Keep, Remove)
  std::size_t b = 0;  // index into the new lines (Keep, Add)
};

// A shortest edit script turning `a` into `b`, in order.
std::vector<LineEdit> diff_lines(const std::vector<std::string>& a, const std::vector<std::string>& b);

// "--- a_label", "+++ b_label", then "@@ -l,n +l,n @@" hunks with `context`
// lines around each change. Empty when the texts are equal.
std::string unified_diff(std::string_view a, std::string_view b, std::string_view a_label,
                         std::string_view b_label, int context = 3);

}  // namespace exportcheck
