/* ecsguard C API: a stable ABI over the C++ library (include/ecsguard/scanner.h).
 *
 * Every function returns an ecsguard_status; on failure, a non-null `error` out-parameter
 * receives an ecsguard_error the caller frees with ecsguard_error_free. No exception ever
 * crosses this boundary. Objects are opaque handles, created by *_new / *_load / ecsguard_scan
 * and released by the matching *_free. Strings returned by accessors belong to their handle and
 * stay valid until it is freed. A policy set may be shared by threads; other handles must not be
 * used by two threads at once.
 *
 *   ecsguard_policy_set* policies = NULL;
 *   ecsguard_error* error = NULL;
 *   if (ecsguard_policy_set_load_bundled(&policies, &error) != ECSGUARD_OK) { ... }
 *   ecsguard_scan_result* result = NULL;
 *   const char* paths[] = {"plan.json"};
 *   ecsguard_scan_paths(policies, paths, 1, NULL, &result, &error);
 *   for (size_t i = 0; i < ecsguard_result_finding_count(result); ++i) {
 *     ecsguard_finding f;
 *     ecsguard_result_finding(result, i, &f);
 *     printf("%s %s %s\n", f.status, f.policy_id, f.address);
 *   }
 *   ecsguard_scan_result_free(result);
 *   ecsguard_policy_set_free(policies);
 */
#ifndef ECSGUARD_C_API_H_
#define ECSGUARD_C_API_H_

#include <stddef.h>
#include <stdint.h>

#include "ecsguard/export.h"
#include "ecsguard/version.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ecsguard_status {
  ECSGUARD_OK = 0,
  ECSGUARD_INVALID_ARGUMENT = 1, /* a null handle or pointer, an index out of range */
  ECSGUARD_INVALID_POLICY = 2,   /* a policy did not load (strict loading) */
  ECSGUARD_INPUT_ERROR = 3,      /* an input could not be read; the result is still returned */
  ECSGUARD_UNKNOWN_FORMAT = 4,   /* an unknown report format */
  ECSGUARD_INTERNAL = 5          /* out of memory or a bug; the message says which */
} ecsguard_status;

typedef struct ecsguard_error {
  ecsguard_status status;
  char* code;    /* stable diagnostic code, e.g. "policy.unknown_attribute" (may be "") */
  char* message;
  char* file;    /* where, when known (may be "") */
  uint32_t line;
  uint32_t column;
} ecsguard_error;

typedef struct ecsguard_policy_set ecsguard_policy_set;
typedef struct ecsguard_scan_result ecsguard_scan_result;
typedef struct ecsguard_scan_options ecsguard_scan_options;

/* One finding. Strings point into the result and live as long as it. */
typedef struct ecsguard_finding {
  const char* policy_id;
  const char* title;
  const char* severity; /* "critical", "high", "medium", "low", "info" */
  const char* status;   /* "pass", "fail", "unknown", "skip", "suppressed" */
  const char* address;
  const char* kind;
  const char* source_type;
  const char* element; /* "" when the finding is about the whole resource */
  const char* message;
  const char* reason;  /* why an unknown result is undecided; "" otherwise */
  const char* file;
  uint32_t line;
  uint32_t column;
} ecsguard_finding;

ECSGUARD_API const char* ecsguard_version(void);
ECSGUARD_API void ecsguard_error_free(ecsguard_error* error);

/* Policies: the bundled pack, plus directories and YAML texts. `strict` makes any invalid
 * policy fail the load with ECSGUARD_INVALID_POLICY; otherwise invalid ones are skipped and the
 * first problem is reported through `warning` (may be NULL) without failing. */
ECSGUARD_API ecsguard_status ecsguard_policy_set_load_bundled(ecsguard_policy_set** out,
                                                             ecsguard_error** error);
ECSGUARD_API ecsguard_status ecsguard_policy_set_load(int bundled, const char* const* directories,
                                                     size_t directory_count,
                                                     const char* const* texts, size_t text_count,
                                                     int strict, ecsguard_policy_set** out,
                                                     ecsguard_error** error);
ECSGUARD_API size_t ecsguard_policy_set_size(const ecsguard_policy_set* set);
ECSGUARD_API void ecsguard_policy_set_free(ecsguard_policy_set* set);

