"""Write the documentation pages that come from data, not from hand: the results of a results
tree (its tables as they are, the paper's value beside ours, its figures) and the configuration
and material references from the JSON schemas. ``make docs`` runs it on ``results/`` before
Sphinx; the test suite runs it on the tiny run's tree.

    python docs/generate.py --results results --out docs/_generated
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from micromag.devices import REGISTRY
from micromag.traces import TraceFile
from spinnet.citations import BY_STEM, CITATIONS
from spinnet.workflow_config import _allowed, config_schema

MATERIAL_SCHEMA = ROOT / "micromag" / "material.schema.yaml"

# results/tables/<name>.csv: (title, what it holds); the paper tables and maps are found by name
TABLES = {
    "accuracy": ("Accuracy table", "the software row and one row per device synapse, with the "
                 "fitted device's figures of merit"),
    "material_map": ("Material map", "per stack: its parameters, operating point, write energy, "
                     "states, nonlinearity, variation and accuracy, or why it cannot work"),
    "energy": ("Write energy", "every simulated device's pulse: I²Rt in the heavy-metal "
               "channel, adiabatic heating, latency"),
    "variation": ("Variation", "C2C and D2D of the synapses run in thermal cycles, beside "
                  "[Cao2023]'s measured values"),
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or " "


def markdown_table(rows: list[dict], columns: list[str] | None = None) -> str:
    columns = columns or list(rows[0])
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_cell(str(row.get(c, "") or "")) for c in columns) + " |"
              for row in rows]
    return "\n".join(lines) + "\n"


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def results_page(results: Path, out: Path) -> str:
    """The results page: every table of ``results/tables`` and the run's summary figures."""
    tables = results / "tables"
    figures = out / "figures"
    parts = [f"This page was generated from the results tree `{results.name}/` by "
             "`docs/generate.py`; every number on it is read from that tree's CSV files.\n"]
    for stem, (title, what) in TABLES.items():
        path = tables / f"{stem}.csv"
        if path.is_file() and (rows := read_csv(path)):
            parts.append(f"## {title}\n\n`tables/{stem}.csv`: {what}.\n\n{markdown_table(rows)}")
    papers = sorted(p for p in tables.glob("*.csv")
                    if p.stem not in TABLES and "paper_percent" in p.read_text().split("\n")[0])
    if papers:
        parts.append("## Paper tables\n\nEach paper's accuracy table, its value beside ours "
                     "(`ok`: within 2 percentage points).\n")
        for path in papers:
            cite = BY_STEM.get(path.stem)
            name = f"[{cite.key}] {cite.title}" if cite else path.stem
            parts.append(f"### {name}\n\n`tables/{path.name}`\n\n{markdown_table(read_csv(path))}")
    maps = sorted(p for p in tables.glob("*_map.csv") if p.stem != "material_map")
    if maps:
        parts.append("## Accuracy maps\n")
        for path in maps:
            parts.append(f"### {path.stem}\n\n{markdown_table(read_csv(path))}")
            figure = results / "network" / f"{path.stem}.png"
            if figure.is_file():
                parts.append(_figure(figure, figures, f"{path.stem}.png", path.stem))
    summary = [("network/material_map.png", "The material map"),
               ("network/learning_curves.png", "Learning curves of every network row")]
    for relative, caption in summary:
        if (results / relative).is_file():
            parts.append(_figure(results / relative, figures, Path(relative).name, caption))
    return "# Results\n\n" + "\n".join(parts)


def _figure(source: Path, figures: Path, name: str, caption: str) -> str:
    """Copy a figure beside the generated pages; its MyST figure block (path from the docs root)."""
    figures.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, figures / name)
    return f"```{{figure}} /_generated/figures/{name}\n:width: 100%\n\n{caption}\n```\n"


