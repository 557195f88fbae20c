#include "harness/replay/bundle.h"

#include <fstream>
#include <iterator>
#include <sstream>

#include <torch/csrc/jit/serialization/pickle.h>

namespace exportcheck::replay {
namespace {

std::string kind_of(const c10::IValue& v) {
  if (v.isNone()) return "None";
  if (v.isBool()) return "bool";
  if (v.isInt()) return "int";
  if (v.isDouble()) return "float";
  if (v.isString()) return "str";
  if (v.isTensor()) return "Tensor";
  if (v.isList()) return "list";
  if (v.isTuple()) return "tuple";
  if (v.isGenericDict()) return "dict";
  return v.tagKind();
}

// Walks the unpickled tree, naming where it is for error messages.
class Reader {
 public:
  Reader(std::filesystem::path file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw BundleError(file_.string() + ": " + (field.empty() ? "" : field + ": ") + what);
  }

  c10::impl::GenericDict dict(const c10::IValue& v, const std::string& field) const {
    if (!v.isGenericDict()) fail(field, "expected a dict, got " + kind_of(v));
    return v.toGenericDict();
  }

  const c10::IValue& get(const c10::impl::GenericDict& d, const std::string& key, const std::string& field) const {
    auto it = d.find(c10::IValue(key));
    if (it == d.end()) fail(join(field, key), "missing");
    return it->value();
  }

  std::optional<c10::IValue> maybe(const c10::impl::GenericDict& d, const std::string& key) const {
    auto it = d.find(c10::IValue(key));
    if (it == d.end()) return std::nullopt;
    return it->value();
  }

  std::string str(const c10::IValue& v, const std::string& field) const {
    if (!v.isString()) fail(field, "expected a str, got " + kind_of(v));
    return v.toStringRef();
  }

  std::int64_t integer(const c10::IValue& v, const std::string& field) const {
    if (!v.isInt()) fail(field, "expected an int, got " + kind_of(v));
    return v.toInt();
  }

  std::vector<c10::IValue> list(const c10::IValue& v, const std::string& field) const {
    if (v.isList()) {
      auto l = v.toListRef();
      return std::vector<c10::IValue>(l.begin(), l.end());
    }
    if (v.isTuple()) {
      auto& e = v.toTupleRef().elements();
      return std::vector<c10::IValue>(e.begin(), e.end());
    }
    fail(field, "expected a list, got " + kind_of(v));
  }

  std::vector<c10::IValue> leaves(const c10::IValue& v, const std::string& field) const {
    auto items = list(v, field);
    for (size_t i = 0; i < items.size(); ++i) {
      const auto& x = items[i];
      bool leaf = x.isTensor() || x.isInt() || x.isDouble() || x.isBool() || x.isNone() || x.isString();
      if (!leaf) fail(field + "[" + std::to_string(i) + "]", "expected a tensor, int, float, bool, None or str, got " + kind_of(x));
      if (x.isTensor() && !x.toTensor().device().is_cpu()) fail(field + "[" + std::to_string(i) + "]", "tensor not on CPU");
    }
    return items;
  }

  static std::string join(const std::string& field, const std::string& key) { return field.empty() ? key : field + "." + key; }

 private:
  std::filesystem::path file_;
};

}  // namespace

c10::IValue load_pickle_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw BundleError(path.string() + ": cannot open");
  std::vector<char> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (data.empty()) throw BundleError(path.string() + ": empty file");
  try {
    return torch::jit::pickle_load(data);
  } catch (const std::exception& e) {
    std::string what = e.what();
    if (auto nl = what.find('\n'); nl != std::string::npos) what.resize(nl);
    throw BundleError(path.string() + ": not a torch.save file (" + what + ")");
  }
}

void save_pickle_file(const std::filesystem::path& path, const c10::IValue& value) {
  std::vector<char> data = torch::jit::pickle_save(value);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  if (!out) throw BundleError(path.string() + ": cannot write");
}

