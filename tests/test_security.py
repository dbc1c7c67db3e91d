"""The security baseline seen from outside: headers, back-office logins, redirects, hosts,
and error pages that give nothing away. Tests run with DEBUG off, as production does."""

import re

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import UserFactory
from tests.urls_raising import LEAKED_DETAIL

PASSWORD = "a-long-test-password"
PAGES = ["/healthz", "/admin/login/", "/api/docs/", "/no-such-page/"]


def csp_directives(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    policy = response.headers["Content-Security-Policy"]
    return {
        name: sources
        for name, *sources in (part.split() for part in policy.split(";") if part.strip())
    }


def log_in(client, username: str, password: str, next_url: str = ""):
    query = f"?next={next_url}" if next_url else ""
    return client.post(
        f"/admin/login/{query}", {"username": username, "password": password, "next": next_url}
    )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Dozens of logins per test: a slow hasher would only slow the suite down here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff_user(db):
    return UserFactory(username="editor", is_staff=True)


def test_tests_run_with_debug_off():
    assert settings.DEBUG is False


# --- Headers ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)

    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Content-Security-Policy" in response.headers


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_content_security_policy_allows_only_this_site(client, path):
    directives = csp_directives(client.get(path))

    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    script_sources = directives["script-src"]
    assert script_sources[0] == "'self'"
    assert all(source.startswith("'nonce-") for source in script_sources[1:])
    for sources in directives.values():
        assert not {"*", "http:", "https:", "'unsafe-eval'"} & set(sources)


@pytest.mark.django_db
def test_inline_scripts_run_only_with_the_nonce_made_for_that_response(client):
    nonces = []
    for _ in range(2):
        response = client.get("/admin/login/")
        (source,) = [s for s in csp_directives(response)["script-src"] if s.startswith("'nonce-")]
        nonce = source.removeprefix("'nonce-").removesuffix("'")
        for used in re.findall(r'nonce="([^"]+)"', response.text):
            assert used == nonce
        nonces.append(nonce)

    assert nonces[0] != nonces[1]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/login/", "/api/docs/"])
def test_pages_run_only_scripts_from_this_site_or_carrying_the_nonce(client, path):
    response = client.get(path)
    script_sources = csp_directives(response)["script-src"]
    nonces = {s.removeprefix("'nonce-").removesuffix("'") for s in script_sources[1:]}

    assert response.status_code == 200
    assert script_sources[0] == "'self'"
    for tag in re.findall(r"<script\b[^>]*>", response.text):
        src = re.search(r'\bsrc="([^"]*)"', tag)
        nonce = re.search(r'\bnonce="([^"]*)"', tag)
        assert (src and src.group(1).startswith("/")) or (nonce and nonce.group(1) in nonces)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/admin/login/"])
def test_https_responses_tell_browsers_to_use_https_for_a_year(client, path):
    response = client.get(path, secure=True)

    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )


@pytest.mark.django_db
def test_plain_http_responses_carry_no_hsts_header(client):
    assert "Strict-Transport-Security" not in client.get("/healthz").headers


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_except_the_health_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    page = client.get("/admin/login/")
    health = client.get("/healthz")

    assert page.status_code == 301
    assert page.headers["Location"] == "https://testserver/admin/login/"
    assert health.status_code == 200


