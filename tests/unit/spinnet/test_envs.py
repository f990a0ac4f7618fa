"""The rules' conda environment holds exactly the pins make installs."""

import importlib.util

import yaml


def test_the_conda_environment_is_the_lock_file(repo):
    spec = importlib.util.spec_from_file_location("generate", repo / "workflow/envs/generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    lock = (repo / "requirements.lock").read_text()
    shipped = (repo / "workflow/envs/spinnet.yaml").read_text()
    assert shipped == generate.render(lock), "run `make lock` to regenerate workflow/envs"
    pins = yaml.safe_load(shipped)["dependencies"][-1]["pip"]
    assert "torch==2.13.0" in pins and len(pins) == sum(
        1 for line in lock.splitlines() if line and not line.startswith("#")) + 1
