"""The actors of the URL walk (tests/test_access.py) and the expectations its rows share.

"stranger" is the provincial KM team of another province: it may use its own province's pages,
but anything of Kalasin is 404 to it. LOGIN means a redirect to the login page.
"""

ACTORS = [
    "anonymous", "km_officer", "issue_lead", "cko", "ceo", "agency_user", "coordinator",
    "project_manager", "agency_cko", "agency_ceo", "other_agency_user", "stranger",
]  # fmt: skip
MEMBERS = ACTORS[1:]
LOGIN = "login"
EDITORS = ("km_officer", "issue_lead")  # of an issue's worksheets: the KM team and the team


def members(status=200, anonymous=LOGIN, **overrides) -> dict:
    return {"anonymous": anonymous, **{a: status for a in MEMBERS}, **overrides}


def only(*actors, status=200, others=403, **overrides) -> dict:
    return members(others, **{a: status for a in actors}, **overrides)


def readers() -> dict:
    """Everyone of the province reads; another province's user does not see it."""
    return members(stranger=404)


def editors(status=200) -> dict:
    """The issue's editors change it; the rest of the province may not; another province gets 404."""
    return only(*EDITORS, status=status, stranger=404)
