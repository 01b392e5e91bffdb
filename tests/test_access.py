"""The room's one check of an access code (planning/room/access.py), on a clock of its own."""

from __future__ import annotations

import pytest

from planning.i18n import t
from planning.room.access import Gate, Verdict, local_path, scrub

CODE, KEY = "482913", "s0im0gzN92hvkNUAkvTx2g"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_does_an_address_wait_longer_each_time_it_goes_over(clock):
    gate = Gate(CODE, KEY, clock=clock)
    for i in range(5):
        assert gate.check("10.0.0.7", f"00000{i}") == Verdict(False)
    verdict = gate.check("10.0.0.7", CODE)
    assert not verdict.ok and verdict.wait == pytest.approx(60)  # the right code waits too
    assert verdict.minutes == 1
    clock.now += 61
    for i in range(5):
        assert not gate.check("10.0.0.7", f"11111{i}").ok
    assert gate.wait("10.0.0.7") == pytest.approx(120)
    assert gate.check("10.0.0.8", CODE).ok  # another address is not held up by this one


def test_are_at_most_thirty_codes_compared_a_minute_in_all(clock):
    gate = Gate(CODE, KEY, clock=clock)
    compared = 0
    for i in range(300):
        verdict = gate.check(f"10.0.{i // 4}.1", f"{i:06d}")
        compared += 1 if verdict.wait == 0 else 0
    assert compared == 30
    assert gate.check("10.9.9.9", CODE).wait > 0  # nobody's code is compared now
    assert gate.check("10.9.9.9", KEY).ok  # the QR code's key still lets the room in
    clock.now += 61
    assert gate.check("10.9.9.9", CODE).ok


def test_is_nothing_let_in_without_a_code(clock):
    gate = Gate(CODE, KEY, clock=clock)
    assert not gate.check("10.0.0.1", "").ok
    assert not gate.check("10.0.0.1", CODE[:-1]).ok
    assert gate.check("10.0.0.1", f" {CODE} ").ok
    assert not Gate("", "").enabled


def test_does_the_gate_forget_quiet_addresses(clock):
    gate = Gate(CODE, KEY, clock=clock, in_all=10**6)
    for i in range(1000):
        gate.check(f"10.1.{i // 250}.{i % 250}", "999999")
    clock.now += 3600
    gate.wait("10.0.0.1")
    assert gate._addresses == {}


def test_does_the_wait_say_so_in_indonesian():
    words = t("room.code_wait", "id", minutes=2)
    assert "Tunggu 2 menit" in words and "kode QR" in words


@pytest.mark.parametrize(
    "uri",
    [
        "/voila/render/trainee.ipynb?token=482913",
        "/login?next=%2Fvoila%2Frender%2Ftrainee.ipynb%3Ftoken%3D482913&token=482913",
        "/voila/query/s0im0gzN92hvkNUAkvTx2g/4f0c1e2a-0000-4000-8000-000000000000",
    ],
)
def test_is_no_secret_in_a_logged_address(uri):
    assert "482913" not in scrub(uri) and KEY not in scrub(uri)


@pytest.mark.parametrize(
    "wanted",
    [
        "//evil.example/",
        "/\\evil.example",
        "/%5Cevil.example",
        "/%5cevil.example",
        "%2F%2Fevil.example",
        "/%2F/evil.example",
        "/%252F/evil.example",
        "https://evil.example/",
        "http:evil.example",
        "/\t/evil.example",
        "/%09/evil.example",
        "evil.example",
        "",
    ],
)
def test_does_a_redirect_stay_on_this_server(wanted):
    assert local_path(wanted, "/") == "/"


def test_is_a_path_of_this_server_kept():
    assert local_path("/voila/render/trainee.ipynb", "/") == "/voila/render/trainee.ipynb"
