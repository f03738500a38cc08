import pytest

from arrears.staff.domain.policy import ROLE_PERMISSIONS, Permission, Role, can, is_read_only


class TestPolicy:
    def test_policy_lists_every_role(self):
        assert set(ROLE_PERMISSIONS) == set(Role)

    @pytest.mark.parametrize("role", list(Role))
    def test_policy_lets_every_role_search_and_view(self, role):
        assert can(role=role, permission=Permission.SEARCH_PARTIES)
        assert can(role=role, permission=Permission.VIEW_PARTY)

    def test_policy_keeps_the_auditor_read_only(self):
        assert is_read_only(role=Role.AUDITOR)
        assert can(role=Role.AUDITOR, permission=Permission.VIEW_AUDIT)
        assert not can(role=Role.AUDITOR, permission=Permission.RECORD_PAYMENT)

    @pytest.mark.parametrize(
        ("role", "permission", "allowed"),
        [
            (Role.ENFORCEMENT_AGENT, Permission.WRITE_OFF, False),
            (Role.ENFORCEMENT_SUPPORT_OFFICER, Permission.WRITE_OFF, True),
            (Role.DEBT_MANAGEMENT_OFFICER, Permission.VIEW_AUDIT, False),
            (Role.TEAM_LEADER, Permission.APPROVE, True),
            (Role.ADMINISTRATOR, Permission.MANAGE_STAFF, True),
            (Role.MANAGER, Permission.MANAGE_STAFF, False),
            (Role.DEBTORS_COLLECTION_OFFICER, Permission.IMPORT_DATA, True),
        ],
    )
    def test_policy_answers_by_role(self, role, permission, allowed):
        assert can(role=role, permission=permission) is allowed

    def test_policy_refuses_an_unknown_role(self):
        assert not can(role="JANITOR", permission=Permission.VIEW_PARTY)
