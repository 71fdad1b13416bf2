"""LinkedIn's standardized data (seniorities, functions, industries, geos...) from the dbt seeds.

The CSVs under ``dbt_project/seeds`` are the single source of truth: the sandbox draws its
demographic values from them and dbt joins names onto URNs with the very same files, so a
URN the emulator emits always resolves in the marts.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"


@dataclass(frozen=True)
class StandardValue:
    """One standardized entity: its URN (or enum code), numeric id and English name."""

    urn: str
    id: int
    name: str


@dataclass(frozen=True)
class Geo:
    urn: str
    id: int
    name: str
    type: str  # "country" or "region"
    country_code: str


@dataclass(frozen=True)
class StaffCountRange:
    code: str  # the SIZE_* enum LinkedIn uses as the facet value
    name: str
    min_employees: int
    max_employees: int | None


@dataclass(frozen=True)
class JobTitle:
    urn: str
    id: int
    name: str
    function_urn: str
    verified: bool  # True when the id/name pair is confirmed by LinkedIn's documentation


def _rows(file_name: str) -> list[dict[str, str]]:
    with (SEEDS_DIR / file_name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _standard(file_name: str) -> tuple[StandardValue, ...]:
    return tuple(
        StandardValue(urn=row["urn"], id=int(row["id"]), name=row["name"])
        for row in _rows(file_name)
    )


@cache
def seniorities() -> tuple[StandardValue, ...]:
    return _standard("linkedin_seniorities.csv")


@cache
def job_functions() -> tuple[StandardValue, ...]:
    return _standard("linkedin_job_functions.csv")


@cache
def industries() -> tuple[StandardValue, ...]:
    return _standard("linkedin_industries.csv")


@cache
def job_titles() -> tuple[JobTitle, ...]:
    return tuple(
        JobTitle(
            urn=row["urn"],
            id=int(row["id"]),
            name=row["name"],
            function_urn=row["function_urn"],
            verified=row["verified"].strip().lower() == "true",
        )
        for row in _rows("linkedin_job_titles.csv")
    )


@cache
def staff_count_ranges() -> tuple[StaffCountRange, ...]:
    return tuple(
        StaffCountRange(
            code=row["code"],
            name=row["name"],
            min_employees=int(row["min_employees"]),
            max_employees=int(row["max_employees"]) if row["max_employees"] else None,
        )
        for row in _rows("linkedin_staff_count_ranges.csv")
    )


@cache
def geos() -> tuple[Geo, ...]:
    return tuple(
        Geo(
            urn=row["urn"],
            id=int(row["id"]),
            name=row["name"],
            type=row["type"],
            country_code=row["country_code"],
        )
        for row in _rows("linkedin_geos.csv")
    )


@cache
def countries() -> tuple[Geo, ...]:
    return tuple(geo for geo in geos() if geo.type == "country")


@cache
def regions() -> tuple[Geo, ...]:
    return tuple(geo for geo in geos() if geo.type == "region")


@cache
def country_by_code() -> dict[str, Geo]:
    return {geo.country_code: geo for geo in countries()}


@cache
def post_content_types() -> tuple[str, ...]:
    return tuple(row["content_type"] for row in _rows("linkedin_post_content_types.csv"))


@cache
def all_demographic_values() -> frozenset[str]:
    """Every URN / enum the seeds know, for integrity checks."""
    values: set[str] = set()
    for group in (seniorities(), job_functions(), industries(), job_titles(), geos()):
        values.update(item.urn for item in group)
    values.update(item.code for item in staff_count_ranges())
    return frozenset(values)
