"""Steps the browser tests share: signing in and asserting an axe-core scan is clean."""

from tests import factories


def sign_in(page, live_server, username="alice"):
    """Sign in through the login form as `username` (password: factories.PASSWORD)."""
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")


def assert_accessible(page, axe_violations, name):
    """Fail if axe-core finds a serious or critical problem on the page."""
    violations = axe_violations(page)
    assert violations == [], f"axe found serious or critical problems on the {name} page"
