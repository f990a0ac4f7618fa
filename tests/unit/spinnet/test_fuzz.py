"""Fuzzed inputs: mutations of the shipped config, a material file, the variants table and a
measured-curve CSV, each accepted or rejected by the workflow's own validation before any job,
with a message naming the file and the field, and never a traceback.

In-process cases call spinnet.workflow_config.validate, which the Snakefile runs at parse
time; a fixed share of them also goes through a real ``snakemake -n``. Hypothesis runs
derandomised (the same cases on every machine).
"""

from __future__ import annotations

import collections
import copy
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from conftest import REPO, lab_curve_csv
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from snakemake.utils import update_config

from micromag.material import MaterialError
from spinnet.workflow_config import ConfigError, validate
from spinnet.yamlfile import YamlFileError, load_yaml
from surrogate.measured import CurveFileError

MATERIAL = "W_CoFeB1.2_MgO"
SHIPPED = yaml.safe_load((REPO / "config" / "config.yaml").read_text())
STACK = yaml.safe_load((REPO / "config" / "materials" / f"{MATERIAL}.yaml").read_text())
N_CASES = int(os.environ.get("FUZZ_CASES", 520))  # fewer while developing
N_SNAKEMAKE = 10  # every 52nd case also runs through snakemake -n
OUTCOMES: collections.Counter = collections.Counter()
DRY_RUNS: list = []  # (case, --configfile, mutated file, in-process message)
# Snakemake's own --configfile loader refuses these before the workflow's code runs; a file
# that is not UTF-8 it refuses with a traceback of its own (a Snakemake limitation: the
# workflow's code, which names the file, never runs)
SNAKEMAKE_LOADER = ("Config file is not valid JSON or YAML",
                    "Config file must be given as JSON or YAML with keys at top level",
                    "UnicodeDecodeError: 'utf-8' codec can't decode")
EXPECTED = (ConfigError, YamlFileError, MaterialError, CurveFileError)

BAD_VALUES = st.sampled_from([
    "abc", "1.1e6", "4e11", "", None, True, [], {}, [1, 2], {"x": 1}, float("nan"),
    float("inf"), -float("inf"), 1e308, -1e308, 10**30, -1, 0, 0.0, -1e-9, 1e-30, 2**63])


def leaves(node, path=()):
    """Every (path, value) of a nested mapping whose value is not itself a mapping."""
    if isinstance(node, dict) and node:
        return [leaf for key, value in node.items() for leaf in leaves(value, path + (key,))]
    return [(path, node)]


def put(node, path, value):
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def drop(node, path):
    for key in path[:-1]:
        node = node[key]
    node.pop(path[-1], None)


def dump(values) -> str:
    return yaml.safe_dump(values, sort_keys=False, allow_unicode=True)


@st.composite
def text_mutation(draw, text: str) -> tuple[str, bytes]:
    """File-level damage: a repeated key, a tab, an anchor, nothing, bad bytes, a cut."""
    lines = text.splitlines(keepends=True)
    kind = draw(st.sampled_from(["duplicate key", "tab", "anchor", "empty", "non-UTF-8",
                                 "truncated", "1.1e6 text"]))
    if kind == "duplicate key":
        i = draw(st.integers(0, len(lines) - 1))
        return kind, "".join(lines[: i + 1] + [lines[i]] + lines[i + 1:]).encode()
    if kind == "tab":
        i = draw(st.integers(0, len(lines) - 1))
        return kind, "".join(lines[:i] + ["\t" + lines[i]] + lines[i + 1:]).encode()
    if kind == "anchor":
        return kind, (text + "extra_anchor: &a {x: 1}\nextra_alias: *a\n").encode()
    if kind == "empty":
        return kind, b""
    if kind == "non-UTF-8":
        i = draw(st.integers(0, len(text)))
        return kind, text[:i].encode() + b"\xff\xfe" + text[i:].encode()
    if kind == "truncated":
        return kind, text[: draw(st.integers(0, len(text)))].encode()
    return kind, text.replace("e+", "e", 1).encode()  # the first 1.0e+N becomes text


