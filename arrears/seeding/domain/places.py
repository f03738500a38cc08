"""
Where synthetic debtors live: real Surrey postcode districts, their towns and coordinates.

The data set is fictional, but addresses look like real ones so that search, letters and route
planning are exercised on realistic values: postcodes are built from real Surrey postcode
districts (outward codes) with a well-formed inward code, and coordinates fall near the real
town and always inside the county's bounding box.
"""

import random
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class BoundingBox:
    """A latitude/longitude box (WGS84 degrees), inclusive."""

    min_latitude: Decimal
    max_latitude: Decimal
    min_longitude: Decimal
    max_longitude: Decimal

    def contains(self, *, latitude: Decimal, longitude: Decimal) -> bool:
        """Return whether the point lies inside the box (edges included)."""
        return (
            self.min_latitude <= latitude <= self.max_latitude
            and self.min_longitude <= longitude <= self.max_longitude
        )


# Surrey (administrative county, ONS code E10000030). Extent of the boundary published by the
# ONS Open Geography Portal, "Counties and Unitary Authorities (December 2023) Boundaries UK BFC"
# (and matching OpenStreetMap's "Surrey" county relation): roughly 51.07 N to 51.47 N and
# 0.85 W to 0.06 E; rounded outwards to two decimal places here.
SURREY = BoundingBox(
    min_latitude=Decimal("51.07"),
    max_latitude=Decimal("51.48"),
    min_longitude=Decimal("-0.85"),
    max_longitude=Decimal("0.06"),
)


@dataclass(frozen=True)
class District:
    """A real postcode district (outward code) with its post town and the town's centre."""

    outward_code: str
    town: str
    latitude: float
    longitude: float


# Real Surrey postcode districts with approximate town-centre coordinates. The west of the
# county goes to the first council of a seeded shared service, the east to the second.
WEST_SURREY = (
    District("GU1", "Guildford", 51.2362, -0.5704),
    District("GU2", "Guildford", 51.2420, -0.5950),
    District("GU4", "Guildford", 51.2270, -0.5250),
    District("GU7", "Godalming", 51.1856, -0.6147),
    District("GU9", "Farnham", 51.2148, -0.7989),
    District("GU15", "Camberley", 51.3359, -0.7424),
    District("GU21", "Woking", 51.3190, -0.5580),
    District("GU22", "Woking", 51.3110, -0.5520),
    District("KT15", "Addlestone", 51.3710, -0.4910),
    District("KT16", "Chertsey", 51.3890, -0.5090),
    District("TW18", "Staines-upon-Thames", 51.4330, -0.5110),
    District("TW20", "Egham", 51.4310, -0.5520),
)
EAST_SURREY = (
    District("KT10", "Esher", 51.3690, -0.3650),
    District("KT11", "Cobham", 51.3290, -0.4110),
    District("KT12", "Walton-on-Thames", 51.3860, -0.4170),
    District("KT13", "Weybridge", 51.3720, -0.4570),
    District("KT17", "Epsom", 51.3330, -0.2680),
    District("KT22", "Leatherhead", 51.2960, -0.3290),
    District("RH1", "Redhill", 51.2400, -0.1710),
    District("RH2", "Reigate", 51.2370, -0.2060),
    District("RH4", "Dorking", 51.2320, -0.3320),
    District("RH6", "Horley", 51.1740, -0.1720),
    District("RH8", "Oxted", 51.2570, -0.0050),
    District("CR3", "Caterham", 51.2820, -0.0780),
    District("SM7", "Banstead", 51.3220, -0.2050),
)

# The magistrates' courts that hear the seeded councils' summonses: west Surrey's at Guildford,
# east Surrey's at Redhill (alternately, as `districts_for` splits the county).
COURTS = ("Guildford Magistrates' Court", "Redhill Magistrates' Court")

# Letters used in the unit part of an inward code (Royal Mail never uses C, I, K, M, O or V).
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_SIX_PLACES = Decimal("0.000001")
# About 2 km either way of the town centre.
_JITTER_DEGREES = 0.02


def districts_for(*, authority_index: int, authority_count: int) -> tuple[District, ...]:
    """Return the districts a seeded authority covers: west or east Surrey, alternately."""
    if authority_count == 1:
        return WEST_SURREY + EAST_SURREY
    return WEST_SURREY if authority_index % 2 == 0 else EAST_SURREY


def postcode_in(*, district: District, rng: random.Random) -> str:
    """Return a well-formed postcode in `district`, normalised ("GU1 4XY")."""
    letters = rng.choice(_INWARD_LETTERS) + rng.choice(_INWARD_LETTERS)
    return f"{district.outward_code} {rng.randrange(10)}{letters}"


def point_near(*, district: District, rng: random.Random) -> tuple[Decimal, Decimal]:
    """Return (latitude, longitude) near the district's town, always inside Surrey's box."""
    latitude = Decimal(district.latitude + rng.uniform(-_JITTER_DEGREES, _JITTER_DEGREES))
    longitude = Decimal(district.longitude + rng.uniform(-_JITTER_DEGREES, _JITTER_DEGREES))
    latitude = min(max(latitude, SURREY.min_latitude), SURREY.max_latitude)
    longitude = min(max(longitude, SURREY.min_longitude), SURREY.max_longitude)
    return latitude.quantize(_SIX_PLACES), longitude.quantize(_SIX_PLACES)