def device_pages(results: Path, out: Path) -> dict[str, str]:
    """Per kind: the figures of the first instance of that kind in the results tree (its
    traces over seeds, one seed's m_z maps, the fit), or a note that the tree has none."""
    found: dict[str, tuple[str, str, Path]] = {}
    read: set[str] = set()  # device names whose kind is known: one trace each is read
    for trace in sorted((results / "micromag").glob("*/*_seed*.npz")):
        name = trace.stem.rsplit("_seed", 1)[0]
        if name in read or len(found) == len(REGISTRY):
            continue
        read.add(name)
        metadata = TraceFile.read(trace).metadata
        kind = metadata.get("kind")
        if kind in REGISTRY and kind not in found:
            found[kind] = (metadata["device"], trace.parent.name, trace)
    pages = {}
    for kind in REGISTRY:
        if kind not in found:
            pages[kind] = (f"The results tree `{results.name}/` holds no run of this kind; "
                           "its figures appear when the docs are built from a run that has one.\n")
            continue
        device, material, trace = found[kind]
        candidates = [(results / "micromag" / material / f"{device}_traces.png",
                       f"Hall signal of every disorder seed: `{device}` on {material}"),
                      (trace.with_suffix(".png"), f"m_z maps of one run: `{trace.name}`"),
                      (results / "surrogate" / material / f"{device}_fit.png",
                       f"The fitted surrogate: `surrogate/{material}/{device}.json`")]
        shown = [_figure(path, out / "figures", f"{kind}_{i}.png", caption)
                 for i, (path, caption) in enumerate(candidates) if path.is_file()]
        pages[kind] = (f"From the results tree `{results.name}/`: device instance `{device}` "
                       f"on {material}.\n\n" + "\n".join(shown))
    return pages


def _resolve(node: dict, defs: dict) -> dict:
    while "$ref" in node:
        ref = node["$ref"].removeprefix("#/$defs/")
        node = {**defs[ref], **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _rows(node: dict, defs: dict, path: str, depth: int = 0) -> list[dict]:
    node = _resolve(node, defs)
    rows = []
    if path:
        default = node.get("default", "")
        rows.append({"field": f"`{path}`", "allowed": _allowed(node),
                     "default": "" if isinstance(default, dict) and not default
                     else f"`{json.dumps(default)}`" if default != "" else "",
                     "description": " ".join(str(node.get("description", "")).split())})
    if depth < 6:
        for name, child in node.get("properties", {}).items():
            rows += _rows(child, defs, f"{path}.{name}" if path else name, depth + 1)
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) and extra and path != "micromag.devices":
            rows += _rows(extra, defs, f"{path}.<name>", depth + 1)
    return rows


def config_reference() -> str:
    """Every config field (type, range, default, description with unit) from the schema the
    workflow validates with, the device fields per kind, and the material fields."""
    schema = config_schema()
    defs = schema["$defs"]
    columns = ["field", "allowed", "default", "description"]
    parts = ["# Configuration reference\n",
             "Generated from `workflow/schemas/config.schema.yaml`, the device kinds' "
             "fragments `micromag/devices/<kind>.schema.yaml` and "
             "`micromag/material.schema.yaml`: the schemas the workflow validates with. "
             "Units are in the field names (SI).\n",
             "## Top level\n", markdown_table(_rows(schema, defs, ""), columns)]
    device = defs["device"]
    parts += ["## Device instances: `micromag.devices.<name>`\n",
              "Fields every device instance has:\n",
              markdown_table(_rows({"properties": device["properties"]}, defs, ""), columns)]
    for branch in device["allOf"]:
        kind = branch["if"]["properties"]["kind"]["const"]
        own = {k: v for k, v in branch["then"]["properties"].items()
               if k not in device["properties"]}
        parts += [f"### `{kind}`\n", " ".join(branch["then"]["description"].split()) + "\n",
                  markdown_table(_rows({"properties": own}, defs, ""), columns)]
    material = yaml.safe_load(MATERIAL_SCHEMA.read_text())
    parts += ["## Material files: `config/materials/<stem>.yaml`\n",
              markdown_table(_rows(material, material.get("$defs", {}), ""), columns)]
    return "\n".join(parts)


