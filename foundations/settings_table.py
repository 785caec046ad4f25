"""README.md's configuration table, rendered from the declarations in ``foundations.settings``.

Run ``.venv/bin/python -m foundations.settings_table`` and paste its output over the table in
README.md; ``tests/test_settings_table.py`` fails while the two differ.
"""
from __future__ import annotations

import os

from foundations.settings import ENV_PREFIX, PROJECT_ROOT, Settings

HEADER = ("| variable | default | meaning |", "| --- | --- | --- |")


def shown_default(value: object) -> str:
    """A default as the table shows it: paths in the project relative, flags as ``1``/``0``."""
    if value in (None, "", ()):
        return "unset"
    if isinstance(value, bool):
        return f"`{int(value)}`"
    if isinstance(value, float):
        return f"`{value:g}`"
    return f"`{str(value).replace(f'{PROJECT_ROOT}{os.sep}', '')}`"


def configuration_table() -> str:
    """The markdown table: one row per setting, in declaration order."""
    rows = [f"| `{ENV_PREFIX}{name.upper()}` | {shown_default(field.default)} | {field.description} |"
            for name, field in Settings.model_fields.items()]
    return "\n".join([*HEADER, *rows])


if __name__ == "__main__":
    print(configuration_table())
