"""Setting up: an install that prints no warnings, a server that says where it is, and workers
that fit the machine's cores."""

import os
import shutil
import subprocess
import sys

import pytest

from blog.serve import default_workers, granian_args, serving_line, usable_cores
from tests.server import ROOT


def test_default_workers_never_outnumber_the_cores():
    assert 1 <= default_workers() <= usable_cores()
    assert "--workers" in (args := granian_args()) and \
        int(args[args.index("--workers") + 1]) == default_workers()


def test_the_serving_line_names_the_site_and_the_admin():
    assert serving_line("127.0.0.1", 5019) == (
        "Serving the blog at http://127.0.0.1:5019/ (admin: http://127.0.0.1:5019/admin/)"
        " — press Ctrl+C to stop.")
    assert "http://127.0.0.1:8000/admin/" in serving_line("0.0.0.0", 8000)  # noqa: S104


@pytest.mark.slow
def test_the_editable_install_prints_no_warnings(tmp_path):
    """What `make install` runs, into a fresh environment; pip's own notices about this
    machine's package index locations are not the project's and are left out."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "--upgrade", "pip"],
                   check=True, capture_output=True, timeout=600)  # as the Makefile does
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".venv", "node_modules", "screenshots", "instance", ".git", "*.egg-info", "build"))
    result = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", "--no-deps", "-e", str(source)],
        capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONWARNINGS": ""})
    assert result.returncode == 0, result.stderr
    lines = [line for line in (result.stdout + result.stderr).splitlines()
             if line.strip() and "Location 'file:" not in line]
    assert lines == []
    # Editable: the package is found in the source tree, demo content and all.
    found = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import importlib.util as u; print(u.find_spec('blog').origin)"],
                           capture_output=True, text=True, cwd=tmp_path, check=True)
    assert found.stdout.strip() == str(source / "blog" / "__init__.py")
    assert (source / "blog" / "content" / "demo_content" / "posts").is_dir()
