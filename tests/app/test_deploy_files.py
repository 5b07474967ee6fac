"""deploy/ agrees with the code: every path nginx.conf proxies is a route of `pakn run`, its
upload limit fits the web chat's, the headers it sets are the ones pakn believes from the
proxy the comment configures; the systemd units run real `pakn` commands and pass
`systemd-analyze verify` where it is installed."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from unittest import mock

import pytest
from aiohttp.test_utils import make_mocked_request

from bot.app.cli import build_parser
from handlers.client_address import ClientAddresses, parse_networks
from tests.handlers.endpoints import endpoints

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
VENV_PAKN = "/opt/pakn/.venv/bin/pakn"
LOCATION = re.compile(r"^\s*location\s+(=\s+)?(\S+)\s*\{(.*?)^\s*\}", re.MULTILINE | re.DOTALL)


def locations() -> dict[str, tuple[bool, str]]:
    """Each location's path: (exact, its body)."""
    return {path: (bool(exact), body) for exact, path, body in LOCATION.findall(NGINX)}


def commented_setting(name: str) -> str:
    found = re.search(rf"^#\s+{name}=(\S+)", NGINX, re.MULTILINE)
    assert found, f"nginx.conf does not say how to set {name}"
    return found.group(1)


def test_nginx_proxies_the_paths_the_brief_names():
    assert {"/", "/api/", "/webhooks/telegram", "/webhooks/zalo", "/hoi-dap", "/tra-cuu",
            "/healthz", "/metrics"} <= set(locations())
    assert all("proxy_pass http://pakn;" in body for _, body in locations().values())
    assert "server 127.0.0.1:8080;" in NGINX


async def test_every_proxied_path_is_a_route_of_pakn_run(app, clock):
    built = endpoints(app, clock)
    try:
        routes = {resource.canonical for resource in built.http.router.resources()}
    finally:
        await built.close()
    for path, (exact, _) in locations().items():
        matching = {r for r in routes if (r == path if exact else r.startswith(path))}
        assert matching, f"nginx.conf proxies {path}, which pakn does not serve"


async def test_the_upload_limit_fits_the_web_chats(app):
    _, upload = locations()["/api/chat/upload"]
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", upload).group(1))
    assert app.conversation.deps.limits.max_attachment_mb < megabytes <= \
        app.conversation.deps.limits.max_attachment_mb + 2


def test_metrics_is_closed_to_all_but_the_monitoring_host():
    _, body = locations()["/metrics"]
    assert re.search(r"allow [\d.]+;", body) and "deny all;" in body


def test_the_headers_nginx_sets_are_those_pakn_believes_from_it():
    header = commented_setting("WEB_TRUSTED_PROXY_HEADER")
    addresses = ClientAddresses(header, parse_networks(commented_setting("WEB_TRUSTED_PROXIES")))
    for name in (header, "X-Forwarded-Proto", "X-Forwarded-Host"):
        assert re.search(rf"proxy_set_header {name} \$\w+;", NGINX), name
    nginx = mock.Mock()  # a request as nginx passes it on, from 127.0.0.1
    nginx.get_extra_info.return_value = ("127.0.0.1", 40000)
    request = make_mocked_request("POST", "/api/chat", transport=nginx, headers={
        header: "203.0.113.7", "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "hoidap.example.gov.vn", "Host": "127.0.0.1:8080"})
    assert addresses.of(request) == "203.0.113.7"
    assert addresses.is_https(request)
    assert addresses.host(request) == "hoidap.example.gov.vn"


def exec_lines(unit: str) -> list[list[str]]:
    text = (DEPLOY / unit).read_text(encoding="utf-8")
    return [shlex.split(line.split("=", 1)[1])
            for line in text.splitlines() if line.startswith("ExecStart=")]


def test_the_units_run_real_pakn_commands():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert scripts["project"]["scripts"]["pakn"] == "bot.app.cli:main"
    [[program, *run]] = exec_lines("pakn.service")
    assert program == VENV_PAKN and run == ["run"]
    [[shell, flag, script]] = exec_lines("pakn-backup.service")
    assert (shell, flag) == ("/bin/sh", "-c")
    _, program, *backup = shlex.split(script.replace("$$", "$").replace("%%", "%"))
    assert program == VENV_PAKN
    args = build_parser().parse_args(backup)
    assert (args.command, args.action, args.force) == ("db", "backup", True)
    assert str(args.out).startswith("/var/backups/pakn/pakn-$(date +%Y%m%d)")


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_the_units_pass_systemd_analyze_verify(tmp_path):
    """With /opt/pakn's virtualenv standing in for this one (verify wants the programs to
    exist); a warning counts as a failure."""
    here = str(Path(sys.executable).with_name("pakn"))
    units = []
    for unit in ("pakn.service", "pakn-backup.service", "pakn-backup.timer"):
        text = (DEPLOY / unit).read_text(encoding="utf-8").replace(VENV_PAKN, here)
        (tmp_path / unit).write_text(text, encoding="utf-8")
        units.append(str(tmp_path / unit))
    result = subprocess.run(["systemd-analyze", "verify", *units], capture_output=True,
                            text=True, timeout=60)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")
