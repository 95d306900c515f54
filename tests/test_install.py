"""Installs that work: a wheel carries the templates (kept at the top of the checkout, the product's
layout) inside the `digest` package, and a `digest` installed from it runs the demo far from any
checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from setuptools import find_packages

ROOT = Path(__file__).resolve().parents[1]
_NOT_SOURCE = (".git", ".venv", "build", "dist", "*.egg-info", ".*_cache", "__pycache__", ".digest", "outbox")


def test_the_wheel_lists_every_package_of_the_checkout_and_maps_the_templates_into_digest() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    found = find_packages(str(ROOT), include=["digest*", "worker*"])
    assert sorted(config["packages"]) == sorted([*found, "digest.templates"])
    assert config["package-dir"]["digest.templates"] == "templates"


@pytest.mark.slow
def test_a_digest_installed_from_the_wheel_outside_the_checkout_runs_the_demo(tmp_path: Path) -> None:
    """Builds the wheel (pip's cache and the configured index serve the build and runtime needs),
    installs it into a fresh venv in a temporary folder, and runs `digest demo` from there."""
    # From a copy: pip builds in the source folder, and a stale build/ there could hide a missing file.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*_NOT_SOURCE))
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(wheels)],
        check=True,
        timeout=300,
        cwd=tmp_path,
    )
    (wheel,) = wheels.glob("newsletter_digest-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "digest/templates/email/digest-body.html.j2" in names
    assert "digest/templates/web/archive.html.j2" in names

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", str(wheel)],
        check=True,
        timeout=600,
        cwd=tmp_path,
    )
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "DIGEST_", "CELERY_"))}
    environ.pop("PYTHONPATH", None)
    environ["DIGEST_DATA_DIR"] = str(tmp_path / ".digest")
    digest = venv / "bin" / "digest"
    try:
        done = subprocess.run(
            [str(digest), "demo", "--outbox", str(tmp_path / "mail")],
            cwd=tmp_path,
            env=environ,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0, done.stderr
        assert len(list((tmp_path / "mail").glob("demo-1--*.eml"))) == 3
        where = subprocess.run(
            [str(python), "-c", "import digest; print(digest.__file__)"],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        assert where.stdout.startswith(str(venv)), where.stdout  # the installed copy ran, not the checkout
    finally:
        subprocess.run([str(digest), "embedded", "stop"], cwd=tmp_path, env=environ, timeout=60)
