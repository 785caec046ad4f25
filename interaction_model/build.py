"""Build the ASK skill package (``skill.json`` and the interaction models) from ``sources/*.yaml``.

Each feature keeps its intents and slot types in its own source file; this script merges
them into ``interactionModels/custom/<locale>.json`` for every locale of the manifest source,
``sources/manifest.yaml``, which it also renders into ``skill.json`` (the ASK CLI v2 layout).
Run it after editing a source file (a test fails while the JSON is out of date):

    python interaction_model/build.py
"""
from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

from foundations.yaml_loader import load_yaml

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
MODELS = HERE / "interactionModels" / "custom"
CONCEPTS = HERE.parent / "knowledge" / "concepts.yaml"
MANIFEST_SOURCE = "manifest.yaml"
SKILL_JSON = HERE / "skill.json"
INVOCATION_NAME = "cramp coach"
_CHOICE = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")


def manifest_source(directory: Path = SOURCES) -> dict:
    return load_yaml(directory / MANIFEST_SOURCE)


def locales() -> list[str]:
    return sorted(manifest_source()["locales"])


def merged_sources(directory: Path = SOURCES, concepts_file: Path = CONCEPTS) -> dict:
    intents, types, dialog_intents = [], [], []
    for path in sorted(directory.glob("*.yaml")):
        if path.name == MANIFEST_SOURCE:
            continue
        source = load_yaml(path) or {}
        intents += [_with_templates(intent) for intent in source.get("intents", [])]
        types += source.get("types", [])
        types += [concept_type(name, kinds, concepts_file) for name, kinds in (source.get("generated_types") or {}).items()]
        dialog_intents += source.get("dialog", [])
    return {"intents": intents, "types": types, "dialog": dialog_intents}


def expand(template: str) -> list[str]:
    """Every sentence a template stands for: "(a|b)" is one of the words, "[a]" is optional."""
    parts, choices, position = [], [], 0
    for match in _CHOICE.finditer(template):
        parts.append(template[position:match.start()])
        choices.append(match.group(1).split("|") if match.group(1) is not None else [match.group(2), ""])
        position = match.end()
    parts.append(template[position:])
    sentences = []
    for picked in itertools.product(*choices):
        text = parts[0] + "".join(choice + part for choice, part in zip(picked, parts[1:]))
        sentences.append(" ".join(text.split()))
    return sentences


def _with_templates(intent: dict) -> dict:
    """The intent with its templates expanded into samples, spread evenly over every template
    when there are more than ``max_samples``."""
    if "templates" not in intent:
        return intent
    expansions = [expand(template) for template in intent["templates"]]
    limit = intent.get("max_samples", 200)
    samples = list(dict.fromkeys(intent.get("samples", [])))
    for rank in itertools.count():
        added = [sentences[rank] for sentences in expansions if rank < len(sentences)]
        if not added or len(samples) >= limit:
            break
        samples += [sample for sample in added if sample not in samples]
    rest = {key: value for key, value in intent.items() if key not in ("templates", "max_samples")}
    return {**rest, "samples": samples[:limit]}


def concept_type(name: str, kinds: list[str], concepts_file: Path = CONCEPTS) -> dict:
    """A custom slot type of the knowledge base's concepts of ``kinds``, their words as synonyms."""
    concepts = load_yaml(concepts_file)["concepts"]
    values, seen = [], set()
    for concept_id, body in concepts.items():
        if body["kind"] not in kinds:
            continue
        words = [word for word in dict.fromkeys(str(word) for word in body["words"]) if word not in seen]
        seen.update(words)
        values.append({"id": concept_id.upper(), "value": words[0], "synonyms": words[1:]})
    return {"name": name, "values": values}


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


def skill_manifest(source: dict) -> dict:
    """``skill.json``: one publishing and privacy entry per locale, all from the same source text."""
    url = source["public_url"].rstrip("/")
    endpoint = {"uri": f"{url}/alexa", "sslCertificateType": "Trusted"}
    locales = {}
    for locale, values in sorted(source["locales"].items()):
        locales[locale] = {
            "name": source["name"],
            "summary": source["summary"],
            "description": source["description"].format(public_url=url, **values),
            "examplePhrases": [example["phrase"] for example in source["example_phrases"]],
            "keywords": list(source["keywords"]),
            "smallIconUri": f"{url}/assets/icons/cramp-coach-108.png",
            "largeIconUri": f"{url}/assets/icons/cramp-coach-512.png",
        }
    return {
        "manifest": {
            "manifestVersion": source["manifest_version"],
            "publishingInformation": {
                "locales": locales,
                "isAvailableWorldwide": True,
                "testingInstructions": testing_instructions(source["testing_instructions"], url),
                "category": source["category"],
            },
            "privacyAndCompliance": {
                **source["privacy"],
                "locales": {locale: {"privacyPolicyUrl": f"{url}/privacy", "termsOfUseUrl": f"{url}/terms"}
                            for locale in sorted(source["locales"])},
            },
            "permissions": [{"name": name} for name in source["permissions"]],
            "events": {"endpoint": endpoint,
                       "subscriptions": [{"eventName": name} for name in source["events"]]},
            "apis": {"custom": {"endpoint": endpoint,
                                "interfaces": [{"type": name} for name in source["interfaces"]]}},
        }
    }


def testing_instructions(instructions: dict, url: str) -> str:
    """Numbered steps: the feature, what to say, what happens."""
    lines = [instructions["intro"]]
    for number, feature in enumerate(instructions["features"], start=1):
        said = "; then ".join(f'"{phrase}"' for phrase in feature.get("say", []))
        step = f"{number}. {feature['feature']}: say {said}. " if said else f"{number}. {feature['feature']}: "
        lines.append(step + feature["then"].format(public_url=url))
    return "\n".join(lines)


def rendered_models() -> dict[Path, str]:
    text = json.dumps(interaction_model(merged_sources()), indent=2, ensure_ascii=False) + "\n"
    return {MODELS / f"{locale}.json": text for locale in locales()}


def rendered_manifest() -> dict[Path, str]:
    return {SKILL_JSON: json.dumps(skill_manifest(manifest_source()), indent=2, ensure_ascii=False) + "\n"}


def main() -> None:
    MODELS.mkdir(parents=True, exist_ok=True)
    for path, text in {**rendered_models(), **rendered_manifest()}.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(HERE)}")


if __name__ == "__main__":
    main()
