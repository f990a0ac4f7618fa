"""Write workflow/envs/spinnet.yaml, the conda environment of every rule, from requirements.lock
(run by `make lock`, checked by tests/unit/spinnet/test_envs.py)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEADER = """\
# Generated from requirements.lock by `make lock` (workflow/envs/generate.py); do not edit.
# The environment of every rule under `snakemake --sdm conda`; without it the rules run in the
# .venv that make builds from the same pins.
channels: [conda-forge, nodefaults]
dependencies:
  - python=3.11
  - pip
  - pip:
"""


def render(lock: str) -> str:
    """The environment file for the pins of ``lock`` (comments and blank lines aside), with
    the project itself installed from the checkout."""
    pins = [line.strip() for line in lock.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]
    return HEADER + "".join(f"      - {pin}\n" for pin in pins) + "      - -e ../..\n"


if __name__ == "__main__":
    (ROOT / "workflow/envs/spinnet.yaml").write_text(
        render((ROOT / "requirements.lock").read_text()))
