from tests.conftest import *  # noqa: F403  # the same named people and fixtures as the tests
