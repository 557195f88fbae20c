#include <cstdio>
#include <iostream>
#include <optional>
#include <sstream>

#include <ATen/core/Tensor.h>
#include <c10/util/Exception.h>

#include "harness/archive/pt2_layout.h"
#include "harness/archive/zip_archive.h"
#include "harness/cli/arguments.h"
#include "harness/cli/commands.h"
#include "harness/golden/ir_printer.h"
#include "harness/program/tensor_loader.h"
#include "harness/runtime/program_runner.h"
#include "harness/validate/archive_rewrite.h"
#include "harness/validate/archive_validator.h"

namespace exportcheck::cli {
namespace {

constexpr const char* kUsage =
    "usage: exportcheck archive print PATH\n"
    "       exportcheck archive validate [--quiet] PATH\n"
    "       exportcheck archive rewrite IN OUT\n"
    "       exportcheck archive run PATH [--device cpu|cuda] [--model NAME] [--verify-crc]\n\n"
    "  print PATH      the canonical IR of every program in a PT2 archive (the\n"
    "                  text golden/<case>/<ir>.ir files hold)\n"
    "  validate PATH   every PT2 archive check (harness/validate/README.md), one\n"
    "                  line per finding; exit 0 valid, 1 findings, 2 unreadable\n"
    "                  (--quiet: errors only, no notes)\n"
    "  rewrite IN OUT  write IN back as a C++ producer would (model JSON and\n"
    "                  payload configs through torch's schema structs)\n"
    "  run PATH        run the program with the C++ reference executor on the\n"
    "                  archive's own sample inputs; one line per output. Exit 0\n"
    "                  ran, 1 the program failed, 2 unreadable archive or inputs.\n"
    "                  The archive is mapped and its weights used in place;\n"
    "                  --verify-crc first checks every entry's CRC-32\n";

int print(Arguments& args) {
  auto path = args.positional();
  args.finish();
  if (!path) throw UsageError("exportcheck archive print: needs PATH");
  try {
    std::cout << exportcheck::print_archive(*path);
  } catch (const std::exception& e) {
    std::cerr << "exportcheck archive print: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

int validate(Arguments& args) {
  const bool quiet = args.flag("--quiet");
  auto path = args.positional();
  args.finish();
  if (!path) throw UsageError("exportcheck archive validate: needs PATH");
  const validate::Validation v = validate::validate_archive_file(*path);
  std::size_t errors = 0;
  for (const validate::Finding& f : v.findings) {
    const bool is_error = f.severity == validate::Finding::Severity::Error;
    errors += is_error ? 1 : 0;
    if (is_error || !quiet) std::cout << *path << ": " << validate::to_string(f) << "\n";
  }
  if (!v.readable) return 2;
  std::cout << *path << ": " << (errors == 0 ? "valid" : std::to_string(errors) + " finding(s)") << "\n";
  return errors == 0 ? 0 : 1;
}

int rewrite(Arguments& args) {
  auto in = args.positional();
  auto out = args.positional();
  args.finish();
  if (!in || !out) throw UsageError("exportcheck archive rewrite: needs IN and OUT");
  try {
    validate::rewrite_archive(*in, *out);
  } catch (const std::exception& e) {
    std::cerr << "exportcheck archive rewrite: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

// data/sample_inputs/<model>.pt: torch.save((args, kwargs)); leaves in
// pytree order (tuples and lists in order, dicts in insertion order).
void flatten(const c10::IValue& v, std::vector<c10::IValue>& out, c10::Device device, int depth = 0) {
  if (depth > 64) throw std::runtime_error("sample inputs nested deeper than 64");
  if (v.isTuple()) {
    for (const c10::IValue& e : v.toTupleRef().elements()) flatten(e, out, device, depth + 1);
  } else if (v.isList()) {
    for (const c10::IValue& e : v.toListRef()) flatten(e, out, device, depth + 1);
  } else if (v.isGenericDict()) {
    for (const auto& item : v.toGenericDict()) flatten(item.value(), out, device, depth + 1);
  } else if (v.isTensor()) {
    out.emplace_back(v.toTensor().to(device));
  } else if (v.isNone() || v.isInt() || v.isDouble() || v.isBool() || v.isString()) {
    out.push_back(v);
  } else {
    throw std::runtime_error(std::string("a sample input of kind ") + v.tagKind() + " this command cannot flatten");
  }
}

std::string summary(const c10::IValue& v) {
  std::ostringstream s;
  if (v.isTensor()) {
    const at::Tensor& t = v.toTensor();
    s << c10::toString(t.scalar_type()) << " [";
    for (std::int64_t i = 0; i < t.dim(); ++i) s << (i ? ", " : "") << t.size(i);
    s << "] " << t.device();
    if (t.is_floating_point() && t.numel() > 0) {
      const at::Tensor d = t.detach().to(at::kDouble);
      char buf[160];
      std::snprintf(buf, sizeof buf, " min=%.6g max=%.6g mean=%.6g", d.min().item<double>(), d.max().item<double>(),
                    d.mean().item<double>());
      s << buf;
    }
  } else {
    s << v.tagKind() << " " << v;
  }
  return s.str();
}

int run(Arguments& args) {
  const std::string device_text = args.value("--device").value_or("cpu");
  const std::string model = args.value("--model").value_or("model");
  const bool verify_crc = args.flag("--verify-crc");
  auto path = args.positional();
  args.finish();
  if (!path) throw UsageError("exportcheck archive run: needs PATH");
  std::optional<c10::Device> device;
  try {
    device = c10::Device(device_text);
  } catch (const std::exception&) {
    throw UsageError("exportcheck archive run: unknown device '" + device_text + "'");
  }
  std::vector<c10::IValue> inputs;
  try {
    const ZipArchive archive = ZipArchive::open(*path);
    const std::string entry = pt2_top_folder(archive) + "/data/sample_inputs/" + model + ".pt";
    if (!archive.contains(entry)) throw std::runtime_error("the archive has no " + entry);
    const std::string bytes = archive.read(entry);
    c10::IValue samples;
    try {
      // restored on the CPU first: sample inputs saved from CUDA load on any machine
      samples = program::unpickle(bytes, c10::Device(c10::kCPU));
    } catch (const c10::Error& e) {
      throw std::runtime_error(entry + ": cannot unpickle in C++: " + e.what_without_backtrace());
    } catch (const std::exception& e) {
      throw std::runtime_error(entry + ": cannot unpickle in C++: " + e.what());
    }
    flatten(samples, inputs, *device);
  } catch (const std::exception& e) {
    std::cerr << "exportcheck archive run: " << *path << ": " << e.what() << "\n";
    return 2;
  }
  try {
    auto runner = runtime::ProgramRunner::load(*path, *device, model, {.verify_crc = verify_crc});
    const std::vector<c10::IValue> outputs = runner->run(inputs);
    for (std::size_t i = 0; i < outputs.size(); ++i) std::cout << "output " << i << ": " << summary(outputs[i]) << "\n";
  } catch (const runtime::LoadError& e) {
    std::cout << *path << ": load failed: " << e.what() << "\n";
    return 1;
  } catch (const runtime::InputError& e) {
    std::cout << *path << ": input refused: " << e.what() << "\n";
    return 1;
  } catch (const runtime::ExecutionError& e) {
    std::cout << *path << ": execution failed: " << e.what() << "\n";
    return 1;
  } catch (const c10::Error& e) {
    std::cout << *path << ": failed: " << e.what_without_backtrace() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cout << *path << ": failed: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int archive_command(const std::vector<std::string>& argv) {
  Arguments args(argv, "exportcheck archive");
  const bool help = args.flag("--help") || args.flag("-h");
  auto verb = args.positional();
  if (help || !verb) {
    (help ? std::cout : std::cerr) << kUsage;
    return help ? 0 : 2;
  }
  if (*verb == "print") return print(args);
  if (*verb == "validate") return validate(args);
  if (*verb == "rewrite") return rewrite(args);
  if (*verb == "run") return run(args);
  throw UsageError("exportcheck archive: unknown subcommand '" + *verb + "'");
}

}  // namespace exportcheck::cli
