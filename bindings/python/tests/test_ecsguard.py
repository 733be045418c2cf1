"""The ecsguard Python package, through its public surface only.

Run from the repository root with the build-tree package on PYTHONPATH (ctest's `python` test):
    PYTHONPATH=build/dev/python python3 -m pytest -q bindings/python/tests
"""

import dataclasses
import json
import pathlib
import pickle
from concurrent.futures import ThreadPoolExecutor

import pytest

import ecsguard

PLAN = "testdata/examples/fargate-service/plan.json"

TEMPLATE = """\
Parameters:
  Image: {Type: String}
Resources:
  Web:
    Type: AWS::ECS::TaskDefinition
    Properties:
      NetworkMode: awsvpc
      ContainerDefinitions:
        - {Name: app, Image: !Ref Image, Privileged: true}
"""

MINE = """\
id: mine
title: No host networking
severity: low
kind: task_definition
check: {attribute: network_mode, not_equals: host}
message: "{{address}} uses the host network"
"""

MISSPELT = """\
id: mine
title: Containers are not privileged
severity: high
kind: container
check: {attribute: privilegd, equals: false}
message: "{{element}} is privileged"
"""


@pytest.fixture(scope="module")
def bundled():
    return ecsguard.load_policies()


def find(result, policy_id, status="fail"):
    return [f for f in result.findings if f.policy_id == policy_id and f.status == status]


def test_version():
    assert ecsguard.__version__.count(".") == 2


def test_plan_privileged_container(bundled):
    result = ecsguard.scan(PLAN, policies=bundled)
    assert not result.has_errors
    assert [(i.file, i.format) for i in result.inputs] == [(PLAN, "terraform-plan")]
    (privileged,) = find(result, "ecs-container-privileged")
    assert privileged.kind == "task_definition"
    assert privileged.element == "containers[api]"
    assert privileged.address == "aws_ecs_task_definition.app"
    assert privileged.source_type == "aws_ecs_task_definition"
    assert privileged.severity == "high"
    assert privileged.file == PLAN and privileged.line > 0 and privileged.column > 0
    assert privileged.evidence == [ecsguard.Evidence("privileged", "true", privileged.line,
                                                     privileged.column, privileged.pointer)]
    assert "CT.ECS.PR.11" in privileged.controls["control_tower"]
    assert privileged in result.failing
    assert result.count("fail") == len(result.failing) > 1
    assert result.count("pass") > 0


def test_paths_and_path_likes_are_the_same_input(bundled):
    by_str = ecsguard.scan(PLAN, policies=bundled)
    by_path = ecsguard.scan([pathlib.Path(PLAN)], policies=bundled)
    assert by_str == by_path


def test_default_policies_are_the_bundled_pack(bundled):
    assert len(bundled) >= 30 and "ecs-container-privileged" in bundled
    assert ecsguard.scan(PLAN).findings == ecsguard.scan(PLAN, policies=bundled).findings


def test_cloudformation_buffer_with_template_parameters(bundled):
    buffer = ecsguard.Buffer("web.yaml", TEMPLATE, format="cloudformation")
    result = ecsguard.scan(buffer, policies=bundled,
                           template_parameters={"Image": "ghcr.io/acme/web:1"})
    assert [(i.file, i.format, i.resources) for i in result.inputs] == [
        ("web.yaml", "cloudformation-yaml", 1)]
    (privileged,) = find(result, "ecs-container-privileged")
    assert (privileged.address, privileged.element, privileged.file, privileged.line) == (
        "Web", "containers[app]", "web.yaml", 9)
    (registry,) = find(result, "ecs-container-image-registry")
    assert "ghcr.io/acme/web:1" in registry.message


def test_bytes_buffer_and_format_detection(bundled):
    result = ecsguard.scan(ecsguard.Buffer("web.yaml", TEMPLATE.encode()), policies=bundled)
    assert result.inputs[0].format == "cloudformation-yaml"


def test_params_disabled_and_include_passed(bundled):
    buffer = ecsguard.Buffer("web.yaml", TEMPLATE, "cloudformation")
    tparams = {"Image": "ghcr.io/acme/web:1"}
    result = ecsguard.scan(
        buffer, policies=bundled, template_parameters=tparams,
        params={"ecs-container-image-registry": {"allowed_registries": ["ghcr.io/acme/"]}},
        disabled=["ecs-container-privileged"], include_passed=False)
    assert not find(result, "ecs-container-image-registry")
    assert not [f for f in result.findings if f.policy_id == "ecs-container-privileged"]
    assert {f.status for f in result.findings} <= {"fail", "unknown", "suppressed"}
    assert result.failing  # the other policies still ran