@st.composite
def config_case(draw):
    config = copy.deepcopy(SHIPPED)
    kind = draw(st.sampled_from(["value", "missing key", "extra key", "text"]))
    path = draw(st.sampled_from([p for p, _ in leaves(config) if p]))
    if kind == "value":
        put(config, path, draw(BAD_VALUES))
    elif kind == "missing key":
        drop(config, path)
    elif kind == "extra key":
        put(config, path[:-1] + (draw(st.sampled_from(["hiden", "n_pulse", "Ms"])),), 1)
    else:
        kind, raw = draw(text_mutation(dump(config)))
        return "config", kind, path, raw
    return "config", kind, path, dump(config).encode()


@st.composite
def material_case(draw):
    stack = copy.deepcopy(STACK)
    kind = draw(st.sampled_from(["value", "missing key", "extra key", "text"]))
    field = draw(st.sampled_from(sorted(stack)))
    if kind == "value":
        stack[field] = draw(BAD_VALUES)
    elif kind == "missing key":
        stack.pop(field)
    elif kind == "extra key":
        field = draw(st.sampled_from(["DMI", "Ms", "alpha_"]))
        stack[field] = 1.0
    else:
        kind, raw = draw(text_mutation(dump(stack)))
        return "material", kind, (field,), raw
    return "material", kind, (field,), dump(stack).encode()


@st.composite
def variants_case(draw):
    columns = ["base", "D_J_per_m2", "Ku_dispersion", "spin_hall_angle"]
    row = [MATERIAL, "0.3e-3", "0.05", "-0.3"]
    kind = draw(st.sampled_from(["value", "missing column", "extra column", "duplicate column",
                                 "empty", "non-UTF-8"]))
    i = draw(st.integers(0, len(columns) - 1))
    field = columns[i]
    if kind == "value":
        row[i] = draw(st.sampled_from(["abc", "nan", "inf", "-inf", "1e308", "-1", "", "0"]))
    elif kind == "missing column":
        del columns[i], row[i]
    elif kind == "extra column":
        field = draw(st.sampled_from(["DMI", "Ms", "n_pulses"]))
        columns.append(field)
        row.append("1.0")
    elif kind == "duplicate column":
        columns.append(field)
        row.append(row[i])
    text = "\t".join(columns) + "\n" + "\t".join(row) + "\n"
    raw = {"empty": b"", "non-UTF-8": text.encode() + b"\xff\n"}.get(kind, text.encode())
    return "variants", kind, (field,), raw


@st.composite
def csv_case(draw, clean: str):
    lines = clean.splitlines()
    kind = draw(st.sampled_from(["value", "missing column", "duplicate column", "empty",
                                 "non-UTF-8", "truncated"]))
    column = draw(st.sampled_from(["pulse", "direction", "hall_signal"]))
    index = ["pulse", "direction", "hall_signal"].index(column)
    if kind == "value":
        row = draw(st.integers(1, len(lines) - 1))
        cells = lines[row].split(",")
        cells[index] = draw(st.sampled_from(["abc", "nan", "inf", "", "2", "-3", "1e400"]))
        lines[row] = ",".join(cells)
    elif kind == "missing column":
        lines = [",".join(c for j, c in enumerate(line.split(",")) if j != index)
                 for line in lines]
    elif kind == "duplicate column":
        lines = [line + "," + line.split(",")[index] for line in lines]
    elif kind == "truncated":
        lines = lines[: draw(st.integers(0, 3))]
    text = "\n".join(lines) + "\n"
    raw = {"empty": b"", "non-UTF-8": b"\xff" + text.encode()}.get(kind, text.encode())
    return "curve", kind, (column,), raw


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(REPO / "config" / "materials", root / "pristine")
    clean = lab_curve_csv(root / "lab.csv").read_text()
    return root, clean


def prepare(root: Path, case, name: str = "case") -> tuple[Path, Path]:
    """Files for one case in a fresh folder; returns (its --configfile, the mutated file).
    A mutated material, variants table or curve is reached through an overlay config that
    points at private copies (results_dir included, never written by a dry run)."""
    target, kind, field, raw = case
    folder = root / name
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(root / "pristine", folder / "materials")
    overlay = {"materials_dir": str(folder / "materials"), "results_dir": str(folder / "res"),
               "material_variants": None, "tables": [], "maps": []}
    mutated = folder / {"config": "config.yaml", "material": f"materials/{MATERIAL}.yaml",
                        "variants": "variants.tsv", "curve": "lab.csv"}[target]
    mutated.parent.mkdir(parents=True, exist_ok=True)
    mutated.write_bytes(raw)
    if target == "variants":
        overlay["material_variants"] = str(mutated)
    if target == "curve":
        overlay["measured_synapses"] = {"lab": str(mutated)}
    if target == "config":  # the mutated shipped config is the --configfile itself
        return mutated, mutated
    configfile = folder / "overlay.yaml"
    configfile.write_text(dump(overlay))
    return configfile, mutated


