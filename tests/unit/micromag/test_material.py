"""Material files: shipped stacks load; bad ones are rejected naming file, field and range."""


import pytest
import yaml
from conftest import REPO

from micromag.material import MaterialError, MaterialStack

MATERIALS = sorted((REPO / "config" / "materials").glob("*.yaml"))


@pytest.mark.parametrize("path", MATERIALS, ids=lambda p: p.stem)
def test_shipped_material_is_perpendicular(path):
    stack = MaterialStack.from_yaml(path)
    assert stack.K_eff_J_per_m3 > 0
    assert len(stack.sha256) == 64
    assert stack.references


def test_all_paper_stacks_are_shipped():
    stems = {p.stem for p in MATERIALS}
    assert {"W_CoFeB1.2_MgO", "W_CoFeB0.8_MgO", "W_CoFeB1.1_MgO", "CuPt_CoPt"} <= stems


def test_thinner_cofeb_has_higher_effective_anisotropy():
    thin = MaterialStack.from_yaml(MATERIALS[0].parent / "W_CoFeB0.8_MgO.yaml")
    thick = MaterialStack.from_yaml(MATERIALS[0].parent / "W_CoFeB1.2_MgO.yaml")
    assert thin.K_eff_J_per_m3 > 2 * thick.K_eff_J_per_m3


def _write(tmp_path, **changes):
    values = yaml.safe_load((MATERIALS[0].parent / "W_CoFeB1.2_MgO.yaml").read_text())
    for key, value in changes.items():
        if value is None:
            values.pop(key)
        else:
            values[key] = value
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(values))
    return path


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"Ku_J_per_m3": 5.0e5}, ["Ku_J_per_m3", "K_eff", "Ku_J_per_m3 >"]),
        ({"ferromagnet_thickness_m": -1.0e-9}, ["ferromagnet_thickness_m", "-1e-09", "(0,"]),
        ({"alpha": None}, ["missing field 'alpha'", "(0, 1]"]),
        ({"Ms_A_per_m": "1.1e6"}, ["Ms_A_per_m", "'1.1e6'", "a number in (0, 3000000.0]"]),
        ({"Ku_dispersion": 0.9}, ["Ku_dispersion", "0.9", "[0, 0.5]"]),
        ({"colour": "blue"}, ["colour", "allowed fields"]),
    ],
    ids=["K_eff<=0", "negative-thickness", "missing-field", "string-number", "out-of-range",
         "unknown-field"],
)
def test_bad_material_is_rejected_naming_file_and_field(tmp_path, changes, words):
    path = _write(tmp_path, **changes)
    with pytest.raises(MaterialError) as info:
        MaterialStack.from_yaml(path)
    message = str(info.value)
    assert str(path) in message
    for word in words:
        assert word in message


def test_missing_material_file_is_named(tmp_path):
    with pytest.raises(MaterialError, match="nowhere.yaml: material file not found"):
        MaterialStack.from_yaml(tmp_path / "nowhere.yaml")
