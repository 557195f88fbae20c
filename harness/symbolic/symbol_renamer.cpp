#include "harness/symbolic/symbol_renamer.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace exportcheck::symbolic {

namespace {

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Splits "s77" into ("s", "77"); nullopt unless lowercase letters then digits.
std::optional<std::string> symbol_prefix(std::string_view word) {
  std::size_t i = 0;
  while (i < word.size() && std::islower(static_cast<unsigned char>(word[i]))) ++i;
  if (i == 0 || i == word.size()) return std::nullopt;
  for (std::size_t j = i; j < word.size(); ++j)
    if (!std::isdigit(static_cast<unsigned char>(word[j]))) return std::nullopt;
  return std::string(word.substr(0, i));
}

}  // namespace

std::string SymbolRenamer::rename(const std::string& symbol) {
  if (auto it = names_.find(symbol); it != names_.end()) return it->second;
  const auto prefix = symbol_prefix(symbol);
  if (!prefix) return symbol;
  std::string name = *prefix + std::to_string(next_[*prefix]++);
  names_.emplace(symbol, name);
  return name;
}

std::string SymbolRenamer::lookup(const std::string& symbol) const {
  auto it = names_.find(symbol);
  return it == names_.end() ? std::string() : it->second;
}

std::string SymbolRenamer::rename_words(std::string_view text, bool assign_new) {
  static const std::string_view kTorchPrefixes[] = {"s", "u", "zf", "zuf", "ps"};
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_ident_start(text[i])) {
      out += text[i++];
      continue;
    }
    const std::size_t start = i;
    while (i < text.size() && is_ident_char(text[i])) ++i;
    const std::string word(text.substr(start, i - start));
    std::string renamed = lookup(word);
    if (renamed.empty() && assign_new) {
      const auto prefix = symbol_prefix(word);
      if (prefix && std::find(std::begin(kTorchPrefixes), std::end(kTorchPrefixes), *prefix) != std::end(kTorchPrefixes))
        renamed = rename(word);
    }
    out += renamed.empty() ? word : renamed;
  }
  return out;
}

}  // namespace exportcheck::symbolic
