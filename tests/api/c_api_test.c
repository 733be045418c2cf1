/* The C API, compiled as C: status codes, error values, handles, no crash on misuse. */
#include <ecsguard/ecsguard.h>
#include <stdio.h>
#include <string.h>

static int failures = 0;
#define EXPECT(cond)                                                  \
  do {                                                                \
    if (!(cond)) {                                                    \
      fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                     \
    }                                                                 \
  } while (0)

int main(void) {
  ecsguard_error* error = NULL;
  ecsguard_policy_set* policies = NULL;

  EXPECT(strcmp(ecsguard_version(), ECSGUARD_VERSION_STRING) == 0);
  EXPECT(ecsguard_policy_set_load_bundled(NULL, &error) == ECSGUARD_INVALID_ARGUMENT);
  EXPECT(error != NULL && error->status == ECSGUARD_INVALID_ARGUMENT);
  ecsguard_error_free(error);
  error = NULL;

  EXPECT(ecsguard_policy_set_load_bundled(&policies, &error) == ECSGUARD_OK);
  EXPECT(error == NULL);
  EXPECT(ecsguard_policy_set_size(policies) >= 30);

  /* A strict load of an invalid policy fails with its code and position. */
  const char* bad[] = {"id: p\ntitle: T\nseverity: high\nkind: container\n"
                       "check: {attribute: privilegd, equals: false}\nmessage: m\n"};
  ecsguard_policy_set* none = NULL;
  EXPECT(ecsguard_policy_set_load(0, NULL, 0, bad, 1, 1, &none, &error) ==
         ECSGUARD_INVALID_POLICY);
  EXPECT(none == NULL);
  EXPECT(error != NULL && strcmp(error->code, "policy.unknown_attribute") == 0);
  EXPECT(error != NULL && error->line == 5 && error->column == 20);
  ecsguard_error_free(error);
  error = NULL;

  /* Files: findings as structs and as a report. */
  const char* paths[] = {"testdata/examples/fargate-service/plan.json"};
  ecsguard_scan_options* options = ecsguard_scan_options_new();
  EXPECT(ecsguard_scan_options_disable(options, "ecs-container-env-secrets", &error) ==
         ECSGUARD_OK);
  ecsguard_scan_result* result = NULL;
  EXPECT(ecsguard_scan_paths(policies, paths, 1, options, &result, &error) == ECSGUARD_OK);
  EXPECT(result != NULL);
  size_t privileged = 0;
  for (size_t i = 0; i < ecsguard_result_finding_count(result); ++i) {
    ecsguard_finding f;
    EXPECT(ecsguard_result_finding(result, i, &f) == ECSGUARD_OK);
    EXPECT(strcmp(f.policy_id, "ecs-container-env-secrets") != 0);
    if (strcmp(f.policy_id, "ecs-container-privileged") == 0 && strcmp(f.status, "fail") == 0) {
      ++privileged;
      EXPECT(strcmp(f.kind, "task_definition") == 0);
      EXPECT(strncmp(f.element, "containers[", 11) == 0);
      EXPECT(f.line > 0);
    }
  }
  EXPECT(privileged == 1);
  EXPECT(ecsguard_result_count(result, "fail") > 0);
  ecsguard_finding out_of_range;
  EXPECT(ecsguard_result_finding(result, 100000, &out_of_range) == ECSGUARD_INVALID_ARGUMENT);
  const char* json = NULL;
  EXPECT(ecsguard_result_report(result, "json", &json, &error) == ECSGUARD_OK);
  EXPECT(json != NULL && strncmp(json, "{\"schema_version\":1", 19) == 0);
  EXPECT(ecsguard_result_report(result, "yaml", &json, &error) == ECSGUARD_UNKNOWN_FORMAT);
  ecsguard_error_free(error);
  error = NULL;
  ecsguard_scan_result_free(result);
  ecsguard_scan_options_free(options);

  /* A bad document: the call says so, and the result still carries the diagnostic. */
  const char* broken = "{\"format_version\": \"1.2\", \"resource_changes\": [";
  EXPECT(ecsguard_scan_buffer(policies, "broken.json", broken, strlen(broken), NULL, NULL, &result,
                              &error) == ECSGUARD_INPUT_ERROR);
  EXPECT(error != NULL && strcmp(error->code, "tf.plan.bad_json") == 0);
  EXPECT(error != NULL && strcmp(error->file, "broken.json") == 0 && error->line == 1);
  ecsguard_error_free(error);
  error = NULL;
  EXPECT(result != NULL && ecsguard_result_diagnostic_count(result) == 1);
  ecsguard_error* d = NULL;
  EXPECT(ecsguard_result_diagnostic(result, 0, &d) == ECSGUARD_OK);
  EXPECT(d != NULL && strcmp(d->code, "tf.plan.bad_json") == 0);
  ecsguard_error_free(d);
  ecsguard_scan_result_free(result);

  /* Limits and review options. */
  ecsguard_scan_options* tight = ecsguard_scan_options_new();
  EXPECT(ecsguard_scan_options_set_limit(tight, "depth", 3, &error) == ECSGUARD_OK);
  EXPECT(ecsguard_scan_options_set_limit(tight, "dpeth", 3, &error) == ECSGUARD_INVALID_ARGUMENT);
  EXPECT(error != NULL && strstr(error->message, "dpeth") != NULL);
  ecsguard_error_free(error);
  error = NULL;
  ecsguard_scan_options_set_changes_only(tight, 1);
  ecsguard_scan_options_set_threads(tight, 2);
  ecsguard_scan_options_set_ignore_suppressions(tight, 1);
  EXPECT(ecsguard_scan_options_set_baseline_file(tight, NULL, &error) ==
         ECSGUARD_INVALID_ARGUMENT);
  ecsguard_error_free(error);
  error = NULL;
  const char* deep = "[[[[[1]]]]]";
  EXPECT(ecsguard_scan_buffer(policies, "deep.json", deep, strlen(deep), NULL, tight, &result,
                              &error) == ECSGUARD_INPUT_ERROR);
  EXPECT(error != NULL && strcmp(error->code, "limit.depth") == 0);
  ecsguard_error_free(error);
  error = NULL;
  ecsguard_scan_result_free(result);
  ecsguard_scan_options_free(tight);

  /* Misuse never crashes. */
  EXPECT(ecsguard_scan_paths(NULL, paths, 1, NULL, &result, NULL) == ECSGUARD_INVALID_ARGUMENT);
  EXPECT(ecsguard_result_finding_count(NULL) == 0);
  ecsguard_scan_result_free(NULL);
  ecsguard_error_free(NULL);

  ecsguard_policy_set_free(policies);
  if (failures == 0) printf("c api: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
