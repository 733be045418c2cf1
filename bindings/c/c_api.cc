// The C API (include/ecsguard/ecsguard.h): handles over the C++ API, status codes, and no
// exception ever crossing the boundary.
#include "ecsguard/ecsguard.h"

#include <cstdlib>
#include <cstring>
#include <new>
#include <sstream>
#include <string>

#include "ecsguard/scanner.h"

struct ecsguard_policy_set {
  ecsguard::v1::PolicySet set;
};

struct ecsguard_scan_options {
  ecsguard::v1::ScanOptions options;
};

struct ecsguard_scan_result {
  ecsguard::v1::ScanResult result;
  std::vector<ecsguard::v1::Diagnostic> diagnostics;  // of the scan and every input
  std::string report;
};

namespace {

char* copy(const std::string& s) {
  char* out = static_cast<char*>(std::malloc(s.size() + 1));
  if (out != nullptr) std::memcpy(out, s.c_str(), s.size() + 1);
  return out;
}

ecsguard_status fail(ecsguard_error** error, ecsguard_status status, const std::string& message,
                     const ecsguard::v1::Diagnostic* d = nullptr) {
  if (error != nullptr) {
    auto* e = static_cast<ecsguard_error*>(std::calloc(1, sizeof(ecsguard_error)));
    if (e != nullptr) {
      e->status = status;
      e->code = copy(d ? d->code : "");
      e->message = copy(message);
      e->file = copy(d ? d->file : "");
      e->line = d ? d->line : 0;
      e->column = d ? d->column : 0;
    }
    *error = e;
  }
  return status;
}

// Runs `body`, turning any exception into ECSGUARD_INTERNAL.
template <typename F>
ecsguard_status guard(ecsguard_error** error, F&& body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return fail(error, ECSGUARD_INTERNAL, "out of memory");
  } catch (const std::exception& ex) {
    return fail(error, ECSGUARD_INTERNAL, std::string("internal error: ") + ex.what());
  } catch (...) {
    return fail(error, ECSGUARD_INTERNAL, "internal error");
  }
}

ecsguard_status finish_scan(ecsguard::v1::ScanResult result, ecsguard_scan_result** out,
                            ecsguard_error** error) {
  auto* handle = new ecsguard_scan_result{std::move(result), {}, {}};
  handle->diagnostics = handle->result.diagnostics;
  for (const auto& in : handle->result.inputs) {
    handle->diagnostics.insert(handle->diagnostics.end(), in.diagnostics.begin(),
                               in.diagnostics.end());
  }
  *out = handle;
  for (const auto& d : handle->diagnostics) {
    if (d.severity == "error") {
      return fail(error, ECSGUARD_INPUT_ERROR, d.file + ": " + d.message + " [" + d.code + "]", &d);
    }
  }
  return ECSGUARD_OK;
}

}  // namespace

