"""The papers the pipeline reproduces: one short key each and one citation table.

Code comments, docstrings, the report and the docs cite a paper by its key, e.g. ``[Cao2023]
Eq. 3``; the plain-text copies in ``shared/papers/`` are named by the ``stem`` below, which also
names the paper's accuracy table in the config (``paper_tables``). Fields the stored text does
not give are ``None``, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Citation:
    """One paper: its key, the stem of its text file, and what the text gives of its record."""

    key: str
    stem: str
    authors: tuple[str, ...] | None
    title: str
    journal: str | None
    year: int | None
    doi: str | None
    reproduced: str

    def reference(self) -> str:
        """One line for a reference list: authors, title, journal (year), DOI."""
        parts = [", ".join(self.authors) if self.authors else "authors not in the stored text",
                 f'"{self.title}"']
        if self.journal:
            parts.append(f"{self.journal} ({self.year})" if self.year else self.journal)
        if self.doi:
            parts.append(f"doi:{self.doi}")
        return f"[{self.key}] " + ", ".join(parts)


CITATIONS: dict[str, Citation] = {c.key: c for c in (
    Citation(
        key="SpinSN", stem="000_b80c2bbb1e406ce7", authors=None,
        title="Stripe-domain spin synapse (spin-S) and domain-wall sigmoid neuron (spin-N) with "
              "Hall-voltage output in MgO/CoFeB/W (descriptive; the stored text has no title)",
        journal=None, year=None, doi=None,
        reproduced="stripe-domain and conventional-DW synapses, creep law, Boltzmann sigmoid "
                   "neuron (x0, k), beta nonlinearity, 784-128-10 table, (x0, k') and "
                   "(beta_p, beta_d) maps"),
    Citation(
        key="Cao2023", stem="001_cc54ba26b2221b11",
        authors=("Z. Cao", "S. Zhang", "J. Hou", "W. Duan", "L. You"),
        title="All-Spin Artificial Neural Network Based on Spin-Orbit Torque-Induced "
              "Magnetization Switching",
        journal="IEEE Trans. Electron Devices", year=2023, doi="10.1109/TED.2023.3327031",
        reproduced="SOT multi-state synapse (exponential A = 22 / 9), C2C and D2D variation, "
                   "SOT ReLU-like neuron, 784-100-10 table, neuron energy"),
    Citation(
        key="Zhou2021", stem="003_8b836583147ae0e4",
        authors=("J. Zhou", "T. Zhao", "X. Shu", "L. Liu", "W. Lin", "S. Chen", "S. Shi",
                 "X. Yan", "X. Liu", "J. Chen"),
        title="Spin-Orbit Torque-Induced Domain Nucleation for Neuromorphic Computing",
        journal="Adv. Mater.", year=2021, doi="10.1002/adma.202103672",
        reproduced="nucleation sigmoid neuron (normal CDF), SET/RESET protocol, 784-10-10 "
                   "sigmoid network, ideal / analog / live accuracies"),
)}

BY_STEM: dict[str, Citation] = {c.stem: c for c in CITATIONS.values()}
