#pragma once
// data/sample_inputs/<model>.pt is torch.save's zip container. Without
// unpickling (that needs Python or LibTorch) this checks the container: a
// zip with one top folder holding data.pkl, which is a whole pickle
// (protocol opcode first, STOP last), and readable entries.
#include <cstdint>
#include <string>

namespace exportcheck::validate {

inline constexpr std::uint64_t kMaxSampleInputs = std::uint64_t{256} << 20;

// Why `bytes` is not a torch.save container, or "".
std::string torch_save_container_problem(const std::string& bytes, const std::string& label);

}  // namespace exportcheck::validate
