// One function per subcommand.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace ecsguard::cli {

int schema_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int scan_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int test_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int policies_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int explain_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int policy_docs_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int graph_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace ecsguard::cli
