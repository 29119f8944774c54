"""Where a catalog was read from, to read it again when a message needs its lines.

A loaded config keeps the catalog's values (validated products), not the YAML tree with the
line and column of every key and value: at 10,000 SKUs that tree is tens of megabytes, held a
whole sync for nothing. `coopsync validate` (listing-rule problems located at `file:line:col`)
reads the file again through `CatalogSource.read`; a file that changed since it was loaded is
not used (its lines would point at the wrong place), and the problems then name the product
and field without a line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from coopsync.loading.problems import display_file
from coopsync.loading.yamltree import YamlDoc, read_yaml


@dataclass(frozen=True)
class CatalogSource:
    """The catalog file (the config itself when the catalog is inline) as it was read."""

    path: Path
    digest: str  # sha256 of the bytes read
    env: Mapping[str, str] = field(repr=False)  # what `${VAR}` expanded to
    what: str = "catalog"

    @property
    def display(self) -> str:
        return display_file(self.path)

    def read(self) -> YamlDoc | None:
        """The file with the marks of every value, or None when it is not as it was loaded."""
        doc = read_yaml(self.path, self.env, what=self.what)
        if doc.digest != self.digest or doc.data is None:
            return None
        return doc
