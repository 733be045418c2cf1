"""The Python example in docs/api.md runs as written, and does what its comments say."""

import pathlib
import re

DOC = pathlib.Path("docs/api.md")


def python_example():
    text = DOC.read_text()
    section = text.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"^```python\n(.*?)^```", section, re.S | re.M)
    assert len(blocks) == 1, "the Python section of docs/api.md has one ```python example"
    return blocks[0]


def test_docs_api_python_example(capsys):
    namespace = {"__name__": "docs_api_example"}
    exec(compile(python_example(), str(DOC), "exec"), namespace)
    out = capsys.readouterr().out
    result = namespace["result"]
    assert [i.format for i in result.inputs] == ["terraform-plan", "cloudformation-yaml"]
    failing = {(f.file, f.policy_id) for f in result.failing}
    assert ("web.yaml", "ecs-container-privileged") in failing
    assert ("web.yaml", "ecs-container-image-registry") not in failing  # allowed by the param
    assert not [f for f in result.findings if f.policy_id == "ecs-task-role"]  # disabled
    assert namespace["sarif"]["version"] == "2.1.0"
    assert out.rstrip().endswith("policy.unknown_attribute 5 20")
