#pragma once
// The `sequence:<runtime>:<device>` stage of a C++ runner (cpp, and any
// runtime the cpp worker serves through a RunnerFactory): ONE runner, reset
// once, called with every bundle sample in order, against the bundle's
// `sequence` reference (one eager model called alike, BUNDLE.md). Each call's
// outputs must match, and after the last call every buffer the program
// mutates (ProgramRunner::mutated_buffers). Catches state a program froze
// (a Python-side counter) or carries differently (BatchNorm running stats).
#include <nlohmann/json.hpp>

#include "harness/replay/bundle.h"
#include "harness/replay/cpp_replay.h"

namespace exportcheck::replay {

// Replies as exporter/replay.py's `sequence` (exporter/protocol.py SequenceReply):
// {"ok": true, "passed": true, "calls": N, "seconds": s}
// {"ok": true, "passed": false, "calls": k, "failing_sample": k-1, "label": ...,
//  "message": "call k of N (sample k-1: min:s0; s0=2; inputs (2, 4)): output[0]: ...", "seconds": s}
// {"ok": true, "passed": false, "calls": N, "message": "after call N of N: buffer bn.running_mean differs: ..."}
// {"ok": true, "passed": false, "calls": 0, "status": "no_eager_output", "message": "no eager sequence on cuda (...)"}
// {"ok": true, "passed": false, "unsupported": "bundle has no sequence reference ..."}
// `made` (may be null): the outputs of the same calls, made by a replay on a
// runner whose state no call changed (replay_cpp's `made`); compared instead
// of calling again, and the reply says `"calls_from_replay": true`. Ignored
// unless it holds one entry per sample.
nlohmann::json sequence_cpp(const ReplayRequest& request, const Bundle& bundle, const RunnerFactory& factory,
                            const SampleOutputs* made = nullptr);
nlohmann::json sequence_cpp(const ReplayRequest& request, const RunnerFactory& factory = default_runner_factory(),
                            const SampleOutputs* made = nullptr);

}  // namespace exportcheck::replay
