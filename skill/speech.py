"""The spoken-text catalogue: prompts keyed by purpose, one folder of YAML files per locale.

Each feature keeps its prompts in its own file (``skill/locale/en-US/stretch.yaml`` holds
the ``stretch.*`` keys); the files of a locale are merged and a key may be defined once.

Lookups fall back from the exact locale (``en-GB``) to the language (``en``) and then to
``en-US``, so a locale without its own file still speaks.
"""
from __future__ import annotations

import random
from pathlib import Path

from foundations.yaml_loader import load_yaml

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DEFAULT_LOCALE = "en-US"


class SpeechCatalogue:
    """Every prompt the skill speaks that is not a health fact."""

    def __init__(self, catalogues: dict[str, dict[str, str | list[str]]]):
        if DEFAULT_LOCALE not in catalogues:
            raise ValueError(f"speech catalogue needs {DEFAULT_LOCALE}")
        self._catalogues = catalogues

    @classmethod
    def load(cls, directory: Path = LOCALE_DIR) -> "SpeechCatalogue":
        catalogues: dict[str, dict[str, str | list[str]]] = {}
        for locale_dir in sorted(path for path in directory.iterdir() if path.is_dir()):
            merged = catalogues.setdefault(locale_dir.name, {})
            for path in sorted(locale_dir.glob("*.yaml")):
                entries = _flatten(load_yaml(path) or {})
                duplicated = merged.keys() & entries.keys()
                if duplicated:
                    raise ValueError(f"{path}: speech keys defined twice: {sorted(duplicated)}")
                merged.update(entries)
        return cls(catalogues)

    def entries(self, locale: str = DEFAULT_LOCALE) -> dict[str, str | list[str]]:
        """Every prompt of a locale (with en-US filling the gaps), for checks over all speech."""
        return {**self._catalogues[DEFAULT_LOCALE], **self._catalogues.get(locale, {})}

    def text(self, key: str, locale: str | None = None, rng: random.Random | None = None,
             **values: object) -> str:
        """The prompt for ``key`` in ``locale``, one variant picked at random, values filled in."""
        entry = self._lookup(key, locale or DEFAULT_LOCALE)
        if isinstance(entry, list):
            entry = (rng or random).choice(entry)
        return entry.format(**values) if values else entry

    def _lookup(self, key: str, locale: str) -> str | list[str]:
        for candidate in (locale, locale.split("-")[0], DEFAULT_LOCALE):
            catalogue = self._catalogues.get(candidate)
            if catalogue and key in catalogue:
                return catalogue[key]
        raise KeyError(f"no speech for {key!r}")


def _flatten(tree: dict, prefix: str = "") -> dict[str, str | list[str]]:
    flat: dict[str, str | list[str]] = {}
    for name, value in tree.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            flat.update(_flatten(value, key + "."))
        else:
            flat[key] = value
    return flat
