"""Reads the agency's description from ORG_FILE (YAML), or the bundled demo default."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.core.organisation import Field, Organisation, Referral, Unit

DEFAULT_ORG_FILE = Path(__file__).parents[1] / "data" / "org.yaml"
REQUIRED = ("name", "short_name", "hotline", "address", "reception_hours", "fields")


class OrganisationFileError(ValueError):
    """ORG_FILE is missing something; the message names the file and the key."""


def load_organisation(path: Path | None = None) -> Organisation:
    path = path or DEFAULT_ORG_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise OrganisationFileError(f"{path}: {error}") from None
    if not isinstance(data, dict):
        raise OrganisationFileError(f"{path}: expected a mapping of settings")
    missing = [key for key in REQUIRED if not data.get(key)]
    if missing:
        raise OrganisationFileError(f"{path}: missing {', '.join(missing)}")
    try:
        fields = tuple(Field(str(f["id"]), str(f["name"]),
                             str(f["category"]) if f.get("category") else None)
                       for f in data["fields"])
        units = tuple(Unit(str(u["id"]), str(u["name"]), u.get("remote") is True)
                      for u in data.get("units") or ())
    except (KeyError, TypeError):
        message = f"{path}: each field and unit needs an id and a name"
        raise OrganisationFileError(message) from None
    return Organisation(
        name=str(data["name"]), short_name=str(data["short_name"]), hotline=str(data["hotline"]),
        address=str(data["address"]), reception_hours=str(data["reception_hours"]),
        fields=fields, units=units,
        allow_without_contact=bool(data.get("allow_without_contact", True)),
        referrals=_referrals(path, data.get("referrals") or ()),
        superior=str(data.get("superior") or ""),
        emblem=_emblem(path, data.get("emblem")),
    )


EMBLEM_TYPES = (".svg", ".png", ".jpg", ".jpeg")


def _emblem(path: Path, value: object) -> str | None:
    """The emblem's file, relative to ORG_FILE's folder; None when not given."""
    if not value:
        return None
    emblem = (path.parent / str(value)).resolve()
    if emblem.suffix.lower() not in EMBLEM_TYPES or not emblem.is_file():
        raise OrganisationFileError(f"{path}: emblem {value!r} must be an existing "
                                    f"{', '.join(EMBLEM_TYPES)} file")
    return str(emblem)


def _referrals(path: Path, items: object) -> tuple[Referral, ...]:
    try:
        return tuple(Referral(str(r["name"]), str(r["where"]), tuple(str(w) for w in r["words"]))
                     for r in items)  # type: ignore[union-attr]
    except (KeyError, TypeError):
        raise OrganisationFileError(f"{path}: each referral needs a name, where and words"
                                    ) from None
