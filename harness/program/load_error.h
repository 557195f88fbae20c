#pragma once
#include <stdexcept>

namespace exportcheck::program {

// The archive's program cannot be built: unreadable archive or model JSON, a
// missing or short weight, an operator this process does not know, an
// argument kind the executor does not convert. The message names the entry
// or the node and its target.
struct LoadError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace exportcheck::program
