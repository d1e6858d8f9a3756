"""The vocabulary of indicator values: direction words, approximation words, units by dimension, deadline
words. Shipped as ``vocabulary.yaml``; a rule set's ``vocabulary:`` key is merged over it."""

from __future__ import annotations

from fractions import Fraction
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from jixiao.yaml_text import parse_yaml_text

Direction = Literal[">=", "<=", "="]

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")


class _Words(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Directions(_Words):
    before: dict[str, Direction] = Field(default_factory=dict)
    after: dict[str, Direction] = Field(default_factory=dict)


class Approximate(_Words):
    before: list[str] = Field(default_factory=list)
    after: list[str] = Field(default_factory=list)


class Dimension(_Words):
    """Units of one dimension and the factor that takes each to ``base`` (exact: ``"1/24"``, ``"0.0001"``)."""

    base: str
    units: dict[str, str | int] = Field(default_factory=dict)

    @field_validator("units")
    @classmethod
    def _factors_are_numbers(cls, units: dict[str, str | int]) -> dict[str, str | int]:
        for unit, factor in units.items():
            try:
                value = Fraction(str(factor))
            except (ValueError, ZeroDivisionError):
                raise ValueError(f"单位“{unit}”的换算系数“{factor}”不是数字或分数") from None
            if value <= 0:
                raise ValueError(f"单位“{unit}”的换算系数应为正数")
        return units


class Deadlines(_Words):
    year_end: list[str] = Field(default_factory=list)
    first_half: list[str] = Field(default_factory=list)
    quarters: dict[str, int] = Field(default_factory=dict)
    next_year: list[str] = Field(default_factory=list)
    met: list[str] = Field(default_factory=list)
    missed: list[str] = Field(default_factory=list)


class Vocabulary(BaseModel):
    """Everything the value parser recognises; see ``vocabulary.yaml`` for the shipped words."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    directions: Directions = Field(default_factory=Directions)
    approximate: Approximate = Field(default_factory=Approximate)
    band_separators: list[str] = Field(default_factory=list)
    plus_minus: list[str] = Field(default_factory=list)
    units: dict[str, Dimension] = Field(default_factory=dict)
    magnitudes: dict[str, int] = Field(default_factory=dict)
    deadlines: Deadlines = Field(default_factory=Deadlines)

    @cached_property
    def unit_table(self) -> dict[str, tuple[str, Fraction]]:
        """Every unit as written → (dimension, factor to the dimension's base)."""
        table: dict[str, tuple[str, Fraction]] = {}
        for name, dimension in self.units.items():
            for unit, factor in dimension.units.items():
                table[unit] = (name, Fraction(str(factor)))
        return table

    @cached_property
    def units_longest_first(self) -> tuple[str, ...]:
        return tuple(sorted(self.unit_table, key=len, reverse=True))

    @cached_property
    def before_longest_first(self) -> tuple[str, ...]:
        return tuple(sorted(self.directions.before, key=len, reverse=True))

    @cached_property
    def after_longest_first(self) -> tuple[str, ...]:
        return tuple(sorted(self.directions.after, key=len, reverse=True))

    @cached_property
    def memo(self) -> dict[str, object]:
        """Values already parsed with this vocabulary (the parser is pure; tables repeat their forms)."""
        return {}

    def base_unit(self, dimension: str) -> str:
        found = self.units.get(dimension)
        return found.base if found else ""


def load_vocabulary_data() -> dict[str, Any]:
    """The shipped vocabulary as plain data (read through the bounded YAML reader)."""
    data, _ = parse_yaml_text(VOCABULARY_FILE.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise TypeError("vocabulary.yaml must be a mapping")
    return data


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """The shipped vocabulary (rule sets that say nothing about ``vocabulary`` use it as is)."""
    return Vocabulary.model_validate(load_vocabulary_data())