nlohmann::json ivalue_to_json(const c10::IValue& v) {
  if (v.isNone()) return nullptr;
  if (v.isBool()) return v.toBool();
  if (v.isInt()) return v.toInt();
  if (v.isDouble()) return v.toDouble();
  if (v.isString()) return v.toStringRef();
  if (v.isList() || v.isTuple()) {
    auto out = nlohmann::json::array();
    if (v.isList()) {
      for (const auto& x : v.toListRef()) out.push_back(ivalue_to_json(x));
    } else {
      for (const auto& x : v.toTupleRef().elements()) out.push_back(ivalue_to_json(x));
    }
    return out;
  }
  if (v.isGenericDict()) {
    auto out = nlohmann::json::object();
    for (const auto& kv : v.toGenericDict()) {
      std::string key = kv.key().isString() ? kv.key().toStringRef() : ivalue_to_json(kv.key()).dump();
      out[key] = ivalue_to_json(kv.value());
    }
    return out;
  }
  std::ostringstream s;
  if (v.isTensor()) {
    const auto& t = v.toTensor();
    s << "<tensor " << t.sizes() << " " << t.scalar_type() << ">";
  } else {
    s << "<" << v.tagKind() << ">";
  }
  return s.str();
}

std::string describe_sizes(const std::vector<std::pair<std::string, std::int64_t>>& sizes) {
  std::string out;
  for (const auto& [name, value] : sizes) out += (out.empty() ? "" : ", ") + name + "=" + std::to_string(value);
  return out;
}

std::string eager_reason(const Bundle& bundle, const std::string& device) {
  if (!bundle.eager.is_object() || !bundle.eager.contains(device)) return "not requested";
  const auto& status = bundle.eager[device];
  if (status.is_object() && status.contains("reason") && status["reason"].is_string()) return status["reason"];
  if (status.is_object() && status.value("ok", false)) return "eager ran, but the sample has no output";
  return "no reason given";
}

