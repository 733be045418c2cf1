// A program outside the project that uses the installed ecsguard package.
#include <ecsguard/ecsguard.h>
#include <ecsguard/scanner.h>

#include <cstring>
#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  if (std::strcmp(ecsguard_version(), ECSGUARD_VERSION_STRING) != 0) return 3;
  std::vector<ecsguard::Diagnostic> problems;
  ecsguard::PolicySet policies = ecsguard::PolicySet::load({}, &problems);
  if (!problems.empty() || policies.size() == 0) {
    for (const auto& p : problems) std::cerr << p.message << "\n";
    return 4;
  }
  ecsguard::ScanResult r = ecsguard::scan(policies, {ecsguard::Input::file(argv[1])});
  std::cout << "consumer: " << policies.size() << " policies, "
            << r.count(ecsguard::Status::kFail) << " failing\n";
  return r.count(ecsguard::Status::kFail) > 0 && !r.has_errors() ? 0 : 5;
}
