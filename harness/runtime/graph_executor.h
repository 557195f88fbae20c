#pragma once
// Runs a program::Graph: one frame of value slots per call, each node's
// operands read from constants or slots, operators called boxed through
// c10::Dispatcher, symbolic nodes natively, higher-order ops (cond, map_impl,
// while_loop, scan, wrap_with_set_grad_enabled under a c10::AutoGradMode,
// wrap_with_autocast under at::autocast's thread-local settings) by running
// their subgraphs. A failing node is an ExecutionError naming the node and
// its target.
#include <vector>

#include <ATen/core/ivalue.h>

#include "harness/program/program.h"

namespace exportcheck::runtime {

std::vector<c10::IValue> run_graph(const program::Graph& graph, std::vector<c10::IValue> inputs);

}  // namespace exportcheck::runtime
