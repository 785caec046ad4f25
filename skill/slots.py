"""Reading slot values the way Alexa resolves them: by entity ID, not by spoken words."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import IntentRequest
from ask_sdk_model.slu.entityresolution import StatusCode


def resolved_slot_ids(handler_input: HandlerInput) -> dict[str, str]:
    """Slot name -> resolved entity ID, for every slot Alexa matched to one of our values."""
    request = handler_input.request_envelope.request
    if not isinstance(request, IntentRequest) or not request.intent.slots:
        return {}
    resolved = {}
    for name, slot in request.intent.slots.items():
        slot_id = matched_id(getattr(slot, "resolutions", None))
        if slot_id:
            resolved[name] = slot_id
    return resolved


def resolved_slot_names(handler_input: HandlerInput) -> dict[str, str]:
    """Slot name -> the name of the value it resolved to ("calf" for "calves")."""
    request = handler_input.request_envelope.request
    if not isinstance(request, IntentRequest) or not request.intent.slots:
        return {}
    names = {}
    for name, slot in request.intent.slots.items():
        for authority in getattr(getattr(slot, "resolutions", None), "resolutions_per_authority", None) or []:
            if getattr(getattr(authority, "status", None), "code", None) == StatusCode.ER_SUCCESS_MATCH and authority.values:
                names[name] = authority.values[0].value.name
                break
    return names


def unmatched_slot_names(handler_input: HandlerInput) -> list[str]:
    """Slots the person filled with words that match none of our values (ER_SUCCESS_NO_MATCH)."""
    request = handler_input.request_envelope.request
    if not isinstance(request, IntentRequest) or not request.intent.slots:
        return []
    return [name for name, slot in request.intent.slots.items()
            if slot.value and not matched_id(getattr(slot, "resolutions", None))]


def matched_id(resolutions) -> str | None:
    """The entity ID of the first authority that matched (ER_SUCCESS_MATCH), if any."""
    for authority in getattr(resolutions, "resolutions_per_authority", None) or []:
        status = getattr(getattr(authority, "status", None), "code", None)
        if status == StatusCode.ER_SUCCESS_MATCH and authority.values:
            return authority.values[0].value.id
    return None


def slot_texts(handler_input: HandlerInput) -> list[str]:
    """Every word of the request that reaches the skill: each slot's value as heard, and the
    name and ID it resolved to. The red-flag screen reads these."""
    request = handler_input.request_envelope.request
    if not isinstance(request, IntentRequest) or not request.intent.slots:
        return []
    texts = []
    for slot in request.intent.slots.values():
        texts.append(slot.value or "")
        for value in getattr(getattr(slot, "slot_value", None), "values", None) or []:
            texts.append(getattr(value, "value", "") or "")
        for authority in getattr(getattr(slot, "resolutions", None), "resolutions_per_authority", None) or []:
            for match in authority.values or []:
                texts += [match.value.name or "", match.value.id or ""]
    return [text for text in texts if text]


def heard_values(handler_input: HandlerInput) -> list[str]:
    """Each slot's value as heard (a search query's words too)."""
    request = handler_input.request_envelope.request
    if not isinstance(request, IntentRequest) or not request.intent.slots:
        return []
    return [slot.value for slot in request.intent.slots.values() if slot.value]


def slot_value(handler_input: HandlerInput, name: str) -> str | None:
    """The words a slot was heard as, if it was filled."""
    request = handler_input.request_envelope.request
    if not isinstance(request, IntentRequest) or not request.intent.slots:
        return None
    slot = request.intent.slots.get(name)
    return slot.value if slot is not None and slot.value else None
