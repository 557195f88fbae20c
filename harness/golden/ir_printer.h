#pragma once
// Canonical, diff-friendly text of a serialized torch.export program (the
// golden IR): graph signature, range constraints, one line per node with its
// target, named arguments and output dtype/shape, subgraphs indented below
// their node. Symbols are renamed in order of first use; stack traces, module
// stacks, paths, hashes, devices of tensors and example-size hints are left
// out, so the same program prints the same on every machine.
//
// torch's schema header (generated_serialization_types.h, nlohmann-based and
// ~4000 lines, via schema/torch_schema.h) is included by ir_printer.cpp only;
// callers see this header.
// All functions are safe to call from several threads: each call opens its
// own archive and keeps no state.
#include <string>
#include <string_view>

#include "harness/golden/program_info.h"

namespace torch::_export {
class ExportedProgram;
}

namespace exportcheck {

class ZipArchive;

std::string print_program(const torch::_export::ExportedProgram& program);

// Parses one model JSON (models/<name>.json) and prints it. Errors are
// ArchiveError(archive, entry, ...) with the JSON path (schema/model_reader.h), e.g.
// "does not match the export schema's ExportedProgram: ... (/graph_module/graph/nodes/0/target) type must be string".
std::string print_program_json(const std::string& json_text, const std::string& archive = "<memory>",
                               const std::string& entry = "model.json");

// Every model of a PT2 archive. One model prints bare (the usual "model");
// several are each preceded by a "## model <name>" line, in name order.
std::string print_archive(const std::string& archive_path);
std::string print_archive(const ZipArchive& archive);

}  // namespace exportcheck
