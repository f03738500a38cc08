"""The two engines that can print letters to PDF (ADR 0005)."""

from enum import StrEnum


class Engine(StrEnum):
    TYPST = "TYPST"
    WEASYPRINT = "WEASYPRINT"


# ADR 0005: Typst prints a batch of 10,000 letters in under a minute on one core; WeasyPrint
# would take over ten.
DEFAULT_ENGINE = Engine.TYPST
