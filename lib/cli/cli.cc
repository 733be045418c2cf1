#include "cli/cli.h"

#include <ostream>

#include "cli/commands.h"
#include "version.h"

namespace ecsguard::cli {

namespace {

const char* kUsage =
    "usage: ecsguard <command> [options]\n"
    "\n"
    "commands:\n"
    "  scan PATH... [--policies DIR]... [--format FORMAT] [--output FORMAT=PATH]...\n"
    "       [--include-passed] [--policy-param ID.NAME=VALUE]... [--disable ID]...\n"
    "       [--severity-threshold LEVEL] [--fail-on-unknown] [--strict] [--no-bundled-policies]\n"
    "       [--source-root DIR] [--link-base URL] [--tf-source DIR] [--changes-only]\n"
    "       [--suppressions FILE] [--no-suppressions] [--baseline FILE] [--write-baseline FILE]\n"
    "       [--jobs N] [--param Name=Value]... [--param-file FILE]... [--limit NAME=VALUE]...\n"
    "                 FORMAT: text, json, sarif, junit, markdown, github or rdjsonl\n"
    "                 NAME: input_size, depth, nodes, string_length, alias_expansion,\n"
    "                 intrinsic_steps, intrinsic_depth, condition_depth, regex_program_size,\n"
    "                 regex_memory, policy_file_size, time_ms (docs/security.md)\n"
    "                 evaluate the policies against plans, states and templates\n"
    "  test [POLICY_DIR...] [--verbose]\n"
    "                 run the tests that policies carry (default: the bundled pack)\n"
    "  policies [--format text|json|markdown] [--policies DIR]...\n"
    "                 list the policies: id, kind, severity, controls\n"
    "  explain POLICY_ID\n"
    "                 what a policy checks, why, and how to fix it\n"
    "  graph PATH... [--format text|json|dot|mermaid] [--no-locations]\n"
    "       [--param Name=Value]... [--param-file FILE]...\n"
    "                 print the resource graph of plans, states and templates\n"
    "  schema         print the canonical attributes of every node kind (markdown)\n"
    "  policy-docs DIR  write the bundled pack's documentation pages to DIR\n"
    "  version        print the version\n"
    "  help           print this help\n"
    "\n"
    "Exit codes: 0 ok, 1 failing results, 2 usage error or unreadable input.\n";

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? err : out) << kUsage;
    return args.empty() ? kExitError : kExitOk;
  }
  const std::string& command = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  // `ecsguard scan --help` (any command): the usage, not "unknown option".
  for (const auto& a : rest) {
    if (a == "--help" || a == "-h") {
      out << kUsage;
      return kExitOk;
    }
  }
  if (command == "version" || command == "--version") {
    out << "ecsguard " << kVersion << '\n';
    return kExitOk;
  }
  if (command == "scan") return scan_command(rest, out, err);
  if (command == "test") return test_command(rest, out, err);
  if (command == "policies") return policies_command(rest, out, err);
  if (command == "explain") return explain_command(rest, out, err);
  if (command == "graph") return graph_command(rest, out, err);
  if (command == "schema") return schema_command(rest, out, err);
  if (command == "policy-docs") return policy_docs_command(rest, out, err);
  err << "ecsguard: unknown command '" << command << "'\n\n" << kUsage;
  return kExitError;
}

}  // namespace ecsguard::cli