def test_unknown_policy_or_param_raises(bundled):
    with pytest.raises(ecsguard.EcsguardError) as e:
        ecsguard.scan(PLAN, policies=bundled, params={"no-such-policy": {"x": 1}})
    assert e.value.code == "scan.bad_param"
    assert "no such policy" in e.value.message
    with pytest.raises(ecsguard.EcsguardError) as e:
        ecsguard.scan(PLAN, policies=bundled,
                      params={"ecs-container-image-registry": {"registries": ["x/"]}})
    assert e.value.code == "scan.bad_param"
    assert "the policy has no such param" in e.value.message
    with pytest.raises(ecsguard.EcsguardError) as e:
        ecsguard.scan(PLAN, policies=bundled, disabled=["ecs-container-privilegd"])
    assert e.value.code == "scan.unknown_policy"
    with pytest.raises(TypeError):
        ecsguard.scan(PLAN, policies=bundled,
                      params={"ecs-container-image-registry": {"allowed_registries": object()}})


def test_policy_text():
    mine = ecsguard.load_policies([ecsguard.PolicyText(MINE)])
    assert mine.ids == ["mine"] and len(mine) == 1
    host = ecsguard.Buffer("t.yaml", "Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n"
                                     "    Properties: {NetworkMode: host}\n", "cloudformation")
    result = ecsguard.scan(host, policies=mine)
    assert [(f.policy_id, f.status, f.message) for f in result.findings] == [
        ("mine", "fail", "T uses the host network")]
    # A list without BUNDLED replaces the pack; with it, adds to it.
    both = ecsguard.load_policies([ecsguard.BUNDLED, ecsguard.PolicyText(MINE)])
    assert "mine" in both and "ecs-container-privileged" in both


def test_invalid_policy_text_raises_with_location():
    with pytest.raises(ecsguard.EcsguardError) as e:
        ecsguard.scan(PLAN, policies=[ecsguard.PolicyText(MISSPELT)])
    error = e.value
    assert error.code == "policy.unknown_attribute"
    assert error.location == ecsguard.Location("<text 1>", 5, 20, error.location.pointer)
    assert error.message == ("'privilegd' is not an attribute of container "
                             "(see docs/graph-attributes.md)")
    assert str(error) == f"<text 1>:5:20: {error.message} [policy.unknown_attribute]"
    assert error.diagnostics[0] == error.diagnostic


def test_missing_policy_directory_raises():
    with pytest.raises(ecsguard.EcsguardError) as e:
        ecsguard.load_policies(["no/such/directory"])
    assert e.value.code == "policy.unreadable"


def test_unreadable_inputs_are_diagnostics(bundled):
    result = ecsguard.scan(["no/such/plan.json", ecsguard.Buffer("bad.json", "{", "terraform"),
                            PLAN], policies=bundled)
    codes = {(i.file, d.code) for i in result.inputs for d in i.diagnostics}
    codes |= {(d.file, d.code) for d in result.diagnostics}
    assert ("no/such/plan.json", "input.unreadable") in codes
    assert ("bad.json", "tf.plan.bad_json") in codes
    assert result.has_errors
    assert find(result, "ecs-container-privileged")  # the good input was still scanned
    bad_json = [d for i in result.inputs for d in i.diagnostics if d.code == "tf.plan.bad_json"]
    assert bad_json[0].location.line == 1 and str(bad_json[0]).startswith("bad.json:1:2: error: ")

    with pytest.raises(ecsguard.EcsguardError) as e:
        ecsguard.scan("no/such/plan.json", policies=bundled, raise_on_error=True)
    assert e.value.code == "input.unreadable"
    assert e.value.location.file == "no/such/plan.json"


def test_reports(bundled):
    result = ecsguard.scan(PLAN, policies=bundled)
    for fmt in ecsguard.REPORT_FORMATS:
        assert result.report(fmt), fmt
    report = json.loads(result.report("json"))
    assert report["summary"]["fail"] == len(result.failing)
    assert json.loads(result.report("sarif"))["version"] == "2.1.0"
    assert "ecs-container-privileged" in result.report("text")
    with pytest.raises(ecsguard.EcsguardError) as e:
        result.report("yaml")
    assert e.value.code == "report.unknown_format"
    assert "expected one of: text, json, sarif" in e.value.message


