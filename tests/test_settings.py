"""Production settings: refuse the public key, and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for this process; production never has it.
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "SITE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run("check", DEBUG="0", ALLOWED_HOSTS="km.example.go.th")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_deployment_check_is_clean_under_production_settings():
    result = run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="a-long-random-production-key-7f3c9a1e5b2d8f4c6a0e9b7d3f1c5a8e2b4d6f0a9c7e",
        ALLOWED_HOSTS="km.example.go.th",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-key-7f3c9a1e5b2d8f4c6a0e9b7d3f1c5a8e2b4d6f0a9c7e",
    "ALLOWED_HOSTS": "km.example.go.th,km-backup.example.go.th",
}
PRINT_SITE_URL = ("shell", "-v0", "-c", "from django.conf import settings; print(settings.SITE_URL)")


def test_links_in_emails_go_to_site_url():
    result = run(*PRINT_SITE_URL, **PRODUCTION, SITE_URL="https://km.kalasin.go.th/")
    assert result.stdout.strip() == "https://km.kalasin.go.th", result.stderr


def test_without_site_url_production_links_to_the_first_allowed_host_over_https():
    result = run(*PRINT_SITE_URL, **PRODUCTION)
    assert result.stdout.strip() == "https://km.example.go.th", result.stderr


def test_it_refuses_a_site_url_that_is_not_a_plain_address():
    for wrong in ("km.example.go.th", "https://km.example.go.th/km/", "ftp://km.example.go.th"):
        result = run("check", **PRODUCTION, SITE_URL=wrong)
        assert result.returncode != 0
        assert "SITE_URL must be a scheme and host only" in result.stderr
