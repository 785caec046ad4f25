"""Build the ASK skill-package interaction models from ``sources/*.yaml``.

Each feature keeps its intents and slot types in its own source file; this script merges
them into ``interactionModels/custom/<locale>.json`` for every locale in ``skill.json``.
Run it after editing a source file (a test fails while the JSON is out of date):

    python interaction_model/build.py
"""
from __future__ import annotations

import json
from pathlib import Path

from foundations.yaml_loader import load_yaml

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
MODELS = HERE / "interactionModels" / "custom"
INVOCATION_NAME = "cramp coach"


def locales() -> list[str]:
    manifest = json.loads((HERE / "skill.json").read_text(encoding="utf-8"))
    return sorted(manifest["manifest"]["publishingInformation"]["locales"])


def merged_sources(directory: Path = SOURCES) -> dict:
    intents, types, dialog_intents = [], [], []
    for path in sorted(directory.glob("*.yaml")):
        source = load_yaml(path) or {}
        intents += source.get("intents", [])
        types += source.get("types", [])
        dialog_intents += source.get("dialog", [])
    return {"intents": intents, "types": types, "dialog": dialog_intents}


def interaction_model(sources: dict) -> dict:
    intents = [_intent(intent) for intent in sources["intents"]]
    model = {
        "interactionModel": {
            "languageModel": {
                "invocationName": INVOCATION_NAME,
                "intents": intents,
                "types": [_slot_type(slot_type) for slot_type in sources["types"]],
            }
        }
    }
    if sources["dialog"]:
        model["interactionModel"]["dialog"] = {"intents": sources["dialog"], "delegationStrategy": "ALWAYS"}
    return model


def _intent(intent: dict) -> dict:
    built = {"name": intent["name"], "samples": list(intent.get("samples", []))}
    if intent.get("slots"):
        built["slots"] = [_slot(slot) for slot in intent["slots"]]
    return built


def _slot(slot: dict) -> dict:
    built = {"name": slot["name"], "type": slot["type"], "samples": slot.get("samples", [])}
    if "multipleValues" in slot:  # one slot holding a list, e.g. "mondays, wednesdays and fridays"
        built["multipleValues"] = slot["multipleValues"]
    return built


def _slot_type(slot_type: dict) -> dict:
    return {
        "name": slot_type["name"],
        "values": [
            {"id": value["id"], "name": {"value": value["value"], "synonyms": list(value.get("synonyms", []))}}
            for value in slot_type["values"]
        ],
    }


def rendered_models() -> dict[Path, str]:
    text = json.dumps(interaction_model(merged_sources()), indent=2, ensure_ascii=False) + "\n"
    return {MODELS / f"{locale}.json": text for locale in locales()}


def main() -> None:
    MODELS.mkdir(parents=True, exist_ok=True)
    for path, text in rendered_models().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(HERE)}")


if __name__ == "__main__":
    main()