/* Options (all optional: pass NULL for the defaults). */
ECSGUARD_API ecsguard_scan_options* ecsguard_scan_options_new(void);
ECSGUARD_API void ecsguard_scan_options_free(ecsguard_scan_options* options);
ECSGUARD_API ecsguard_status ecsguard_scan_options_set_param(ecsguard_scan_options* options,
                                                            const char* policy_id,
                                                            const char* name,
                                                            const char* yaml_value,
                                                            ecsguard_error** error);
ECSGUARD_API ecsguard_status ecsguard_scan_options_disable(ecsguard_scan_options* options,
                                                          const char* policy_id,
                                                          ecsguard_error** error);
ECSGUARD_API ecsguard_status ecsguard_scan_options_set_template_parameter(
    ecsguard_scan_options* options, const char* name, const char* value, ecsguard_error** error);
/* A limit by name ("depth", "time_ms", ...; docs/security.md). An unknown name gives
 * ECSGUARD_INVALID_ARGUMENT. Exceeding a limit makes that input's result an error diagnostic
 * with code "limit.NAME". */
ECSGUARD_API ecsguard_status ecsguard_scan_options_set_limit(ecsguard_scan_options* options,
                                                            const char* name, uint64_t value,
                                                            ecsguard_error** error);
/* Review options (docs/ci.md): plans' created/updated/replaced resources only; a suppressions
 * file; audit mode (suppressions in templates and the file ignored); a baseline whose findings
 * are dropped. Paths are read when scanning; a file that cannot be read is an error diagnostic. */
ECSGUARD_API void ecsguard_scan_options_set_changes_only(ecsguard_scan_options* options, int on);
ECSGUARD_API void ecsguard_scan_options_set_ignore_suppressions(ecsguard_scan_options* options,
                                                                int on);
ECSGUARD_API ecsguard_status ecsguard_scan_options_set_suppressions_file(
    ecsguard_scan_options* options, const char* path, ecsguard_error** error);
ECSGUARD_API ecsguard_status ecsguard_scan_options_set_baseline_file(
    ecsguard_scan_options* options, const char* path, ecsguard_error** error);
/* Threads a scan may use (default 1; 0: one per hardware thread): inputs are read and evaluated
 * in parallel, and a single input's evaluation is split between threads. The result is the same
 * whatever the number. */
ECSGUARD_API void ecsguard_scan_options_set_threads(ecsguard_scan_options* options,
                                                   unsigned threads);

/* Scanning. Input problems do not fail the call: they are in the result's diagnostics (and the
 * call returns ECSGUARD_INPUT_ERROR with the result still set, so callers can report both). */
ECSGUARD_API ecsguard_status ecsguard_scan_paths(const ecsguard_policy_set* policies,
                                                const char* const* paths, size_t path_count,
                                                const ecsguard_scan_options* options,
                                                ecsguard_scan_result** out,
                                                ecsguard_error** error);
ECSGUARD_API ecsguard_status ecsguard_scan_buffer(const ecsguard_policy_set* policies,
                                                 const char* name, const char* data, size_t size,
                                                 const char* format_hint,
                                                 const ecsguard_scan_options* options,
                                                 ecsguard_scan_result** out,
                                                 ecsguard_error** error);
ECSGUARD_API void ecsguard_scan_result_free(ecsguard_scan_result* result);

/* Results as structs ... */
ECSGUARD_API size_t ecsguard_result_finding_count(const ecsguard_scan_result* result);
ECSGUARD_API ecsguard_status ecsguard_result_finding(const ecsguard_scan_result* result,
                                                    size_t index, ecsguard_finding* out);
ECSGUARD_API size_t ecsguard_result_diagnostic_count(const ecsguard_scan_result* result);
/* The i-th diagnostic (of every input and of the scan) as an error value; free it. */
ECSGUARD_API ecsguard_status ecsguard_result_diagnostic(const ecsguard_scan_result* result,
                                                       size_t index, ecsguard_error** out);
ECSGUARD_API size_t ecsguard_result_count(const ecsguard_scan_result* result,
                                         const char* status);

/* ... and as any report format ("json", "text", "sarif", ...). The string is owned by the
 * result and valid until the next call for the same result or until it is freed. */
ECSGUARD_API ecsguard_status ecsguard_result_report(ecsguard_scan_result* result,
                                                   const char* format, const char** out,
                                                   ecsguard_error** error);

#ifdef __cplusplus
}
#endif

#endif /* ECSGUARD_C_API_H_ */
