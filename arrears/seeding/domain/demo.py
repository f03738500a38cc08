"""
The demo data set that `make run` loads: two fictional councils in a shared service, and one
demo officer for every role.

The shared password is for the demo only: it satisfies the strong password policy (twelve or
more characters, not common, not numeric) but is printed on every `make run`, so a real
deployment must never create these officers.
"""

from dataclasses import dataclass

from arrears.staff.domain.policy import Role

SHARED_SERVICE = "Kingsmead and Riverside Revenues Partnership"
KINGSMEAD = ("KINGSMEAD", "Kingsmead Borough Council")
RIVERSIDE = ("RIVERSIDE", "Riverside District Council")
# Further fictional councils for `arrears seed --authorities K` with K above two.
SEEDED_AUTHORITIES = (
    KINGSMEAD,
    RIVERSIDE,
    ("ASHDOWN", "Ashdown District Council"),
    ("MERECOMBE", "Merecombe Borough Council"),
    ("FAIRLEA", "Fairlea District Council"),
    ("HOLLOWAY-VALE", "Holloway Vale Council"),
)

DEMO_PASSWORD = "arrears-demo-2026"  # demo only; see the module docstring


@dataclass(frozen=True)
class DemoOfficer:
    username: str
    role: Role
    authority_codes: tuple[str, ...]
    first_name: str
    last_name: str
    write_off_limit: str


DEMO_OFFICERS = (
    DemoOfficer(
        "debt.officer", Role.DEBT_MANAGEMENT_OFFICER, ("KINGSMEAD",), "Dana", "Okafor", "500.00"
    ),
    DemoOfficer(
        "enforcement.support",
        Role.ENFORCEMENT_SUPPORT_OFFICER,
        ("RIVERSIDE",),
        "Sam",
        "Patel",
        "250.00",
    ),
    DemoOfficer(
        "enforcement.agent", Role.ENFORCEMENT_AGENT, ("KINGSMEAD",), "Eli", "Hughes", "0.00"
    ),
    DemoOfficer(
        "collection.officer",
        Role.DEBTORS_COLLECTION_OFFICER,
        ("RIVERSIDE",),
        "Cara",
        "Lewis",
        "0.00",
    ),
    DemoOfficer(
        "team.leader", Role.TEAM_LEADER, ("KINGSMEAD", "RIVERSIDE"), "Tom", "Reid", "5000.00"
    ),
    DemoOfficer("manager", Role.MANAGER, ("KINGSMEAD", "RIVERSIDE"), "Mina", "Shah", "50000.00"),
    DemoOfficer("auditor", Role.AUDITOR, ("KINGSMEAD",), "Ada", "Brooks", "0.00"),
    DemoOfficer("administrator", Role.ADMINISTRATOR, ("RIVERSIDE",), "Ravi", "Grant", "0.00"),
)