def test_results_are_plain_values(bundled):
    result = ecsguard.scan(PLAN, policies=bundled)
    as_dict = dataclasses.asdict(result)
    assert as_dict["findings"][0]["policy_id"] == result.findings[0].policy_id
    copy = pickle.loads(pickle.dumps(result))
    assert copy == result
    with pytest.raises(ecsguard.EcsguardError):
        copy.report("json")  # the native result does not travel


def test_graph():
    graph = ecsguard.graph(PLAN)
    kinds = {n["kind"] for n in graph["nodes"]}
    assert {"task_definition", "service", "cluster"} <= kinds
    assert graph["edges"]
    from_buffer = ecsguard.graph(ecsguard.Buffer("web.yaml", TEMPLATE, "cloudformation"))
    assert [n["address"] for n in from_buffer["nodes"] if n["kind"] == "task_definition"] == ["Web"]
    with pytest.raises(ecsguard.EcsguardError) as e:
        ecsguard.graph(ecsguard.Buffer("x.json", "{", "terraform"))
    assert e.value.code == "tf.plan.bad_json"
    with pytest.raises(ecsguard.EcsguardError) as e:
        ecsguard.graph("no/such/plan.json")
    assert e.value.code == "input.unreadable"


def test_threads_share_one_policy_set(bundled):
    expected = ecsguard.scan(PLAN, policies=bundled)
    buffer = ecsguard.Buffer("web.yaml", TEMPLATE, "cloudformation")
    expected_buffer = ecsguard.scan(buffer, policies=bundled)

    def work(i):
        if i % 2:
            return ecsguard.scan(buffer, policies=bundled) == expected_buffer
        return ecsguard.scan(PLAN, policies=bundled) == expected

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(pool.map(work, range(16)))


def test_wrong_argument_types():
    with pytest.raises(TypeError):
        ecsguard.scan([42])
    with pytest.raises(TypeError):
        ecsguard.load_policies([42])


def test_limits(bundled):
    result = ecsguard.scan([PLAN, ecsguard.Buffer("deep.json", "[[[[[1]]]]]")],
                           policies=bundled, limits={"depth": 3})
    assert [d.code for d in result.inputs[1].diagnostics] == ["limit.depth"]
    assert "--limit depth=N" in result.inputs[1].diagnostics[0].message
    assert result.has_errors
    with pytest.raises(ValueError):
        ecsguard.scan(PLAN, policies=bundled, limits={"dpeth": 3})
    with pytest.raises(ValueError):
        ecsguard.scan(PLAN, policies=bundled, limits={"depth": -1})
    with pytest.raises(ecsguard.EcsguardError) as e:
        ecsguard.load_policies([ecsguard.PolicyText(MINE)], limits={"policy_file_size": 10})
    assert e.value.code == "limit.policy_file_size"


def test_review_options(bundled, tmp_path):
    rules = tmp_path / "suppressions.yaml"
    rules.write_text("suppressions:\n  - id: ecs-container-privileged\n"
                     "    resource: aws_ecs_task_definition.*\n"
                     "    reason: accepted for the test\n")
    suppressed = ecsguard.scan(PLAN, policies=bundled, suppressions_file=rules)
    assert find(suppressed, "ecs-container-privileged", "suppressed")
    assert not find(suppressed, "ecs-container-privileged")
    audit = ecsguard.scan(PLAN, policies=bundled, suppressions_file=str(rules),
                          ignore_suppressions=True)
    assert find(audit, "ecs-container-privileged")
    changes = ecsguard.scan("testdata/terraform/replace_delete/plan.json", policies=bundled,
                            changes_only=True)
    assert all(f.address != "aws_ecs_cluster.main" for f in changes.findings)
    missing = ecsguard.scan(PLAN, policies=bundled, baseline_file=tmp_path / "none.json")
    assert any(d.code == "baseline.unreadable" for d in missing.diagnostics)



def test_threads_option_gives_the_same_result(bundled):
    one = ecsguard.scan(PLAN, policies=bundled)
    assert ecsguard.scan(PLAN, policies=bundled, threads=2) == one
    assert ecsguard.scan(PLAN, policies=bundled, threads=0) == one
    with pytest.raises(ValueError):
        ecsguard.scan(PLAN, policies=bundled, threads=-1)