Bundle read_bundle(const std::filesystem::path& path) {
  Reader r(path);
  Bundle b;
  b.path = path;
  b.raw = load_pickle_file(path);
  auto top = r.dict(b.raw, "");
  auto format = top.find(c10::IValue("format"));
  if (format == top.end()) r.fail("format", "missing (not an exportcheck replay bundle)");
  if (!format->value().isInt() || format->value().toInt() != 2) {
    r.fail("format", "expected 2, got " + ivalue_to_json(format->value()).dump() + " (harness/replay/BUNDLE.md)");
  }
  b.case_name = r.str(r.get(top, "case", ""), "case");
  if (auto mode = r.maybe(top, "mode"); mode && !mode->isNone()) b.mode = r.str(*mode, "mode");
  if (auto s = r.maybe(top, "in_spec"); s && !s->isNone()) b.in_spec = r.str(*s, "in_spec");
  if (auto s = r.maybe(top, "out_spec"); s && !s->isNone()) b.out_spec = r.str(*s, "out_spec");
  if (auto s = r.maybe(top, "unchecked_values"); s && !s->isNone()) b.unchecked_values = r.str(*s, "unchecked_values");

  if (auto symbols = r.maybe(top, "symbols"); symbols && !symbols->isNone()) {
    for (const auto& kv : r.dict(*symbols, "symbols")) {
      std::string name = r.str(kv.key(), "symbols (key)");
      std::string field = "symbols." + name;
      auto range = r.dict(kv.value(), field);
      SymbolRange sr;
      sr.min = r.integer(r.get(range, "min", field), field + ".min");
      if (auto max = r.maybe(range, "max"); max && !max->isNone()) sr.max = r.integer(*max, field + ".max");
      b.symbols[name] = sr;
    }
  }
  if (auto eager = r.maybe(top, "eager"); eager && !eager->isNone()) {
    r.dict(*eager, "eager");
    b.eager = ivalue_to_json(*eager);
  } else {
    b.eager = nlohmann::json::object();
  }

  auto samples = r.list(r.get(top, "samples", ""), "samples");
  for (size_t i = 0; i < samples.size(); ++i) {
    std::string field = "samples[" + std::to_string(i) + "]";
    auto d = r.dict(samples[i], field);
    Sample s;
    s.label = r.str(r.get(d, "label", field), field + ".label");
    if (auto sizes = r.maybe(d, "sizes"); sizes && !sizes->isNone()) {
      for (const auto& kv : r.dict(*sizes, field + ".sizes")) {
        std::string name = r.str(kv.key(), field + ".sizes (key)");
        s.sizes.emplace_back(name, r.integer(kv.value(), field + ".sizes." + name));
      }
    }
    s.inputs = r.leaves(r.get(d, "inputs", field), field + ".inputs");
    for (const auto& kv : r.dict(r.get(d, "outputs", field), field + ".outputs")) {
      std::string device = r.str(kv.key(), field + ".outputs (key)");
      s.outputs[device] = r.leaves(kv.value(), field + ".outputs." + device);
    }
    if (auto devices = r.maybe(d, "output_devices"); devices && !devices->isNone()) {
      for (const auto& kv : r.dict(*devices, field + ".output_devices")) {
        std::string device = r.str(kv.key(), field + ".output_devices (key)");
        std::string sub = field + ".output_devices." + device;
        auto items = r.list(kv.value(), sub);
        std::vector<std::string> names;
        for (size_t k = 0; k < items.size(); ++k) {
          names.push_back(items[k].isNone() ? "" : r.str(items[k], sub + "[" + std::to_string(k) + "]"));
        }
        auto out = s.outputs.find(device);
        if (out != s.outputs.end() && out->second.size() != names.size()) {
          r.fail(sub, std::to_string(names.size()) + " entries for " + std::to_string(out->second.size()) + " outputs");
        }
        s.output_devices[device] = std::move(names);
      }
    }
    b.samples.push_back(std::move(s));
  }

  if (auto guards = r.maybe(top, "guards"); guards && !guards->isNone()) {
    auto items = r.list(*guards, "guards");
    for (size_t i = 0; i < items.size(); ++i) {
      std::string field = "guards[" + std::to_string(i) + "]";
      auto d = r.dict(items[i], field);
      GuardSample g;
      g.label = r.str(r.get(d, "label", field), field + ".label");
      g.symbol = r.str(r.get(d, "symbol", field), field + ".symbol");
      g.value = r.integer(r.get(d, "value", field), field + ".value");
      g.bound = r.str(r.get(d, "bound", field), field + ".bound");
      g.inputs = r.leaves(r.get(d, "inputs", field), field + ".inputs");
      b.guards.push_back(std::move(g));
    }
  }

  if (auto sequence = r.maybe(top, "sequence"); sequence && !sequence->isNone()) {
    auto d = r.dict(*sequence, "sequence");
    SequenceReference seq;
    for (const auto& kv : r.dict(r.get(d, "outputs", "sequence"), "sequence.outputs")) {
      std::string device = r.str(kv.key(), "sequence.outputs (key)");
      std::string field = "sequence.outputs." + device;
      auto calls = r.list(kv.value(), field);
      if (calls.size() != b.samples.size())
        r.fail(field, std::to_string(calls.size()) + " calls for " + std::to_string(b.samples.size()) + " samples");
      auto& out = seq.outputs[device];
      for (size_t k = 0; k < calls.size(); ++k) out.push_back(r.leaves(calls[k], field + "[" + std::to_string(k) + "]"));
    }
    if (auto buffers = r.maybe(d, "buffers"); buffers && !buffers->isNone()) {
      for (const auto& kv : r.dict(*buffers, "sequence.buffers")) {
        std::string device = r.str(kv.key(), "sequence.buffers (key)");
        std::string field = "sequence.buffers." + device;
        auto& out = seq.buffers[device];
        for (const auto& b_kv : r.dict(kv.value(), field)) {
          std::string name = r.str(b_kv.key(), field + " (key)");
          const c10::IValue& v = b_kv.value();
          if (!v.isTensor()) r.fail(field + "." + name, "expected a tensor, got " + kind_of(v));
          if (!v.toTensor().device().is_cpu()) r.fail(field + "." + name, "tensor not on CPU");
          out[name] = v.toTensor();
        }
      }
    }
    if (auto errors = r.maybe(d, "errors"); errors && !errors->isNone()) {
      for (const auto& kv : r.dict(*errors, "sequence.errors")) {
        std::string device = r.str(kv.key(), "sequence.errors (key)");
        seq.errors[device] = r.str(kv.value(), "sequence.errors." + device);
      }
    }
    b.sequence = std::move(seq);
  }
  return b;
}

}  // namespace exportcheck::replay