@pytest.mark.django_db
def test_a_request_forwarded_as_https_by_the_proxy_counts_as_secure(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/admin/login/", headers={"x-forwarded-proto": "https"})

    assert response.status_code == 200
    assert "Strict-Transport-Security" in response.headers


# --- Back-office logins ------------------------------------------------------------------


def test_login_lockout_is_configured_for_five_attempts_an_hour():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == 1.0
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


@pytest.mark.django_db
def test_repeated_failed_logins_lock_out_even_the_right_password(client, staff_user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "editor", "wrong password").status_code == 200

    last_failure = log_in(client, "editor", "wrong password")
    right_password = log_in(client, "editor", PASSWORD)

    assert last_failure.status_code == 429
    assert right_password.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_a_lockout_does_not_stop_other_people_from_logging_in(client, staff_user):
    UserFactory(username="colleague", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "editor", "wrong password")

    response = log_in(Client(), "colleague", PASSWORD)

    assert response.status_code == 302


@pytest.mark.django_db
def test_a_successful_login_before_the_limit_resets_the_count(client, staff_user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "editor", "wrong password")
    assert log_in(client, "editor", PASSWORD).status_code == 302
    client.logout()

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "editor", "wrong password")

    assert log_in(client, "editor", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_failed_and_locked_out_logins_do_not_reveal_whether_the_account_exists(client, staff_user):
    responses = {}
    for username in ["editor", "nobody-by-this-name"]:
        failures = [
            log_in(client, username, "wrong password") for _ in range(settings.AXES_FAILURE_LIMIT)
        ]
        responses[username] = (failures[0], failures[-1])

    (existing_failure, existing_lockout) = responses["editor"]
    (unknown_failure, unknown_lockout) = responses["nobody-by-this-name"]
    assert existing_failure.status_code == unknown_failure.status_code == 200
    assert "Please enter the correct username and password" in existing_failure.text
    assert "Please enter the correct username and password" in unknown_failure.text
    assert existing_lockout.status_code == unknown_lockout.status_code == 429
    assert existing_lockout.content == unknown_lockout.content
    assert b"editor" not in existing_lockout.content
    assert b"Too many attempts" in existing_lockout.content


# --- Redirects and hosts -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example.org/",
        "//evil.example.org/",
        "http://testserver@evil.example.org/",
        "https:evil.example.org",
        "/\\evil.example.org/",
    ],
)
def test_login_never_redirects_off_the_site(client, staff_user, next_url):
    response = log_in(client, "editor", PASSWORD, next_url=next_url)

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_login_follows_a_next_url_on_the_site(client, staff_user):
    response = log_in(client, "editor", PASSWORD, next_url="/admin/auth/user/")

    assert response.headers["Location"] == "/admin/auth/user/"


@pytest.mark.django_db
def test_requests_for_an_unknown_host_are_refused(client):
    response = client.get("/healthz", headers={"host": "evil.example.org"})

    assert response.status_code == 400
    assert b"evil.example.org" not in response.content
    assert b"ALLOWED_HOSTS" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "testserver"])
def test_requests_for_an_allowed_host_are_served(client, host):
    assert client.get("/healthz", headers={"host": host}).status_code == 200


# --- Error pages ----------------------------------------------------------------------------

SECRETS_AND_DEBUG_MARKERS = [
    LEAKED_DETAIL,
    "Traceback",
    "RuntimeError",
    "SECRET_KEY",
    "settings.py",
    "DEBUG",
    "urls_raising",
    "Request Method",
]


@pytest.mark.django_db
@pytest.mark.urls("tests.urls_raising")
@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/tests/server-error", 500, "Something went wrong"),
        ("/tests/permission-denied", 403, "Not allowed"),
        ("/tests/bad-request", 400, "Bad request"),
        ("/tests/not-found", 404, "Page not found"),
        ("/no-such-page/", 404, "Page not found"),
    ],
)
def test_error_pages_are_plain_and_give_nothing_away(path, status, heading):
    client = Client(raise_request_exception=False)

    response = client.get(path)

    assert response.status_code == status
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert f"<h1>{heading}</h1>" in response.text
    for marker in [*SECRETS_AND_DEBUG_MARKERS, settings.SECRET_KEY]:
        assert marker not in response.text
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in response.headers


@pytest.mark.django_db
def test_the_not_found_page_does_not_list_the_site_urls(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    # Django's debug 404 lists every URL pattern; the site's own 404 lists none.
    assert "Using the URLconf" not in response.text
    assert "api/v1/ ^" not in response.text
    assert "<h1>Page not found</h1>" in response.text
