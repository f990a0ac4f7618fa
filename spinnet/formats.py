"""The JSON records the stages hand each other, one owner class per format.

Each format is a frozen dataclass subclass of :class:`JsonRecord` that declares its format
version (``FORMAT``), its name and the stage that writes it, and the keys each status
carries. ``write`` puts the version first and writes atomically with a checksum
(:func:`spinnet.provenance.write_json`); ``read`` checks that the file is whole and unaltered,
of this version, with its status's keys, and raises :class:`FormatError` naming the file and
the problem otherwise. A record is read like the mapping it holds (``record["curve"]``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Self

from .provenance import read_json, write_json


class FormatError(ValueError):
    """A file between stages that is not whole, not of its format version, or lacks a key."""


@dataclass(frozen=True)
class JsonRecord(Mapping):
    """One JSON record between stages: ``content`` holds its keys, without the format."""

    FORMAT: ClassVar[str]
    NAME: ClassVar[str]
    WRITER: ClassVar[str]
    # status -> keys a record of that status carries (None: any status, these keys)
    KEYS: ClassVar[Mapping[str | None, tuple[str, ...]]] = {}

    content: Mapping[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.content[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.content)

    def __len__(self) -> int:
        return len(self.content)

    @property
    def status(self) -> str | None:
        """The record's status (``ok`` or the reason class of a device that cannot work)."""
        return self.content.get("status")

    def problems(self) -> list[str]:
        """What the record lacks for its status; a subclass adds its own checks."""
        if None in self.KEYS:
            needed = self.KEYS[None]
        elif self.status in self.KEYS:
            needed = self.KEYS[self.status]
        else:
            return [f"status {self.status!r} is not one of {sorted(self.KEYS)}"]
        missing = [key for key in needed if key not in self.content]
        return [f"lacks {missing}, which a {self.status!r} {self.NAME} carries"] if missing else []

    def to_dict(self) -> dict:
        """The file's JSON object: the format version, then the content."""
        return {"format": self.FORMAT, **{k: v for k, v in self.content.items()
                                          if k != "format"}}

    def write(self, path: str | Path) -> None:
        """Write the record atomically, checked as a reader would check it."""
        problems = self.problems()
        if problems:
            raise FormatError(f"{path}: refusing to write a {self.NAME} that "
                              + "; ".join(problems))
        write_json(path, self.to_dict())

    @classmethod
    def read(cls, path: str | Path) -> Self:
        """The record of a file: whole and unaltered, of this format version, with its
        status's keys; :class:`FormatError` naming the file and the problem otherwise."""
        values = read_json(path)
        if values.get("format") != cls.FORMAT:
            raise FormatError(f"{path}: not a {cls.FORMAT} {cls.NAME} file (format "
                              f"{values.get('format')!r}); rerun the {cls.WRITER}")
        record = cls({k: v for k, v in values.items() if k != "format"})
        problems = record.problems()
        if problems:
            raise FormatError(f"{path}: " + "; ".join(problems))
        return record