def in_process(configfile: Path) -> str | None:
    """None if the workflow's validation accepts the config, else its message."""
    base = yaml.safe_load((REPO / "config" / "config.yaml").read_text())
    try:
        overlay = load_yaml(configfile)
        if not isinstance(overlay, dict):
            overlay = {}
        update_config(base, overlay)
        validate(base, [REPO / "config" / "config.yaml", configfile])
    except EXPECTED as err:
        return str(err)
    return None


def assert_names_file_and_field(message: str, case, mutated: Path) -> None:
    target, kind, field, _ = case
    assert mutated.name in message, f"{case[:3]}: the file is not named:\n{message}"
    if kind in ("value", "missing key", "extra key", "missing column", "extra column",
                "duplicate column") and target != "curve":
        key = str(field[-1]) if kind != "extra key" else ""
        assert key in message, f"{case[:3]}: the field is not named:\n{message}"


@settings(max_examples=N_CASES, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_fuzzed_inputs_are_accepted_or_rejected_with_file_and_field(data, workspace):
    root, clean = workspace
    case = data.draw(st.one_of(config_case(), material_case(), variants_case(),
                               csv_case(clean)))
    n = sum(OUTCOMES.values())
    # every (N_CASES // N_SNAKEMAKE)-th case also goes through snakemake -n, in its own folder
    name = f"cli{n}" if n % (N_CASES // N_SNAKEMAKE) == 1 else "case"
    configfile, mutated = prepare(root, case, name)
    message = in_process(configfile)  # anything but the expected errors fails the test
    OUTCOMES[(case[0], "accepted" if message is None else "rejected")] += 1
    if message is not None:
        assert "Traceback" not in message
        assert_names_file_and_field(message, case, mutated)
    if name != "case":
        DRY_RUNS.append((case[:3], configfile, mutated, message))


def dry_run(configfile: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "snakemake", "-n", "--nolock", "--configfile",
                           "config/config.yaml", str(configfile)], cwd=REPO,
                          capture_output=True, text=True)


def test_fuzzed_cases_give_the_same_verdict_through_snakemake_dry_runs():
    """The chosen cases above through real ``snakemake -n`` runs, two at a time (2 cores)."""
    if not DRY_RUNS:
        pytest.skip("the fuzz test did not run in this session")
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = list(pool.map(dry_run, [configfile for _, configfile, _, _ in DRY_RUNS]))
    for (case, _, mutated, message), dry in zip(DRY_RUNS, done, strict=True):
        output = dry.stdout + dry.stderr
        OUTCOMES[("snakemake -n", "same verdict")] += 1
        refused_by_loader = any(text in output for text in SNAKEMAKE_LOADER)
        assert refused_by_loader or "Traceback" not in output, output[-3000:]
        assert (dry.returncode == 0) == (message is None), (case, message, output[-3000:])
        if message is not None and refused_by_loader:
            # a --configfile that is not YAML, or not a mapping: Snakemake's own loader refuses
            # it before the workflow's code runs, and its message does not name the file
            OUTCOMES[("snakemake -n", "refused by Snakemake's config loader")] += 1
        elif message is not None:
            assert mutated.name in output, output[-3000:]


def test_fuzz_summary():
    """The counts of the runs above (pytest runs this file's tests in order)."""
    if not OUTCOMES:
        pytest.skip("the fuzz test did not run in this session")
    total = sum(v for (target, _), v in OUTCOMES.items() if target != "snakemake -n")
    print(json.dumps({f"{t} {o}": v for (t, o), v in sorted(OUTCOMES.items())}))
    assert total >= 500 and OUTCOMES[("snakemake -n", "same verdict")] >= N_SNAKEMAKE
