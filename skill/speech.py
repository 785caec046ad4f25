"""The spoken-text catalogue, and the one way to speak it: a ``Speech`` per request.

Each feature keeps its prompts in its own file (``skill/locale/en-US/stretch.yaml`` holds
the ``stretch.*`` keys); the files of a locale are merged and a key may be defined once.
Lookups fall back from the exact locale (``en-GB``) to the language (``en``) and then to
``en-US``, so a locale without its own file still speaks.

Escaping, once: catalogue prompts are trusted SSML (``<say-as>`` is allowed) and never
escaped. Everything else is plain text and is escaped where it joins speech: a value filled
into a prompt by ``Speech.say``, or a piece passed to ``spoken`` (knowledge-base facts and
follow-ups, routine instructions and tips, habit facts). Both return ``markupsafe.Markup``,
which later joins and fills leave alone, so nothing is escaped twice; the response helpers
(``skill.handlers.base.ask``/``tell``) accept only ``Markup``.
"""
from __future__ import annotations

import random
from pathlib import Path

from markupsafe import Markup

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

    def template(self, key: str, locale: str, rng: random.Random) -> str:
        """The prompt for ``key`` in ``locale``, one variant picked at random, values not filled."""
        for candidate in (locale, locale.split("-")[0], DEFAULT_LOCALE):
            catalogue = self._catalogues.get(candidate)
            if catalogue and key in catalogue:
                entry = catalogue[key]
                return rng.choice(entry) if isinstance(entry, list) else entry
        raise KeyError(f"no speech for {key!r}")


class Speech:
    """What one request says: catalogue prompts in its locale, values filled in, as SSML."""

    def __init__(self, catalogue: SpeechCatalogue, locale: str, rng: random.Random):
        self.catalogue = catalogue
        self.locale = locale
        self.rng = rng

    def say(self, key: str, **values: object) -> Markup:
        """The prompt for ``key``; a plain ``str`` value is escaped, a ``Markup`` one kept as it is."""
        template = Markup(self.catalogue.template(key, self.locale, self.rng))
        return template.format(**values) if values else template

    def display(self, key: str, **values: object) -> str:
        """The prompt for ``key`` as plain text, for a card or a screen (shown, not spoken: no SSML)."""
        template = self.catalogue.template(key, self.locale, self.rng)
        return template.format(**values) if values else template


def require_markup(speech: Markup) -> Markup:
    """``speech``, checked to be made by ``Speech.say`` or ``spoken`` rather than plain text:
    what goes to Alexa's response builder passes through here."""
    if not isinstance(speech, Markup):
        raise TypeError(f"speech must come from Speech.say or spoken(), not a plain {type(speech).__name__}")
    return speech


def spoken(*parts: str, separator: str = " ") -> Markup:
    """Pieces said one after another (empty ones left out): plain text escaped, ``Markup`` kept."""
    return Markup(separator).join(part for part in parts if part)


def _flatten(tree: dict, prefix: str = "") -> dict[str, str | list[str]]:
    flat: dict[str, str | list[str]] = {}
    for name, value in tree.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            flat.update(_flatten(value, key + "."))
        else:
            flat[key] = value
    return flat
