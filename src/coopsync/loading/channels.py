"""The channels of a config as written, before the config validates as a whole: each channel
validated on its own, `${VAR}`s left unset and credentials missing (located, per channel),
platforms no installed package provides, the `.env` beside the config, and secret values
masked as soon as they are read."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from coopsync import platforms, secrets
from coopsync.channel_config import ChannelBase
from coopsync.loading.envvars import load_dotenv
from coopsync.loading.problems import Problem, display_file
from coopsync.loading.validation import suggest
from coopsync.loading.yamltree import YamlDoc


def valid_channels(doc: YamlDoc) -> dict[str, ChannelBase]:
    """Each channel that validates on its own (the config as a whole did not)."""
    from pydantic import ValidationError

    found: dict[str, ChannelBase] = {}
    for name, raw in raw_channels(doc).items():
        platform = raw.get("platform") if isinstance(raw, dict) else None
        descriptor = platforms.find_descriptor(platform) if isinstance(platform, str) else None
        if descriptor is None:
            continue
        try:
            found[name] = descriptor.settings.model_validate(raw)
        except ValidationError:
            continue
    return found


def required_credentials(model: type[ChannelBase]) -> tuple[str, ...]:
    """Credential fields a channel of this model needs when it is not a sandbox."""
    private = model.__private_attributes__.get("_required_credentials")
    default = getattr(private, "default", ())
    return tuple(default) if isinstance(default, tuple) else ()


def _env_name(channel: str, field_name: str) -> str:
    cleaned = "".join(c if c.isalnum() else "_" for c in channel).upper()
    return f"{cleaned}_{field_name.upper()}"


def _is_true(value: Any) -> bool:
    return value is True


def channel_problems(doc: YamlDoc, dotenv_name: str) -> tuple[list[Problem], set[str]]:
    """Unset `${VAR}`s and missing credentials, per channel; names of channels checked here."""
    problems: list[Problem] = []
    handled: set[str] = set()
    written = raw_channels(doc)
    unset_in: dict[str, set[str]] = {}
    for unset in doc.unset:
        path = unset.path
        names, first = ", ".join(unset.names), unset.names[0]
        if len(path) >= 3 and path[0] == "channels" and str(path[1]) in written:
            name = str(path[1])
            raw = written[name]
            if isinstance(raw, dict) and _is_true(raw.get("sandbox")):
                continue  # a sandbox needs no account
            if isinstance(raw, dict) and len(path) == 3 and _optional(raw, str(path[2])):
                # `access_token: ${SHOPEE_ACCESS_TOKEN}` with the variable unset or empty: the
                # optional setting is simply not given (the refresh token gets an access token).
                raw.pop(str(path[2]), None)
                continue
            unset_in.setdefault(name, set()).add(str(path[2]))
            problems.append(
                doc.problem(
                    "unset_var", path, channel=name, names=names, first=first, dotenv=dotenv_name
                )
            )
        else:
            problems.append(
                doc.problem("unset_var_global", path, names=names, first=first, dotenv=dotenv_name)
            )
    for name, raw in written.items():
        # Only a channel that is surely live (`sandbox: false` or absent) needs credentials.
        if not isinstance(raw, dict) or raw.get("sandbox", False) is not False:
            continue
        descriptor = platforms.find_descriptor(str(raw.get("platform")))
        if descriptor is None:
            continue
        model = descriptor.settings
        handled.add(name)
        for field_name in required_credentials(model):
            if raw.get(field_name) not in (None, "") or field_name in unset_in.get(name, set()):
                continue
            problems.append(
                doc.problem(
                    "missing_credential",
                    ("channels", name),
                    key=True,
                    channel=name,
                    platform=raw.get("platform"),
                    field=field_name,
                    env=_env_name(name, field_name),
                )
            )
    return problems, handled


def _optional(raw: dict[str, Any], field_name: str) -> bool:
    """Whether a channel setting may be left out (not a credential its platform requires)."""
    descriptor = platforms.find_descriptor(str(raw.get("platform")))
    if descriptor is None:
        return False
    model = descriptor.settings
    return field_name in model.model_fields and field_name not in required_credentials(model)


def raw_channels(doc: YamlDoc) -> dict[str, Any]:
    data = doc.data if isinstance(doc.data, dict) else {}
    channels = data.get("channels")
    return {str(k): v for k, v in channels.items()} if isinstance(channels, dict) else {}


def plugin_problems(doc: YamlDoc) -> list[Problem]:
    """Channels whose platform no installed package provides (located, listing what is)."""
    unknown = {
        name: str(raw["platform"])
        for name, raw in raw_channels(doc).items()
        if isinstance(raw, dict)
        and isinstance(raw.get("platform"), str)
        and platforms.find_descriptor(raw["platform"]) is None
    }
    if not unknown:
        return []
    known = platforms.known_names()
    return [
        doc.problem(
            "unknown_platform",
            ("channels", name, "platform"),
            got=platform,
            known=", ".join(known) or "-",
            close=suggest(platform, known) or "",
        )
        for name, platform in unknown.items()
    ]


def environment(
    config_path: Path, environ: Mapping[str, str] | None = None
) -> tuple[dict[str, str], list[Problem], Path]:
    dotenv_path = config_path.parent / ".env"
    values, bad_lines = load_dotenv(dotenv_path)
    # The real environment wins over .env (the fleet passes each shop's own view of it).
    env = {**values, **(os.environ if environ is None else environ)}
    problems = [
        Problem(
            code="dotenv_line",
            file=display_file(dotenv_path),
            line=bad.line,
            col=1,
            params={"file": display_file(dotenv_path), "line": bad.line},
            severity="warning",
        )
        for bad in bad_lines
    ]
    return env, problems, dotenv_path


def register_raw_secrets(doc: YamlDoc) -> None:
    """Mask secret values even when the config does not validate (they may reach --debug)."""
    for raw in raw_channels(doc).values():
        if not isinstance(raw, dict):
            continue
        descriptor = platforms.find_descriptor(str(raw.get("platform")))
        declared = descriptor.secret_fields() if descriptor is not None else frozenset()
        for key, value in raw.items():
            if isinstance(value, str) and (key in declared or platforms.looks_secret(str(key))):
                secrets.register_secret(value)
