"""Settings come from the environment, refuse to start when unsafe, and fail loudly on junk.

Start-up behaviour is tested in a fresh Python process with a clean environment, because
settings are read once per process. `ENV_FILE=` keeps a developer's `.env` out of it.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import env_bool, env_float, env_int

BASE_DIR = Path(__file__).resolve().parent.parent
A_PRODUCTION_KEY = "k3y-" + "x7Qp9LmZ2vRt8WnB4cYh6JdF1sGa5eUo0iKl3MzNb-rTyV_qPw2E"

PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps({name: getattr(settings, name) for name in %r}, default=str))"
)


def run_in_clean_process(*args: str, **environment: str) -> subprocess.CompletedProcess:
    """Run `python <args>` in the project with only PATH and `environment` set."""
    clean = {
        "PATH": os.environ["PATH"],
        "ENV_FILE": "",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONDONTWRITEBYTECODE": "1",
        **environment,
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def settings_in_clean_process(*names: str, **environment: str) -> dict:
    result = run_in_clean_process("-c", PRINT_SETTINGS % (names,), **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_production_key_used_here_is_long_enough_for_check_deploy():
    assert len(A_PRODUCTION_KEY) >= 50
    assert len(set(A_PRODUCTION_KEY)) >= 5


def test_settings_refuse_to_start_without_secret_key_when_debug_is_unset():
    result = run_in_clean_process("-c", "import django; django.setup()")

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


def test_manage_check_refuses_to_run_without_secret_key():
    result = run_in_clean_process("manage.py", "check", DEBUG="false")

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_set():
    values = settings_in_clean_process("DEBUG", SECRET_KEY=A_PRODUCTION_KEY)

    assert values == {"DEBUG": False}


def test_debug_true_starts_without_a_key_and_makes_a_fresh_one_per_process():
    first = settings_in_clean_process("DEBUG", "SECRET_KEY", DEBUG="true")
    second = settings_in_clean_process("SECRET_KEY", DEBUG="true")

    assert first["DEBUG"] is True
    assert len(first["SECRET_KEY"]) >= 50
    assert first["SECRET_KEY"] != second["SECRET_KEY"]


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "yes please", "DEBUG='yes please' is not a yes/no value"),
        ("DEBUG", "ture", "DEBUG='ture' is not a yes/no value"),
        ("SECURE_SSL_REDIRECT", "maybe", "SECURE_SSL_REDIRECT='maybe' is not a yes/no value"),
        ("SECURE_HSTS_SECONDS", "a year", "SECURE_HSTS_SECONDS='a year' is not a whole number"),
        ("AXES_FAILURE_LIMIT", "0", "AXES_FAILURE_LIMIT='0' must be at least 1"),
        ("CONN_MAX_AGE", "1.5", "CONN_MAX_AGE='1.5' is not a whole number"),
        ("AXES_COOLOFF_HOURS", "an hour", "AXES_COOLOFF_HOURS='an hour' is not a number"),
    ],
)
def test_start_up_fails_loudly_naming_a_variable_with_an_unreadable_value(variable, value, message):
    result = run_in_clean_process(
        "-c", "import django; django.setup()", SECRET_KEY=A_PRODUCTION_KEY, **{variable: value}
    )

    assert result.returncode != 0
    assert f"ImproperlyConfigured: {message}" in result.stderr


@pytest.mark.parametrize("value", ["true", "True", "YES", "on", "1", " true "])
def test_env_bool_reads_the_usual_words_for_yes(monkeypatch, value):
    monkeypatch.setenv("COMMEMORATE_TEST_FLAG", value)

    assert env_bool("COMMEMORATE_TEST_FLAG", default=False) is True


@pytest.mark.parametrize("value", ["false", "False", "NO", "off", "0"])
def test_env_bool_reads_the_usual_words_for_no(monkeypatch, value):
    monkeypatch.setenv("COMMEMORATE_TEST_FLAG", value)

    assert env_bool("COMMEMORATE_TEST_FLAG", default=True) is False


@pytest.mark.parametrize("value", [None, "", "   "])
def test_env_helpers_give_the_default_when_unset_or_empty(monkeypatch, value):
    for name in ("COMMEMORATE_TEST_FLAG", "COMMEMORATE_TEST_NUMBER"):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)

    assert env_bool("COMMEMORATE_TEST_FLAG", default=True) is True
    assert env_int("COMMEMORATE_TEST_NUMBER", default=7) == 7
    assert env_float("COMMEMORATE_TEST_NUMBER", default=0.5) == 0.5


@pytest.mark.parametrize("value", ["y", "n", "yes please", "2", "enabled"])
def test_env_bool_refuses_anything_else(monkeypatch, value):
    monkeypatch.setenv("COMMEMORATE_TEST_FLAG", value)

    with pytest.raises(ImproperlyConfigured, match=r"^COMMEMORATE_TEST_FLAG="):
        env_bool("COMMEMORATE_TEST_FLAG", default=False)


def test_env_int_reads_whole_numbers_and_enforces_the_minimum(monkeypatch):
    monkeypatch.setenv("COMMEMORATE_TEST_NUMBER", " 42 ")
    assert env_int("COMMEMORATE_TEST_NUMBER", default=0, minimum=0) == 42

    monkeypatch.setenv("COMMEMORATE_TEST_NUMBER", "-1")
    with pytest.raises(ImproperlyConfigured, match="must be at least 0"):
        env_int("COMMEMORATE_TEST_NUMBER", default=0, minimum=0)


def test_env_float_refuses_not_a_number(monkeypatch):
    monkeypatch.setenv("COMMEMORATE_TEST_NUMBER", "nan")

    with pytest.raises(ImproperlyConfigured, match="must be at least 0"):
        env_float("COMMEMORATE_TEST_NUMBER", default=1.0, minimum=0)


def test_production_settings_pass_check_deploy_without_any_warning():
    result = run_in_clean_process(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=A_PRODUCTION_KEY,
        ALLOWED_HOSTS="commemorate.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_are_secure_by_default():
    values = settings_in_clean_process(
        "ALLOWED_HOSTS",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "STORAGES",
        SECRET_KEY=A_PRODUCTION_KEY,
        ALLOWED_HOSTS="commemorate.example.org,www.commemorate.example.org",
    )

    assert values["ALLOWED_HOSTS"] == ["commemorate.example.org", "www.commemorate.example.org"]
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["STORAGES"]["staticfiles"] == {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    }


def test_production_serves_no_host_unless_allowed_hosts_is_set():
    values = settings_in_clean_process("ALLOWED_HOSTS", SECRET_KEY=A_PRODUCTION_KEY)

    assert values == {"ALLOWED_HOSTS": []}


def test_development_serves_static_files_without_a_manifest():
    values = settings_in_clean_process("STORAGES", DEBUG="true")

    assert values["STORAGES"]["staticfiles"] == {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }


def test_a_dot_env_file_fills_in_what_the_environment_does_not_set(tmp_path):
    env_file = tmp_path / "production.env"
    env_file.write_text(f"SECRET_KEY={A_PRODUCTION_KEY}\nALLOWED_HOSTS=from-the-file.example\n")

    values = settings_in_clean_process(
        "SECRET_KEY", "ALLOWED_HOSTS", ENV_FILE=str(env_file), ALLOWED_HOSTS="from-env.example"
    )

    assert values == {"SECRET_KEY": A_PRODUCTION_KEY, "ALLOWED_HOSTS": ["from-env.example"]}


def test_the_readme_configuration_table_lists_every_variable_the_settings_read():
    source = (BASE_DIR / "config" / "settings.py").read_text()
    read = set(
        re.findall(
            r"""(?:env(?:_bool|_int|_float|\.\w+)|os\.environ\.get)\(\s*"([A-Z_]+)\"""", source
        )
    )
    readme = (BASE_DIR / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([A-Z_]+)`", table, flags=re.MULTILINE))
    documented |= set(re.findall(r"^\| `[A-Z_]+` \(or `([A-Z_]+)`\)", table, flags=re.MULTILINE))

    assert {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"} <= read
    assert read - documented == set()
    assert documented - read == set()


@pytest.mark.parametrize("variable", ["CACHE_URL", "REDIS_URL"])
def test_a_redis_url_selects_djangos_own_redis_cache(variable):
    values = settings_in_clean_process(
        "CACHES", SECRET_KEY=A_PRODUCTION_KEY, **{variable: "redis://127.0.0.1:6379/2"}
    )

    assert values["CACHES"]["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/2",
    }


def test_without_a_cache_url_the_cache_is_in_process_memory():
    values = settings_in_clean_process("CACHES", SECRET_KEY=A_PRODUCTION_KEY)

    assert values["CACHES"]["default"]["BACKEND"] == (
        "django.core.cache.backends.locmem.LocMemCache"
    )


def test_a_postgres_database_url_selects_postgresql():
    values = settings_in_clean_process(
        "DATABASES",
        SECRET_KEY=A_PRODUCTION_KEY,
        DATABASE_URL="postgres://commemorate:pw@db.internal:5433/commemorate",
    )

    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == (
        "db.internal",
        5433,
        "commemorate",
    )
