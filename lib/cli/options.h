// Small helpers shared by the commands' option parsing.
#pragma once

#include <string>
#include <vector>

namespace ecsguard::cli {

// Iterates over arguments, splitting "--name=value" and taking "--name value".
class Args {
 public:
  explicit Args(const std::vector<std::string>& args) : args_(args) {}
  bool next();                       // advances; false at the end
  const std::string& arg() const { return arg_; }
  bool is(const char* name) const;   // the current argument is option `name`
  // The option's value; false (with `error` set) when it has none.
  bool value(std::string& out, std::string& error);
  bool positional() const { return arg_.empty() || arg_[0] != '-' || arg_ == "-"; }

 private:
  const std::vector<std::string>& args_;
  std::size_t i_ = 0;
  std::string arg_;
  std::string inline_value_;
  bool has_inline_ = false;
};

}  // namespace ecsguard::cli
