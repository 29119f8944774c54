"""The configuration a shop writes (`coopsync.yaml`) and `load_config`, which reads it.

`load_config(path)` reads the config and its catalog, expands `${VAR}` from the environment or
a `.env` beside the config, validates everything and either returns a `LoadedConfig` or raises
`ConfigInvalid` (a `ConfigError`, exit 2) listing every problem with `file:line:col`.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, Self, Union, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    create_model,
    field_validator,
)
from pydantic_core import PydanticCustomError

from coopsync import platforms, secrets
from coopsync.catalog import Catalog, CatalogFile, Count, Product
from coopsync.channel_config import ChannelBase, PluginChannel, PriceRules, StockRules
from coopsync.loading import channels as written
from coopsync.loading.checks import check_catalog, validate_products
from coopsync.loading.problems import ConfigInvalid, Problem, display_file, format_path
from coopsync.loading.reread import CatalogSource
from coopsync.loading.validation import validate
from coopsync.loading.yamltree import YamlDoc, read_yaml

__all__ = [
    "Config",
    "ConfigInvalid",
    "LoadedConfig",
    "PriceRules",
    "Shop",
    "StockRules",
    "load_config",
]

DEFAULT_CONFIG = Path("coopsync.yaml")


class Shop(BaseModel):
    """Who is selling."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    name: str = Field(min_length=1)
    currency: Literal["IDR"] = "IDR"
    timezone: str = "Asia/Jakarta"
    language: Literal["id", "en"] | None = Field(
        None, description="CLI messages and reports; default: `id` on an Indonesian locale"
    )
    contact: str | None = Field(None, description="a phone or e-mail mentors can reach")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise PydanticCustomError("timezone", "unknown time zone") from exc
        return value


class ReportSettings(BaseModel):
    """How `coopsync report` reads this shop (`report: {low_stock: 3}`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    low_stock: Count = Field(3, description="a variant with this many available or fewer is low")


class Config(BaseModel):
    """The root of `coopsync.yaml`."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    shop: Shop
    state_dir: str = Field(".coopsync", description="relative to the config file")
    state: str | None = Field(
        None,
        description=(
            "where the state lives: `sqlite` (the default, a file in state_dir) or a"
            " postgresql://… URL (better: ${COOPSYNC_STATE_URL} from .env)"
        ),
    )
    catalog: str | None = Field(None, description="a YAML file of products, relative to the config")
    products: list[Product] | None = None
    channels: dict[str, ChannelBase] = Field(default_factory=dict)
    restock_returns: bool = Field(
        False, description="returned units go back on the shelf without a new count"
    )
    report: ReportSettings = Field(default_factory=ReportSettings)

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Self:
        """Validate with each channel's own settings model, from its platform's descriptor."""
        if cls is not Config:
            return super().model_validate(obj, **kwargs)
        return cast(Self, config_model(_platforms_in(obj)).model_validate(obj, **kwargs))


_UNKNOWN = "?unknown"  # the tag of a channel whose platform nothing installed provides


def _platforms_in(data: Any) -> frozenset[str]:
    channels = data.get("channels") if isinstance(data, dict) else None
    if not isinstance(channels, dict):
        return frozenset()
    return frozenset(
        str(raw["platform"])
        for raw in channels.values()
        if isinstance(raw, dict) and isinstance(raw.get("platform"), str)
    )


def config_model(platform_names: frozenset[str]) -> type[Config]:
    """`Config` whose channels validate with the settings model of each platform named (by
    name or alias), as registered; a platform nothing provides validates loosely and is
    reported by `load_config` as unknown."""
    found = platforms.descriptors_for(sorted(platform_names))
    members = {d.name: d.settings for d in found.values()}
    aliases = {written: d.name for written, d in found.items() if written != d.name}
    return _config_model(tuple(sorted(members.items())), tuple(sorted(aliases.items())))


@functools.cache
def _config_model(
    members: tuple[tuple[str, type[ChannelBase]], ...], aliases: tuple[tuple[str, str], ...]
) -> type[Config]:
    tags = {name for name, _ in members}
    canonical_names = dict(aliases)

    def canonical(value: Any) -> Any:
        # An alias validates as the platform it names.
        if isinstance(value, dict) and value.get("platform") in canonical_names:
            return {**value, "platform": canonical_names[value["platform"]]}
        return value

    def tag_of(value: Any) -> str | None:
        platform = (
            value.get("platform") if isinstance(value, dict) else getattr(value, "platform", None)
        )
        if platform is None:
            return None
        return str(platform) if str(platform) in tags else _UNKNOWN

    choices = [Annotated[model, Tag(name)] for name, model in members]
    choices.append(Annotated[PluginChannel, Tag(_UNKNOWN)])
    union: Any = Union[tuple(choices)]  # noqa: UP007
    channel: Any = Annotated[union, Discriminator(tag_of), BeforeValidator(canonical)]
    model: type[Config] = create_model(
        "Config",
        __base__=Config,
        __module__=__name__,
        channels=(dict[str, channel], Field(default_factory=dict)),
    )
    return model


