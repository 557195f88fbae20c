#include "harness/golden/line_diff.h"

#include <algorithm>

namespace exportcheck {

namespace {

// Beyond this many differing lines the O(D^2) trace gets large; such texts
// have little in common anyway, so the rest is shown as removed then added.
constexpr std::size_t kMaxEdits = 4000;

using Lines = std::vector<std::string>;

void replace_all(std::size_t a0, std::size_t n, std::size_t b0, std::size_t m, std::vector<LineEdit>& out) {
  for (std::size_t i = 0; i < n; ++i) out.push_back({LineEdit::Kind::Remove, a0 + i, b0});
  for (std::size_t j = 0; j < m; ++j) out.push_back({LineEdit::Kind::Add, a0 + n, b0 + j});
}

// Myers over a[a0, a0+n) and b[b0, b0+m): greedy furthest-reaching paths per
// diagonal k = x - y, keeping each round's frontier to walk back from the end.
void myers(const Lines& a, std::size_t a0, std::size_t n, const Lines& b, std::size_t b0, std::size_t m,
           std::vector<LineEdit>& out) {
  if (n == 0 || m == 0) return replace_all(a0, n, b0, m, out);
  const long N = static_cast<long>(n), M = static_cast<long>(m), offset = N + M + 1;
  std::vector<long> v(static_cast<std::size_t>(2 * offset + 1), 0);
  std::vector<std::vector<long>> trace;  // trace[d][k + d] = v[k] before round d
  auto at = [&](long k) -> long& { return v[static_cast<std::size_t>(k + offset)]; };
  long found = -1;
  for (long d = 0; d <= N + M && found < 0; ++d) {
    if (static_cast<std::size_t>(d) > kMaxEdits) return replace_all(a0, n, b0, m, out);
    trace.emplace_back(v.begin() + (offset - d), v.begin() + (offset + d + 1));
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? at(k + 1) : at(k - 1) + 1;
      long y = x - k;
      while (x < N && y < M && a[a0 + static_cast<std::size_t>(x)] == b[b0 + static_cast<std::size_t>(y)]) ++x, ++y;
      at(k) = x;
      if (x >= N && y >= M) {
        found = d;
        break;
      }
    }
  }
  std::vector<LineEdit> reversed;
  long x = N, y = M;
  for (long d = found; d >= 0; --d) {
    const std::vector<long>& snap = trace[static_cast<std::size_t>(d)];
    auto prev = [&](long k) { return snap[static_cast<std::size_t>(k + d)]; };
    const long k = x - y;
    long prev_k = 0, prev_x = 0, prev_y = 0;
    if (d > 0) {
      prev_k = (k == -d || (k != d && prev(k - 1) < prev(k + 1))) ? k + 1 : k - 1;
      prev_x = prev(prev_k);
      prev_y = prev_x - prev_k;
    }
    while (x > prev_x && y > prev_y) {
      --x, --y;
      reversed.push_back({LineEdit::Kind::Keep, a0 + static_cast<std::size_t>(x), b0 + static_cast<std::size_t>(y)});
    }
    if (d == 0) break;
    if (x == prev_x) reversed.push_back({LineEdit::Kind::Add, a0 + static_cast<std::size_t>(x), b0 + static_cast<std::size_t>(prev_y)});
    else reversed.push_back({LineEdit::Kind::Remove, a0 + static_cast<std::size_t>(prev_x), b0 + static_cast<std::size_t>(y)});
    x = prev_x, y = prev_y;
  }
  out.insert(out.end(), reversed.rbegin(), reversed.rend());
}

std::string range(std::size_t start, std::size_t count) {
  // GNU: a one-line range omits its count; an empty one names the line before it.
  if (count == 1) return std::to_string(start + 1);
  return std::to_string(count == 0 ? start : start + 1) + "," + std::to_string(count);
}

}  // namespace

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      lines.emplace_back(std::string(text.substr(start)) + "\n\\ No newline at end of file");
      break;
    }
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::vector<LineEdit> diff_lines(const Lines& a, const Lines& b) {
  // Goldens usually differ in a few lines: strip the common ends first.
  std::size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
  std::size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre && a[a.size() - 1 - suf] == b[b.size() - 1 - suf]) ++suf;
  std::vector<LineEdit> edits;
  for (std::size_t i = 0; i < pre; ++i) edits.push_back({LineEdit::Kind::Keep, i, i});
  myers(a, pre, a.size() - pre - suf, b, pre, b.size() - pre - suf, edits);
  for (std::size_t i = 0; i < suf; ++i)
    edits.push_back({LineEdit::Kind::Keep, a.size() - suf + i, b.size() - suf + i});
  return edits;
}

std::string unified_diff(std::string_view a_text, std::string_view b_text, std::string_view a_label,
                         std::string_view b_label, int context) {
  if (a_text == b_text) return "";
  const Lines a = split_lines(a_text), b = split_lines(b_text);
  const std::vector<LineEdit> edits = diff_lines(a, b);
  const std::size_t ctx = static_cast<std::size_t>(std::max(context, 0));
  std::string out = "--- " + std::string(a_label) + "\n+++ " + std::string(b_label) + "\n";
  std::size_t i = 0;
  while (i < edits.size()) {
    // Next change, then extend the hunk while the following change is within 2*ctx keeps.
    while (i < edits.size() && edits[i].kind == LineEdit::Kind::Keep) ++i;
    if (i == edits.size()) break;
    const std::size_t begin = i >= ctx ? i - ctx : 0;
    std::size_t end = i;  // one past the last change
    while (true) {
      while (end < edits.size() && edits[end].kind != LineEdit::Kind::Keep) ++end;
      std::size_t next = end;
      while (next < edits.size() && edits[next].kind == LineEdit::Kind::Keep) ++next;
      if (next < edits.size() && next - end <= 2 * ctx) end = next;
      else break;
    }
    const std::size_t stop = std::min(edits.size(), end + ctx);
    std::size_t a_count = 0, b_count = 0;
    for (std::size_t j = begin; j < stop; ++j) {
      if (edits[j].kind != LineEdit::Kind::Add) ++a_count;
      if (edits[j].kind != LineEdit::Kind::Remove) ++b_count;
    }
    out += "@@ -" + range(edits[begin].a, a_count) + " +" + range(edits[begin].b, b_count) + " @@\n";
    for (std::size_t j = begin; j < stop; ++j) {
      const LineEdit& e = edits[j];
      if (e.kind == LineEdit::Kind::Keep) out += " " + a[e.a] + "\n";
      else if (e.kind == LineEdit::Kind::Remove) out += "-" + a[e.a] + "\n";
      else out += "+" + b[e.b] + "\n";
    }
    i = stop;
  }
  return out;
}

}  // namespace exportcheck
