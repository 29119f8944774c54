"""Reading YAML with positions, `${VAR}` expansion and located, translated problems."""

from coopsync.loading.problems import ConfigInvalid, Problem, format_path
from coopsync.loading.yamltree import Mark, YamlDoc, read_yaml

__all__ = ["ConfigInvalid", "Mark", "Problem", "YamlDoc", "format_path", "read_yaml"]