@dataclass(frozen=True)
class LoadedConfig:
    """A validated configuration with its catalog and absolute paths."""

    config: Config
    catalog: Catalog
    config_path: Path
    state_dir: Path
    catalog_path: Path | None = None
    warnings: tuple[Problem, ...] = ()
    # Where to read the catalog's YAML tree again; the tree itself (tens of MB at 10,000 SKUs)
    # is kept only when `load_config(keep_marks=True)` asked for it.
    catalog_source: CatalogSource | None = field(default=None, repr=False, compare=False)
    kept_doc: YamlDoc | None = field(default=None, repr=False, compare=False)

    @property
    def catalog_doc(self) -> YamlDoc | None:
        """The catalog with the line of every value (for located messages: `coopsync
        validate`): the tree kept at load, else read again from the file; None when the file
        changed since it was loaded."""
        if self.kept_doc is not None:
            return self.kept_doc
        return self.catalog_source.read() if self.catalog_source is not None else None

    @property
    def base_dir(self) -> Path:
        """The config file's folder: relative paths in the config start here."""
        return self.config_path.parent

    @property
    def channels(self) -> Mapping[str, ChannelBase]:
        return self.config.channels

    def enabled_channels(self) -> dict[str, ChannelBase]:
        return {name: ch for name, ch in self.config.channels.items() if ch.enabled}


@dataclass(frozen=True)
class PartialShop:
    """The products and channels that validated in a config that has problems elsewhere."""

    products: tuple[tuple[int, Product], ...]  # (index in the catalog file, product)
    channels: dict[str, ChannelBase]
    catalog_doc: YamlDoc | None = field(default=None, repr=False, compare=False)


def _register_secrets(config: Config) -> None:
    for channel in config.channels.values():
        for value in channel.secret_values():
            secrets.register_secret(value)


def _load_catalog(
    config_doc: YamlDoc, config_path: Path, env: Mapping[str, str]
) -> tuple[list[tuple[int, Product]] | None, YamlDoc, Path | None, list[Problem]]:
    data = config_doc.data if isinstance(config_doc.data, dict) else {}
    catalog_value = data.get("catalog")
    if isinstance(catalog_value, str) and catalog_value:
        if "products" in data:
            problem = config_doc.problem("catalog_and_products", ("products",), key=True)
            return None, config_doc, None, [problem]
        catalog_path = (config_path.parent / catalog_value).expanduser()
        doc = read_yaml(catalog_path, env, what="catalog")
        problems = list(doc.problems)
        if any(p.code in ("file_missing", "is_directory", "file_unreadable") for p in problems):
            # Point at the `catalog:` line of the config, where the fix is.
            mark = config_doc.mark(("catalog",))
            problems = [
                Problem(
                    code="catalog_" + p.code,
                    file=config_doc.display,
                    line=mark.line if mark else None,
                    col=mark.col if mark else None,
                    path="catalog",
                    params={**p.params, "file": display_file(catalog_path)},
                )
                for p in problems
            ]
            return None, doc, catalog_path, problems
        problems.extend(_catalog_unset(doc))
        if doc.data is None:
            return None, doc, catalog_path, problems
        raw = doc.data
        if isinstance(raw, dict):
            _, errors = validate(CatalogFile, {**raw, "products": []}, doc)
            problems.extend(errors)
            raw = raw.get("products")
            if raw is None:
                problems.append(doc.problem("no_products", ("products",), key=True))
                return None, doc, catalog_path, problems
        products, errors = validate_products(raw, doc)
        problems.extend(errors)
        return products, doc, catalog_path, problems
    if "products" not in data and "catalog" not in data:
        return None, config_doc, None, [config_doc.problem("no_products", ())]
    if data.get("products") is None:
        return None, config_doc, None, [config_doc.problem("no_products", ("products",), key=True)]
    products, errors = validate_products(data["products"], config_doc)
    return products, config_doc, None, errors


