// _ecsguard: the native half of the Python package, over the public C++ API
// (include/ecsguard/scanner.h) only.
//
// It is deliberately thin. It converts arguments, releases the GIL around every call that reads
// files or evaluates policies (a PolicySet is immutable and safe to share between threads, so
// Python threads really do scan in parallel), and returns results as dicts whose keys are the
// field names of the dataclasses in ecsguard/_types.py. Everything users see — argument
// handling, dataclasses, EcsguardError — lives in the pure-Python package, which is easier to
// read and to keep stable than binding code.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <ecsguard/scanner.h>

#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace py = pybind11;

namespace {

// Messages and observed values quote the inputs, which are not guaranteed to be UTF-8 (a YAML
// template may hold any bytes). One odd byte must not turn a scan into a UnicodeDecodeError.
py::str text(const std::string& s) {
  PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
  if (o == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(o);
}

py::dict to_dict(const ecsguard::Diagnostic& d) {
  py::dict out;
  out["code"] = text(d.code);
  out["severity"] = text(d.severity);
  out["message"] = text(d.message);
  out["file"] = text(d.file);
  out["line"] = d.line;
  out["column"] = d.column;
  out["pointer"] = text(d.pointer);
  return out;
}

py::list to_list(const std::vector<ecsguard::Diagnostic>& diagnostics) {
  py::list out;
  for (const auto& d : diagnostics) out.append(to_dict(d));
  return out;
}

py::dict to_dict(const ecsguard::Evidence& e) {
  py::dict out;
  out["path"] = text(e.path);
  out["observed"] = text(e.observed);
  out["line"] = e.line;
  out["column"] = e.column;
  out["pointer"] = text(e.pointer);
  return out;
}

py::dict to_dict(const ecsguard::Finding& f) {
  py::dict controls;
  for (const auto& [catalogue, ids] : f.controls) {
    py::list list;
    for (const auto& id : ids) list.append(text(id));
    controls[text(catalogue)] = list;
  }
  py::list evidence;
  for (const auto& e : f.evidence) evidence.append(to_dict(e));
  py::dict out;
  out["policy_id"] = text(f.policy_id);
  out["title"] = text(f.title);
  out["severity"] = ecsguard::to_string(f.severity);
  out["status"] = ecsguard::to_string(f.status);
  out["controls"] = controls;
  out["address"] = text(f.address);
  out["kind"] = text(f.kind);
  out["source_type"] = text(f.source_type);
  out["element"] = text(f.element);
  out["construct_path"] = text(f.construct_path);
  out["message"] = text(f.message);
  out["reason"] = text(f.reason);
  out["file"] = text(f.file);
  out["line"] = f.line;
  out["column"] = f.column;
  out["pointer"] = text(f.pointer);
  out["evidence"] = evidence;
  return out;
}

py::dict to_dict(const ecsguard::InputSummary& s) {
  py::dict out;
  out["file"] = text(s.file);
  out["format"] = text(s.format);
  out["resources"] = s.resources;
  out["nodes"] = s.nodes;
  out["diagnostics"] = to_list(s.diagnostics);
  return out;
}

using Params = std::map<std::string, std::map<std::string, std::string>>;
using LimitValues = std::map<std::string, uint64_t>;

ecsguard::Limits to_limits(const LimitValues& values) {
  ecsguard::Limits limits;
  for (const auto& [name, value] : values) {
    if (!ecsguard::set_limit(limits, name, value)) {
      throw py::value_error("unknown limit '" + name + "'");
    }
  }
  return limits;
}

// The review options of docs/ci.md, as the Python layer passes them.
struct Review {
  bool changes_only = false;
  std::string suppressions_file;
  bool ignore_suppressions = false;
  std::string baseline_file;
};

ecsguard::ScanResult scan(const ecsguard::PolicySet& policies,
                          const std::vector<ecsguard::Input>& inputs, const Params& params,
                          const std::vector<std::string>& disabled,
                          const std::map<std::string, std::string>& template_parameters,
                          bool include_passed, const LimitValues& limits, const Review& review,
                          unsigned threads) {
  ecsguard::ScanOptions options;
  options.params = params;
  options.disabled = disabled;
  options.template_parameters = template_parameters;
  options.include_passed = include_passed;
  options.limits = to_limits(limits);
  options.changes_only = review.changes_only;
  options.suppressions_file = review.suppressions_file;
  options.ignore_suppressions = review.ignore_suppressions;
  options.baseline_file = review.baseline_file;
  options.threads = threads;
  py::gil_scoped_release unlocked;
  return ecsguard::scan(policies, inputs, options);
}

}  // namespace

PYBIND11_MODULE(_ecsguard, m) {
  m.doc() = "Native part of the ecsguard package; use the ecsguard module instead.";
  m.attr("HEADER_VERSION") = ECSGUARD_VERSION_STRING;
  m.def("version", [] { return std::string(ecsguard::version()); },
        "The version of the ecsguard library actually loaded.");

  py::class_<ecsguard::Input>(m, "Input")
      .def_static("file", &ecsguard::Input::file, py::arg("path"))
      .def_static(
          "buffer",
          [](std::string name, py::bytes content, std::string format) {
            return ecsguard::Input::buffer(std::move(name), std::string(content),
                                           std::move(format));
          },
          py::arg("name"), py::arg("content"), py::arg("format") = std::string());

  py::class_<ecsguard::PolicySet>(m, "PolicySet")
      .def_static(
          "load",
          [](bool bundled, std::vector<std::string> directories, std::vector<std::string> texts,
             bool strict, const LimitValues& limits) {
            ecsguard::PolicyOptions options;
            options.limits = to_limits(limits);
            options.bundled = bundled;
            options.directories = std::move(directories);
            options.texts = std::move(texts);
            options.strict = strict;
            std::vector<ecsguard::Diagnostic> diagnostics;
            ecsguard::PolicySet set;
            {
              py::gil_scoped_release unlocked;
              set = ecsguard::PolicySet::load(options, &diagnostics);
            }
            return py::make_tuple(std::move(set), to_list(diagnostics));
          },
          py::arg("bundled"), py::arg("directories"), py::arg("texts"), py::arg("strict"),
          py::arg("limits") = LimitValues{}, "Returns (policy set, list of diagnostic dicts).")
      .def("size", &ecsguard::PolicySet::size)
      .def("ids", &ecsguard::PolicySet::ids);

  py::class_<ecsguard::ScanResult>(m, "ScanResult")
      .def("inputs",
           [](const ecsguard::ScanResult& r) {
             py::list out;
             for (const auto& s : r.inputs) out.append(to_dict(s));
             return out;
           })
      .def("findings",
           [](const ecsguard::ScanResult& r) {
             py::list out;
             for (const auto& f : r.findings) out.append(to_dict(f));
             return out;
           })
      .def("diagnostics", [](const ecsguard::ScanResult& r) { return to_list(r.diagnostics); })
      .def("has_errors", &ecsguard::ScanResult::has_errors)
      .def(
          "report",
          [](const ecsguard::ScanResult& r, const std::string& format, bool include_passed,
             bool color, const std::string& source_root) -> py::object {
            ecsguard::ReportOptions options;
            options.include_passed = include_passed;
            options.color = color;
            options.source_root = source_root;
            std::ostringstream out;
            bool known = false;
            {
              py::gil_scoped_release unlocked;
              known = ecsguard::write_report(out, r, format, options);
            }
            if (!known) return py::none();
            return text(out.str());
          },
          py::arg("format"), py::arg("include_passed"), py::arg("color"), py::arg("source_root"),
          "The report as text, or None for an unknown format.");

  py::class_<Review>(m, "Review")
      .def(py::init<>())
      .def_readwrite("changes_only", &Review::changes_only)
      .def_readwrite("suppressions_file", &Review::suppressions_file)
      .def_readwrite("ignore_suppressions", &Review::ignore_suppressions)
      .def_readwrite("baseline_file", &Review::baseline_file);

  m.def("scan", &scan, py::arg("policies"), py::arg("inputs"), py::arg("params"),
        py::arg("disabled"), py::arg("template_parameters"), py::arg("include_passed"),
        py::arg("limits") = LimitValues{}, py::arg("review") = Review{}, py::arg("threads") = 1u);

  m.def(
      "graph_json",
      [](const ecsguard::Input& input) {
        std::vector<ecsguard::Diagnostic> diagnostics;
        std::string json;
        {
          py::gil_scoped_release unlocked;
          json = ecsguard::graph_json(input, &diagnostics);
        }
        return py::make_tuple(text(json), to_list(diagnostics));
      },
      py::arg("input"), "Returns (graph JSON or '', list of diagnostic dicts).");
}
