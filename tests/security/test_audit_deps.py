"""The dependency audit fails on a known vulnerability and never claims a clean bill of health
it could not check."""

from tests.security import audit_deps


def _report(*dependencies):
    return {"dependencies": list(dependencies)}


def test_known_vulnerability_fails_the_audit(monkeypatch, capsys):
    report = _report(
        {"name": "flask", "version": "3.1.3", "vulns": []},
        {"name": "oldlib", "version": "1.0",
         "vulns": [{"id": "GHSA-xxxx", "fix_versions": ["1.1"]}]},
    )
    monkeypatch.setattr(audit_deps, "run_pip_audit", lambda: (report, ""))
    assert audit_deps.main() == 1
    assert "oldlib 1.0: GHSA-xxxx (fixed in 1.1)" in capsys.readouterr().out


def test_nothing_audited_is_reported_as_not_audited_not_as_clean(monkeypatch, capsys):
    report = _report({"name": "flask", "skip_reason": "Dependency not found on PyPI"})
    monkeypatch.setattr(audit_deps, "run_pip_audit", lambda: (report, ""))
    assert audit_deps.main() == 0
    out = capsys.readouterr().out
    assert "NOT audited" in out and "no known vulnerabilities" not in out


def test_unreachable_service_is_a_note_not_a_failure(monkeypatch, capsys):
    monkeypatch.setattr(audit_deps, "run_pip_audit",
                        lambda: (None, "Traceback...\nConnectionError: api.osv.dev"))
    assert audit_deps.main() == 0
    assert "ConnectionError: api.osv.dev" in capsys.readouterr().out


def test_clean_audit_names_how_much_it_checked(monkeypatch, capsys):
    report = _report({"name": "flask", "version": "3.1.3", "vulns": []},
                     {"name": "ours", "skip_reason": "not on PyPI"})
    monkeypatch.setattr(audit_deps, "run_pip_audit", lambda: (report, ""))
    assert audit_deps.main() == 0
    out = capsys.readouterr().out
    assert "no known vulnerabilities in 1 audited package(s)" in out and "ours" in out


def test_every_dependency_has_a_lower_bound():
    """Old, vulnerable releases cannot be installed by accident."""
    import configparser
    from pathlib import Path

    config = configparser.ConfigParser()
    config.read(Path(__file__).resolve().parents[2] / "setup.cfg")
    requirements = config["options"]["install_requires"].split("\n")
    requirements += config["options.extras_require"]["test"].split("\n")
    requirements = [r.strip() for r in requirements if r.strip()]
    assert len(requirements) > 20
    assert [r for r in requirements if ">=" not in r and "==" not in r] == []
