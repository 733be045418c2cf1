// Scan a Terraform plan with the bundled policies and print the failing findings.
// Build: c++ -std=c++17 scan_plan.cc $(pkg-config --cflags --libs ecsguard)
#include <ecsguard/scanner.h>

#include <iostream>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: scan_plan PLAN.json\n";
    return 2;
  }
  std::vector<ecsguard::Diagnostic> problems;
  ecsguard::PolicySet policies = ecsguard::PolicySet::load({}, &problems);
  for (const auto& p : problems) std::cerr << p.file << ": " << p.message << "\n";

  ecsguard::ScanResult result = ecsguard::scan(policies, {ecsguard::Input::file(argv[1])});
  for (const auto& input : result.inputs) {
    for (const auto& d : input.diagnostics) {
      std::cerr << d.file << ":" << d.line << ":" << d.column << ": " << d.message << " ["
                << d.code << "]\n";
    }
  }
  for (const ecsguard::Finding& f : result.findings) {
    if (f.status != ecsguard::Status::kFail) continue;
    std::cout << ecsguard::to_string(f.severity) << " " << f.policy_id << " " << f.address
              << (f.element.empty() ? "" : " " + f.element) << ": " << f.message << "\n";
  }
  std::cout << result.count(ecsguard::Status::kFail) << " failing of " << policies.size()
            << " policies\n";
  if (result.has_errors()) return 2;
  return result.count(ecsguard::Status::kFail) > 0 ? 1 : 0;
}