def references() -> str:
    """The papers the pipeline reproduces (``spinnet.citations``), with what it takes of each."""
    parts = ["# References\n", "The device papers whose systems and accuracy tables spinnet "
             "reproduces. Code, figures and tables cite them by these keys.\n"]
    for cite in CITATIONS.values():
        parts.append(f"- {cite.reference()}. Paper file `{cite.stem}.txt`. Reproduced: "
                     f"{cite.reproduced}.")
    return "\n".join(parts) + "\n"


def _markdown(docstring: str | None) -> str:
    """A docstring's reST literals and roles as Markdown code, on one line."""
    text = " ".join((docstring or "").split()).replace("``", "`")
    return re.sub(r":\w+:`~?([^`]+)`", r"`\1`", text)


def formats() -> str:
    """The files the stages hand each other, from the classes that own them: each JSON record's
    format version, writer and keys per status, the trace file's arrays, the tables' columns."""
    import dataclasses

    from micromag.stage import OperatingPointFile
    from network.rows import Metrics
    from report.energy import ENERGY_TABLE
    from report.material_map import MATERIAL_MAP_TABLE
    from report.tables import ACCURACY_TABLE, PAPER_TABLE
    from report.variation import VARIATION_TABLE
    from surrogate.neuron import NeuronRecord
    from surrogate.stage import SynapseRecord

    parts = ["# File formats\n",
             "Generated from the classes that own each format (one owner per format): a "
             "file is written only through its owner and read back through it, which checks "
             "its version, its checksum and its keys.\n",
             f"## Trace files (`{TraceFile.FORMAT}`)\n",
             "`micromag/<material>/<device>_seed<n>.npz`, owner "
             "`micromag.traces.TraceFile`. " + _markdown(TraceFile.__doc__) + "\n",
             markdown_table([{"array": f"`{f.name}`", "type": str(f.type)}
                             for f in dataclasses.fields(TraceFile)]),
             "## JSON records\n"]
    for record in (OperatingPointFile, SynapseRecord, NeuronRecord, Metrics):
        doc = _markdown(record.__doc__)
        keys = [{"status": "any" if status is None else f"`{status}`",
                 "keys": ", ".join(f"`{k}`" for k in needed)}
                for status, needed in record.KEYS.items()]
        parts += [f"### {record.NAME} (`{record.FORMAT}`)\n",
                  f"Written by the {record.WRITER}; owner `{record.__module__}."
                  f"{record.__name__}`. {doc}\n", markdown_table(keys)]
    parts.append("## Tables (`results/tables/*.csv`)\n")
    for table in (ACCURACY_TABLE, PAPER_TABLE, MATERIAL_MAP_TABLE, ENERGY_TABLE, VARIATION_TABLE):
        parts.append(f"- **{table.name}**: " + ", ".join(f"`{c}`" for c in table.columns))
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", type=Path, default=ROOT / "results")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "_generated")
    args = parser.parse_args(argv)
    if not (args.results / "tables").is_dir():
        sys.exit(f"{args.results}: not a results tree (no tables/); run `make run` first, "
                 "or pass --results")
    shutil.rmtree(args.out, ignore_errors=True)
    (args.out / "devices").mkdir(parents=True)
    (args.out / "results.md").write_text(results_page(args.results, args.out))
    (args.out / "config_reference.md").write_text(config_reference())
    (args.out / "references.md").write_text(references())
    (args.out / "formats.md").write_text(formats())
    for kind, text in device_pages(args.results, args.out).items():
        (args.out / "devices" / f"{kind}.md").write_text(text)
    print(f"{args.out}: results, configuration reference, {len(REGISTRY)} device sections")


if __name__ == "__main__":
    main()