def _catalog_unset(doc: YamlDoc) -> list[Problem]:
    """Unset `${VAR}`s in a catalog file: each is an error (catalogs hold no secrets)."""
    return [
        doc.problem(
            "unset_var_global",
            unset.path,
            names=", ".join(unset.names),
            first=unset.names[0],
            dotenv=".env",
        )
        for unset in doc.unset
    ]


def load_config(
    path: Path,
    *,
    check_images: bool = True,
    environ: Mapping[str, str] | None = None,
    keep_marks: bool = False,
) -> LoadedConfig:
    """Read, expand and validate a config and its catalog; raise `ConfigInvalid` listing every
    problem (exit code 2). Secrets found are registered for redaction. `environ` replaces the
    process environment for `${VAR}` (the fleet gives each shop its own). `keep_marks` keeps
    the catalog's YAML tree (where every value is written) for a command that locates more
    problems right away; otherwise it is read again when asked for (`catalog_doc`)."""
    config_path = Path(path).expanduser().absolute()
    env, warnings, dotenv_path = written.environment(config_path, environ)
    doc = read_yaml(config_path, env)
    problems: list[Problem] = list(doc.problems)
    if doc.data is None:
        raise ConfigInvalid(problems + warnings, file=doc.display)
    if not isinstance(doc.data, dict):
        shape = "list" if isinstance(doc.data, list) else "text"
        problems.append(doc.problem(f"top_not_mapping/{shape}", ()))
        raise ConfigInvalid(problems + warnings, file=doc.display)

    # `x-...` keys hold YAML anchors to reuse (as in docker-compose); they are not settings.
    doc.data = {k: v for k, v in doc.data.items() if not str(k).startswith("x-")}
    written.register_raw_secrets(doc)
    channel_problems, handled = written.channel_problems(doc, display_file(dotenv_path))
    problems.extend(channel_problems)
    inline = doc.data.get("products")
    model = config_model(_platforms_in(doc.data))
    config, errors = validate(model, {**doc.data, "products": None}, doc)
    reported = {f"channels.{name}" for name in handled}
    unset_paths = {format_path(unset.path) for unset in doc.unset}
    problems.extend(
        p
        for p in errors
        # Missing credentials and unset variables were reported above, field by field.
        if not (
            p.code == "invalid"
            and str(p.params.get("detail", "")).startswith("missing credentials")
            and p.path in reported
        )
        and p.path not in unset_paths
    )
    problems.extend(written.plugin_problems(doc))
    if config is not None:
        _register_secrets(config)
        if not config.channels:
            warnings.append(
                doc.problem(
                    "no_channels",
                    ("channels",),
                    key=True,
                    severity="warning",
                    example=platforms.example_platform(),
                )
            )

    products, catalog_doc, catalog_path, catalog_problems = _load_catalog(doc, config_path, env)
    problems.extend(catalog_problems)
    base_dir = catalog_path.parent if catalog_path else config_path.parent
    if catalog_doc.data is not None:
        channel_platforms = {
            name: str(raw.get("platform")) if isinstance(raw, dict) else ""
            for name, raw in written.raw_channels(doc).items()
        }
        found = check_catalog(catalog_doc, channel_platforms, base_dir)
        if not check_images:
            found = [p for p in found if p.code != "image_missing"]
        problems.extend(found)

    if any(p.severity == "error" for p in problems) or config is None or products is None:
        partial = PartialShop(
            products=tuple(products or ()),
            channels=dict(config.channels) if config is not None else written.valid_channels(doc),
            catalog_doc=catalog_doc,
        )
        raise ConfigInvalid(problems + warnings, file=doc.display, partial=partial)
    state_dir = Path(os.path.expanduser(config.state_dir))
    if not state_dir.is_absolute():
        state_dir = config_path.parent / state_dir
    catalog = Catalog(tuple(product for _, product in products), base_dir=base_dir)
    if inline is not None:
        config = config.model_copy(update={"products": list(catalog)})
    return LoadedConfig(
        config=config,
        catalog=catalog,
        config_path=config_path,
        state_dir=state_dir,
        catalog_path=catalog_path,
        warnings=tuple(problems + warnings),
        catalog_source=CatalogSource(
            catalog_doc.path,
            catalog_doc.digest,
            env,
            what="catalog" if catalog_path is not None else "config",
        ),
        kept_doc=catalog_doc if keep_marks else None,
    )


def peek_language(path: Path) -> str | None:
    """`shop.language` of a config without validating it (to pick the CLI language early)."""
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8-sig"))
        language = data["shop"]["language"]
    except Exception:  # any unreadable config: the real load reports it
        return None
    return language if language in ("id", "en") else None
