// `ecsguard graph PATH... [--format text|json|dot|mermaid] [--no-locations]
//                 [--param Name=Value]... [--param-file FILE]...`
#include <ostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "graph/dump.h"
#include "inputs/inputs.h"

namespace ecsguard::cli {

int graph_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string format = "text";
  DumpOptions dump;
  std::vector<std::string> paths;
  InputOptions inputs;
  std::string error;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--param" || a == "--param-file") {
      if (i + 1 >= args.size()) {
        err << "ecsguard graph: " << a << " needs a value: "
            << (a == "--param" ? "Name=Value" : "a JSON parameter file") << '\n';
        return kExitError;
      }
      bool ok = a == "--param" ? add_parameter(inputs, args[++i], error)
                               : load_parameter_file(inputs, args[++i], error);
      if (!ok) {
        err << "ecsguard graph: " << error << '\n';
        return kExitError;
      }
    } else if (a.rfind("--param=", 0) == 0 || a.rfind("--param-file=", 0) == 0) {
      bool file = a[7] == '-';
      std::string value = a.substr(file ? 13 : 8);
      bool ok = file ? load_parameter_file(inputs, value, error)
                     : add_parameter(inputs, value, error);
      if (!ok) {
        err << "ecsguard graph: " << error << '\n';
        return kExitError;
      }
    } else if (a == "--format" || a == "-f") {
      if (i + 1 >= args.size()) {
        err << "ecsguard graph: --format needs a value: text, json, dot or mermaid\n";
        return kExitError;
      }
      format = args[++i];
    } else if (a.rfind("--format=", 0) == 0) {
      format = a.substr(9);
    } else if (a == "--no-locations") {
      dump.locations = false;
    } else if (!a.empty() && a[0] == '-') {
      err << "ecsguard graph: unknown option '" << a << "'\n";
      return kExitError;
    } else {
      paths.push_back(a);
    }
  }
  if (format != "text" && format != "json" && format != "dot" && format != "mermaid") {
    err << "ecsguard graph: unknown format '" << format
        << "': expected text, json, dot or mermaid\n";
    return kExitError;
  }
  if (paths.empty()) {
    err << "ecsguard graph: no input: give one or more plan, state or template files or "
           "directories\n";
    return kExitError;
  }

  Diagnostics walk_diags;
  std::vector<InputFile> files = expand_paths(paths, walk_diags);
  std::vector<Graph> graphs;
  graphs.reserve(files.size());
  for (const auto& f : files) {
    Graph g;
    if (read_input(f, inputs, g)) graphs.push_back(std::move(g));
  }
  bool failed = has_errors(walk_diags);
  for (const auto& d : walk_diags) err << d.to_string() << '\n';
  for (const auto& g : graphs) {
    for (const auto& d : g.info().diagnostics) err << d.to_string() << '\n';
    failed = failed || has_errors(g.info().diagnostics);
  }
  std::vector<const Graph*> view;
  for (const auto& g : graphs) view.push_back(&g);
  if (format == "text") {
    write_graph_text(out, view, dump);
  } else if (format == "json") {
    write_graph_json(out, view);
  } else if (format == "dot") {
    write_graph_dot(out, view);
  } else {
    write_graph_mermaid(out, view);
  }
  return failed ? kExitError : kExitOk;
}

}  // namespace ecsguard::cli
