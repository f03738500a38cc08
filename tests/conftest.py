"""Fixtures shared by every test."""

import pytest

from tests import factories


@pytest.fixture
def authority_a():
    return factories.AuthorityFactory(code="ALPHA", name="Alpha Borough Council")


@pytest.fixture
def authority_b():
    return factories.AuthorityFactory(code="BETA", name="Beta District Council")


@pytest.fixture
def officer_a(authority_a):
    return factories.OfficerFactory(username="alice", authorities=[authority_a])