extern "C" {

const char* ecsguard_version(void) { return ecsguard::v1::version(); }

void ecsguard_error_free(ecsguard_error* error) {
  if (error == nullptr) return;
  std::free(error->code);
  std::free(error->message);
  std::free(error->file);
  std::free(error);
}

ecsguard_status ecsguard_policy_set_load_bundled(ecsguard_policy_set** out,
                                                 ecsguard_error** error) {
  return ecsguard_policy_set_load(1, nullptr, 0, nullptr, 0, 0, out, error);
}

ecsguard_status ecsguard_policy_set_load(int bundled, const char* const* directories,
                                         size_t directory_count, const char* const* texts,
                                         size_t text_count, int strict, ecsguard_policy_set** out,
                                         ecsguard_error** error) {
  if (out == nullptr || (directory_count > 0 && directories == nullptr) ||
      (text_count > 0 && texts == nullptr)) {
    return fail(error, ECSGUARD_INVALID_ARGUMENT, "null argument");
  }
  *out = nullptr;
  return guard(error, [&] {
    ecsguard::v1::PolicyOptions options;
    options.bundled = bundled != 0;
    options.strict = strict != 0;
    for (size_t i = 0; i < directory_count; ++i) {
      if (directories[i] == nullptr) return fail(error, ECSGUARD_INVALID_ARGUMENT, "null directory");
      options.directories.emplace_back(directories[i]);
    }
    for (size_t i = 0; i < text_count; ++i) {
      if (texts[i] == nullptr) return fail(error, ECSGUARD_INVALID_ARGUMENT, "null policy text");
      options.texts.emplace_back(texts[i]);
    }
    std::vector<ecsguard::v1::Diagnostic> diags;
    ecsguard::v1::PolicySet set = ecsguard::v1::PolicySet::load(options, &diags);
    for (const auto& d : diags) {
      if (d.severity == "error" && strict) {
        return fail(error, ECSGUARD_INVALID_POLICY, d.message, &d);
      }
    }
    *out = new ecsguard_policy_set{std::move(set)};
    return ECSGUARD_OK;
  });
}

size_t ecsguard_policy_set_size(const ecsguard_policy_set* set) {
  return set == nullptr ? 0 : set->set.size();
}

void ecsguard_policy_set_free(ecsguard_policy_set* set) { delete set; }

ecsguard_scan_options* ecsguard_scan_options_new(void) {
  return new (std::nothrow) ecsguard_scan_options();
}

void ecsguard_scan_options_free(ecsguard_scan_options* options) { delete options; }

ecsguard_status ecsguard_scan_options_set_param(ecsguard_scan_options* options,
                                                const char* policy_id, const char* name,
                                                const char* yaml_value, ecsguard_error** error) {
  if (options == nullptr || policy_id == nullptr || name == nullptr || yaml_value == nullptr) {
    return fail(error, ECSGUARD_INVALID_ARGUMENT, "null argument");
  }
  return guard(error, [&] {
    options->options.params[policy_id][name] = yaml_value;
    return ECSGUARD_OK;
  });
}

ecsguard_status ecsguard_scan_options_disable(ecsguard_scan_options* options,
                                              const char* policy_id, ecsguard_error** error) {
  if (options == nullptr || policy_id == nullptr) {
    return fail(error, ECSGUARD_INVALID_ARGUMENT, "null argument");
  }
  return guard(error, [&] {
    options->options.disabled.emplace_back(policy_id);
    return ECSGUARD_OK;
  });
}

ecsguard_status ecsguard_scan_options_set_template_parameter(ecsguard_scan_options* options,
                                                            const char* name, const char* value,
                                                            ecsguard_error** error) {
  if (options == nullptr || name == nullptr || value == nullptr) {
    return fail(error, ECSGUARD_INVALID_ARGUMENT, "null argument");
  }
  return guard(error, [&] {
    options->options.template_parameters[name] = value;
    return ECSGUARD_OK;
  });
}

ecsguard_status ecsguard_scan_options_set_limit(ecsguard_scan_options* options, const char* name,
                                                uint64_t value, ecsguard_error** error) {
  if (options == nullptr || name == nullptr) {
    return fail(error, ECSGUARD_INVALID_ARGUMENT, "null argument");
  }
  return guard(error, [&] {
    if (!ecsguard::v1::set_limit(options->options.limits, name, value)) {
      return fail(error, ECSGUARD_INVALID_ARGUMENT,
                  std::string("unknown limit '") + name + "' (docs/security.md lists them)");
    }
    return ECSGUARD_OK;
  });
}

void ecsguard_scan_options_set_changes_only(ecsguard_scan_options* options, int on) {
  if (options != nullptr) options->options.changes_only = on != 0;
}

void ecsguard_scan_options_set_threads(ecsguard_scan_options* options, unsigned threads) {
  if (options != nullptr) options->options.threads = threads;
}

void ecsguard_scan_options_set_ignore_suppressions(ecsguard_scan_options* options, int on) {
  if (options != nullptr) options->options.ignore_suppressions = on != 0;
}

ecsguard_status ecsguard_scan_options_set_suppressions_file(ecsguard_scan_options* options,
                                                            const char* path,
                                                            ecsguard_error** error) {
  if (options == nullptr || path == nullptr) {
    return fail(error, ECSGUARD_INVALID_ARGUMENT, "null argument");
  }
  return guard(error, [&] {
    options->options.suppressions_file = path;
    return ECSGUARD_OK;
  });
}

ecsguard_status ecsguard_scan_options_set_baseline_file(ecsguard_scan_options* options,
                                                        const char* path, ecsguard_error** error) {
  if (options == nullptr || path == nullptr) {
    return fail(error, ECSGUARD_INVALID_ARGUMENT, "null argument");
  }
  return guard(error, [&] {
    options->options.baseline_file = path;
    return ECSGUARD_OK;
  });
}

ecsguard_status ecsguard_scan_paths(const ecsguard_policy_set* policies, const char* const* paths,
                                    size_t path_count, const ecsguard_scan_options* options,
                                    ecsguard_scan_result** out, ecsguard_error** error) {
  if (policies == nullptr || out == nullptr || (path_count > 0 && paths == nullptr)) {
    return fail(error, ECSGUARD_INVALID_ARGUMENT, "null argument");
  }
  *out = nullptr;
  return guard(error, [&] {
    std::vector<ecsguard::v1::Input> inputs;
    for (size_t i = 0; i < path_count; ++i) {
      if (paths[i] == nullptr) return fail(error, ECSGUARD_INVALID_ARGUMENT, "null path");
      inputs.push_back(ecsguard::v1::Input::file(paths[i]));
    }
    ecsguard::v1::ScanOptions defaults;
    return finish_scan(
        ecsguard::v1::scan(policies->set, inputs, options ? options->options : defaults), out,
        error);
  });
}

ecsguard_status ecsguard_scan_buffer(const ecsguard_policy_set* policies, const char* name,
                                     const char* data, size_t size, const char* format_hint,
                                     const ecsguard_scan_options* options,
                                     ecsguard_scan_result** out, ecsguard_error** error) {
  if (policies == nullptr || out == nullptr || (size > 0 && data == nullptr)) {
    return fail(error, ECSGUARD_INVALID_ARGUMENT, "null argument");
  }
  *out = nullptr;
  return guard(error, [&] {
    ecsguard::v1::ScanOptions defaults;
    auto input = ecsguard::v1::Input::buffer(name ? name : "<buffer>",
                                             std::string(data ? data : "", size),
                                             format_hint ? format_hint : "");
    return finish_scan(
        ecsguard::v1::scan(policies->set, {input}, options ? options->options : defaults), out,
        error);
  });
}

void ecsguard_scan_result_free(ecsguard_scan_result* result) { delete result; }

size_t ecsguard_result_finding_count(const ecsguard_scan_result* result) {
  return result == nullptr ? 0 : result->result.findings.size();
}

ecsguard_status ecsguard_result_finding(const ecsguard_scan_result* result, size_t index,
                                        ecsguard_finding* out) {
  if (result == nullptr || out == nullptr || index >= result->result.findings.size()) {
    return ECSGUARD_INVALID_ARGUMENT;
  }
  const auto& f = result->result.findings[index];
  out->policy_id = f.policy_id.c_str();
  out->title = f.title.c_str();
  out->severity = ecsguard::v1::to_string(f.severity);
  out->status = ecsguard::v1::to_string(f.status);
  out->address = f.address.c_str();
  out->kind = f.kind.c_str();
  out->source_type = f.source_type.c_str();
  out->element = f.element.c_str();
  out->message = f.message.c_str();
  out->reason = f.reason.c_str();
  out->file = f.file.c_str();
  out->line = f.line;
  out->column = f.column;
  return ECSGUARD_OK;
}

size_t ecsguard_result_diagnostic_count(const ecsguard_scan_result* result) {
  return result == nullptr ? 0 : result->diagnostics.size();
}

ecsguard_status ecsguard_result_diagnostic(const ecsguard_scan_result* result, size_t index,
                                           ecsguard_error** out) {
  if (result == nullptr || out == nullptr || index >= result->diagnostics.size()) {
    return ECSGUARD_INVALID_ARGUMENT;
  }
  const auto& d = result->diagnostics[index];
  fail(out, d.severity == "error" ? ECSGUARD_INPUT_ERROR : ECSGUARD_OK, d.message, &d);
  return *out == nullptr ? ECSGUARD_INTERNAL : ECSGUARD_OK;
}

size_t ecsguard_result_count(const ecsguard_scan_result* result, const char* status) {
  if (result == nullptr || status == nullptr) return 0;
  size_t n = 0;
  for (const auto& f : result->result.findings) {
    if (std::strcmp(ecsguard::v1::to_string(f.status), status) == 0) ++n;
  }
  return n;
}

ecsguard_status ecsguard_result_report(ecsguard_scan_result* result, const char* format,
                                       const char** out, ecsguard_error** error) {
  if (result == nullptr || format == nullptr || out == nullptr) {
    return fail(error, ECSGUARD_INVALID_ARGUMENT, "null argument");
  }
  return guard(error, [&] {
    std::ostringstream s;
    ecsguard::v1::ReportOptions options;  // as the command line: failing and unknown results
    if (!ecsguard::v1::write_report(s, result->result, format, options)) {
      return fail(error, ECSGUARD_UNKNOWN_FORMAT, std::string("unknown report format '") +
                                                      format + "'");
    }
    result->report = s.str();
    *out = result->report.c_str();
    return ECSGUARD_OK;
  });
}

}  // extern "C"
