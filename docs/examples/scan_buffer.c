/* Scan a CloudFormation template held in memory through the C API and print the JSON report.
 * Build: cc scan_buffer.c $(pkg-config --cflags --libs ecsguard) */
#include <ecsguard/ecsguard.h>
#include <stdio.h>
#include <string.h>

static const char* kTemplate =
    "Resources:\n"
    "  Web:\n"
    "    Type: AWS::ECS::TaskDefinition\n"
    "    Properties:\n"
    "      Family: web\n"
    "      ContainerDefinitions:\n"
    "        - {Name: app, Image: nginx, Privileged: true}\n";

int main(void) {
  ecsguard_error* error = NULL;
  ecsguard_policy_set* policies = NULL;
  if (ecsguard_policy_set_load_bundled(&policies, &error) != ECSGUARD_OK) {
    fprintf(stderr, "loading policies: %s\n", error->message);
    ecsguard_error_free(error);
    return 2;
  }
  ecsguard_scan_result* result = NULL;
  ecsguard_status status = ecsguard_scan_buffer(policies, "web.yaml", kTemplate,
                                                strlen(kTemplate), "cloudformation", NULL,
                                                &result, &error);
  if (status != ECSGUARD_OK) {
    fprintf(stderr, "%s:%u:%u: %s [%s]\n", error->file, error->line, error->column,
            error->message, error->code);
    ecsguard_error_free(error);
    error = NULL;
  }
  int failing = 0;
  if (result != NULL) {
    for (size_t i = 0; i < ecsguard_result_finding_count(result); ++i) {
      ecsguard_finding f;
      ecsguard_result_finding(result, i, &f);
      if (strcmp(f.status, "fail") == 0 && strcmp(f.policy_id, "ecs-container-privileged") == 0) {
        printf("%s %s %s: %s\n", f.policy_id, f.address, f.element, f.message);
        ++failing;
      }
    }
    const char* json = NULL;
    if (ecsguard_result_report(result, "json", &json, &error) == ECSGUARD_OK) {
      printf("%.60s...\n", json);
    }
    ecsguard_scan_result_free(result);
  }
  ecsguard_policy_set_free(policies);
  return failing == 1 ? 0 : 1;
}
