"""The import rules of ARCHITECTURE.md hold (contracts in setup.cfg, checked by import-linter):
the page cache and the request pipeline import no domain, content processing stands alone."""

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_every_import_rule_is_kept(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    exit_code = lint_imports(config_filename=str(ROOT / "setup.cfg"), no_cache=True,
                             no_logo=True)
    report = capsys.readouterr().out
    assert exit_code == 0, report
    assert "0 broken" in report
