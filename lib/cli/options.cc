#include "cli/options.h"

namespace ecsguard::cli {

bool Args::next() {
  if (i_ >= args_.size()) return false;
  arg_ = args_[i_++];
  has_inline_ = false;
  auto eq = arg_.find('=');
  if (arg_.rfind("--", 0) == 0 && eq != std::string::npos) {
    inline_value_ = arg_.substr(eq + 1);
    arg_ = arg_.substr(0, eq);
    has_inline_ = true;
  }
  return true;
}

bool Args::is(const char* name) const { return arg_ == name; }

bool Args::value(std::string& out, std::string& error) {
  if (has_inline_) {
    out = inline_value_;
    return true;
  }
  if (i_ >= args_.size()) {
    error = arg_ + " needs a value";
    return false;
  }
  out = args_[i_++];
  return true;
}

}  // namespace ecsguard::cli
