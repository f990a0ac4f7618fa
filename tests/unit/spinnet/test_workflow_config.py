"""What the workflow derives from a config."""

import shutil

import yaml

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
