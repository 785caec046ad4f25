"""``foundations.outbound``: which notification addresses may be used, in plain words."""
from __future__ import annotations

import socket

import pytest

from foundations import outbound
from foundations.outbound import AllowList, OutboundRefused, check_address, guarded_connections, literal_ip
from tests.outbound.forms import INTERNAL_HOSTS, LOCAL_SCHEMES, LOOPBACK_SPELLINGS, SHAPED_ADDRESSES

NOBODY = AllowList()


@pytest.mark.parametrize("host", LOOPBACK_SPELLINGS)
def test_every_spelling_of_this_machine_is_refused_as_loopback_or_local(host):
    with pytest.raises(OutboundRefused, match="this server") as refused:
        check_address(f"json://{host}:8080/hook", NOBODY)
    assert "public internet" in str(refused.value)


@pytest.mark.parametrize("host", INTERNAL_HOSTS)
def test_private_link_local_multicast_reserved_and_unspecified_hosts_are_refused(host):
    with pytest.raises(OutboundRefused, match="notifications can only go to services on the public internet"):
        check_address(f"json://{host}/latest/meta-data", NOBODY)


def test_the_cloud_metadata_address_is_named_link_local():
    with pytest.raises(OutboundRefused, match=r"169\.254\.169\.254 is a link-local address"):
        check_address("json://169.254.169.254/latest/meta-data", NOBODY)


@pytest.mark.parametrize(("url", "reason"), SHAPED_ADDRESSES.items())
def test_request_shaping_in_the_address_is_refused(url, reason):
    with pytest.raises(OutboundRefused, match=reason.replace("+", r"\+")):
        check_address(url, NOBODY)


@pytest.mark.parametrize(("url", "reason"), LOCAL_SCHEMES.items())
def test_local_and_raw_socket_schemes_are_refused(url, reason):
    with pytest.raises(OutboundRefused, match=reason):
        check_address(url, NOBODY)


def test_smtp_relay_on_this_machine_is_refused_even_when_named_in_an_argument():
    with pytest.raises(OutboundRefused, match=r"127\.0\.0\.1 is a loopback"):
        check_address("mailto://me:pw@example.com?smtp=127.0.0.1", NOBODY)


@pytest.mark.parametrize("url", ["ntfy://my-topic", "ntfys://ntfy.example.com/topic", "json://8.8.8.8/hook",
                                 "mailto://me:app-password@gmail.com", "tgram://123456789:ABCdefGHIjkl/987654",
                                 "discord://4174216298/JHMHI8qBe7bk2ZwO5U711o3dV_js", "ntfy://2130706433"])
def test_public_services_are_accepted(url):
    check_address(url, NOBODY)


def test_a_name_resolving_to_a_private_address_is_refused_saying_where_it_leads(monkeypatch):
    fake_dns(monkeypatch, {"hooks.example.com": "10.1.2.3"})
    with pytest.raises(OutboundRefused, match=r"hooks\.example\.com leads to 10\.1\.2\.3, a private network"):
        check_address("json://hooks.example.com/x", NOBODY)


def test_allow_list_lets_named_hosts_and_networks_through():
    allowed = AllowList.parse("127.0.0.1, hooks.lan 10.0.0.0/8")
    check_address("json://127.0.0.1:9/hook", allowed)
    check_address("json://hooks.lan/hook", allowed)
    check_address("json://10.20.30.40/hook", allowed)
    with pytest.raises(OutboundRefused):
        check_address("json://192.168.0.1/hook", allowed)
    with pytest.raises(OutboundRefused, match="Extra request headers"):
        check_address("json://127.0.0.1:9/hook?+X-Injected=yes", allowed)


def test_numeric_spellings_mean_the_addresses_url_parsers_read():
    assert {str(literal_ip(spelling)) for spelling in ("2130706433", "0x7f000001", "0177.0.0.1", "127.1")} \
        == {"127.0.0.1"}
    assert literal_ip("my-topic") is None and literal_ip("cafe.be") is None


def test_guard_refuses_a_lookup_of_an_internal_host_and_says_why_on_leaving():
    with pytest.raises(OutboundRefused, match=r"127\.0\.0\.1 is a loopback"):
        with guarded_connections(NOBODY):
            with pytest.raises(socket.gaierror):
                socket.create_connection(("127.0.0.1", 9), timeout=1)


def test_lookups_outside_the_guard_or_in_other_threads_are_untouched():
    assert socket.getaddrinfo("127.0.0.1", 9)[0][4][0] == "127.0.0.1"


def fake_dns(monkeypatch, answers: dict[str, str]) -> None:
    """Resolve these names to these addresses (a DNS server an attacker controls), others as usual."""
    real = outbound._real_getaddrinfo

    def resolve(host, port, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        return real(answers.get(name, name), port, *args, **kwargs)

    monkeypatch.setattr("foundations.outbound._real_getaddrinfo", resolve)
