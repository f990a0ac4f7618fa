"""Sphinx configuration of the spinnet documentation site.

Sphinx with the PyData theme and numpydoc, the convention of scikit-learn and ubermag; pages in
Markdown through MyST. ``docs/generate.py`` writes the pages that come from a results tree
(results, paper tables, material map) and from the JSON schemas (configuration reference) into
``docs/_generated/`` before the build; ``make docs`` does both.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

project = "spinnet"
author = "The spinnet developers"
copyright = "2026, the spinnet developers"  # noqa: A001 - Sphinx's name
release = "0.1.0"

extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.mathjax", "numpydoc"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist"]
myst_heading_anchors = 3
exclude_patterns = ["_build", "_generated"]  # included by the pages that show them
suppress_warnings = ["myst.header"]

autodoc_member_order = "bysource"
autodoc_typehints = "none"
numpydoc_show_class_members = False
numpydoc_validation_checks: set[str] = set()

html_theme = "pydata_sphinx_theme"
html_title = "spinnet"
html_static_path: list[str] = []
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
}
