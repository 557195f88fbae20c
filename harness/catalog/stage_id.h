#pragma once
// A stage of a case as a value, not a string: what it checks and, for the
// per-runtime stages, which runtime on which device. Its text form
// ("roundtrip:bytes", "replay:cpp:cuda") is what records, expectations and
// reports carry; parse() reads it back.
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace exportcheck::catalog {

struct StageId {
  enum class Kind { Catalog, Export, Archive, Roundtrip, Golden, Replay, Guards, Sequence, Compat };
  Kind kind = Kind::Export;
  std::string check;    // Roundtrip: validate | bytes | reload; Compat: the release that saved the archive
  std::string runtime;  // Replay, Guards, Sequence: module | nativert | cpp | aoti; Compat: module | cpp
  std::string device;   // Replay, Guards, Sequence: cpu | cuda

  static StageId of(Kind kind) { return {kind, {}, {}, {}}; }
  static StageId roundtrip(std::string check) { return {Kind::Roundtrip, std::move(check), {}, {}}; }
  static StageId replay(std::string runtime, std::string device) {
    return {Kind::Replay, {}, std::move(runtime), std::move(device)};
  }
  static StageId guards(std::string runtime, std::string device) {
    return {Kind::Guards, {}, std::move(runtime), std::move(device)};
  }
  static StageId sequence(std::string runtime, std::string device) {
    return {Kind::Sequence, {}, std::move(runtime), std::move(device)};
  }
  // `compat:2.11.0:cpp`: an archive torch 2.11.0 saved, run by this release's runtime.
  static StageId compat(std::string saved_by, std::string runtime) {
    return {Kind::Compat, std::move(saved_by), std::move(runtime), {}};
  }

  bool per_runtime() const { return kind == Kind::Replay || kind == Kind::Guards || kind == Kind::Sequence; }
  std::string str() const;  // "export", "roundtrip:bytes", "replay:cpp:cuda", "compat:2.11.0:module"

  // A full id of a known kind with known parts, or nullopt.
  static std::optional<StageId> parse(std::string_view text);

  auto operator<=>(const StageId&) const = default;
};

// "export", "replay", ...: a stage's root, as expectations and cases/README.md name it.
std::string_view root_name(StageId::Kind kind);

}  // namespace exportcheck::catalog
