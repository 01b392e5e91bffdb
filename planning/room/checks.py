"""What ``planning serve`` and ``planning lab`` accept: an address, a port, an access code.

Each refuses a bad value with a message naming the setting, the value and what is allowed.
"""

from __future__ import annotations

import ipaddress

from planning.errors import Msg, ValidationError


def check_host(host: str) -> str:
    """Give the address to listen on, or refuse one that is not an IP address."""
    try:
        return str(ipaddress.ip_address(host.strip()))
    except ValueError:
        raise ValidationError(
            field=Msg("field.room.host"), value=host, allowed=Msg("allowed.host")
        ) from None


def check_port(port: int | str) -> int:
    """Give the port to listen on, or refuse one outside 1-65535."""
    try:
        number = int(port)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= 65535:
        raise ValidationError(field=Msg("field.room.port"), value=port, allowed=Msg("allowed.port"))
    return number


def check_code(code: str) -> str:
    """Give an access code as typed, or refuse one that is too short, too long or not plain.

    Examples
    --------
    >>> check_code(" 4829 ")
    '4829'
    """
    text = code.strip()
    if not 4 <= len(text) <= 12 or not text.isascii() or not text.isalnum():
        raise ValidationError(field=Msg("field.room.code"), value=code, allowed=Msg("allowed.code"))
    return text
