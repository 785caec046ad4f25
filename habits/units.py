"""Containers and units of water, per locale: cups and ounces in en-US, millilitres and litres elsewhere.

Every locale understands every unit; only the sizes of containers and the units amounts are
spoken in differ. Amounts are stored in whole millilitres.
"""
from __future__ import annotations

from dataclasses import dataclass

US_CUP_ML = 236.6
US_OUNCE_ML = 29.57
IMPERIAL_OUNCE_ML = 28.41
# Words for ounces as Alexa passes them on unmatched in the unit slot (ounces are left out of
# WATER_UNIT's values: as values they pulled "how many ounces are in a pound" off the fallback).
OUNCE_WORDS = frozenset({"ounce", "ounces", "oz", "fluid ounce", "fluid ounces", "fl oz"})
# Containers as Alexa may pass them on unmatched in the container slot: a bare "can" is left out of
# WATER_CONTAINER's values (as a value it took "can you say that again" for a drink), "a can" is in.
CONTAINER_WORDS = {"can": "CAN", "cans": "CAN", "a can": "CAN"}
# Containers by the slot IDs of WATER_CONTAINER (interaction_model/sources/water.yaml).
# A can is the standard 330 ml (about 11 US fluid ounces) everywhere.
US_CONTAINERS = {"GLASS": 237, "CUP": 237, "MUG": 355, "BOTTLE": 500, "CAN": 330}
METRIC_CONTAINERS = {"GLASS": 250, "CUP": 250, "MUG": 300, "BOTTLE": 500, "CAN": 330}
MAX_SINGLE_DRINK_ML = 3000
MIN_GOAL_ML, MAX_GOAL_ML = 500, 8000


@dataclass(frozen=True)
class Units:
    """How one locale measures water."""

    locale: str

    @property
    def us(self) -> bool:
        return self.locale == "en-US"

    def container_ml(self, container: str) -> int:
        return (US_CONTAINERS if self.us else METRIC_CONTAINERS)[container]

    @property
    def glass_ml(self) -> int:
        return self.container_ml("GLASS")

    def unit_ml(self, unit: str) -> float:
        """Millilitres in one of the WATER_UNIT slot IDs (a cup is a container and a unit at once)."""
        if unit == "MILLILITRE":
            return 1.0
        if unit == "LITRE":
            return 1000.0
        if unit == "OUNCE":
            return US_OUNCE_ML if self.us or self.locale == "en-CA" else IMPERIAL_OUNCE_ML
        return float(self.container_ml(unit))

    def amount(self, ml: int) -> str:
        """``1.2 litres`` / ``5 cups``: how much water, in the locale's units."""
        if self.us:
            cups = round(ml / US_CUP_ML)
            if cups == 0:
                return "less than a cup"
            return "1 cup" if cups == 1 else f"{cups} cups"
        if ml < 1000:
            return f"{round(ml, -1):.0f} millilitres"
        litres = f"{ml / 1000:.1f}".removesuffix(".0")
        return "1 litre" if litres == "1" else f"{litres} litres"

    def glasses(self, ml: int) -> int:
        """Glasses it takes to drink ``ml`` (at least one while anything is left)."""
        return max(1, -(-ml // self.glass_ml)) if ml > 0 else 0
