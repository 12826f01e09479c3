"""Shared fixtures: every test gets its own SQLite register on disk and a clean process cache."""

from __future__ import annotations

import pytest

from core import register as register_module
from core.register import open_register


@pytest.fixture
def store_url(tmp_path, monkeypatch) -> str:
    """A fresh SQLite store in the test's folder, also set as DIVULGA_STORE for code that reads it."""
    url = f"sqlite:///{tmp_path / 'divulga.db'}"
    monkeypatch.setenv("DIVULGA_STORE", url)
    return url


@pytest.fixture
def register(store_url):
    return open_register(store_url)


@pytest.fixture
def writer(register):
    return register.writer("Prueba")


@pytest.fixture(autouse=True)
def _fresh_registers():
    """Registers are process-wide; tests must not see each other's cache."""
    register_module._REGISTERS.clear()
    yield
    register_module._REGISTERS.clear()
