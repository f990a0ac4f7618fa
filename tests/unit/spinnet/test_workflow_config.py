"""What the workflow derives from a config."""

import shutil

import yaml
from conftest import REPO

from spinnet.workflow_config import WorkflowConfig, validate_schema


def test_materials_all_takes_every_stack_file_so_a_new_file_joins_the_map(repo, tmp_path):
    shutil.copytree(repo / "config/materials", tmp_path / "materials")
    new = yaml.safe_load((repo / "config/materials/W_CoFeB1.2_MgO.yaml").read_text())
    (tmp_path / "materials/my_stack.yaml").write_text(yaml.safe_dump(new | {"name": "mine"}))
    config = yaml.safe_load((repo / "config/config.yaml").read_text())
    config["materials_dir"] = str(tmp_path / "materials")
    config["micromag"]["devices"]["synapse"]["materials"] = "all"
    validate_schema(config, ["config/config.yaml"])
    workflow = WorkflowConfig(config, ["config/config.yaml"])
    stems = sorted(path.stem for path in (repo / "config/materials").glob("*.yaml"))
    assert workflow.device_materials("synapse")[:len(stems) + 1] == sorted([*stems, "my_stack"])
    assert "my_stack" in workflow.MATERIALS


def _undescribed(node, path=""):
    """Every property under ``node`` (a JSON Schema) without a description (a $ref carries its
    target's)."""
    missing = []
    if isinstance(node, dict):
        for key, sub in (node.get("properties") or {}).items():
            if isinstance(sub, dict) and "description" not in sub and "$ref" not in sub:
                missing.append(f"{path}.{key}")
            missing += _undescribed(sub, f"{path}.{key}")
        for key in ("$defs", "patternProperties"):
            for name, sub in (node.get(key) or {}).items():
                missing += _undescribed(sub, f"{path}/{key}/{name}")
        for key in ("items", "additionalProperties"):
            missing += _undescribed(node.get(key), f"{path}/{key}")
        for key in ("oneOf", "anyOf", "allOf"):
            for i, sub in enumerate(node.get(key) or []):
                missing += _undescribed(sub, f"{path}/{key}{i}")
    return missing


def test_every_schema_property_is_described():
    """The config schema (assembled with every kind's fragment), the material schema and the
    variants table's: each field says what it is, with its unit."""
    from spinnet.workflow_config import VARIANTS_SCHEMA, _schema_validator

    schemas = {"config": _schema_validator().schema,
               "material": yaml.safe_load((REPO / "micromag/material.schema.yaml").read_text()),
               "variants": yaml.safe_load(VARIANTS_SCHEMA.read_text())}
    for name, schema in schemas.items():
        assert _undescribed(schema) == [], name
