"""Where notifications may go: public internet hosts only, unless an operator allows more.

People type Apprise URLs; the worker then sends to them from inside our network. Unchecked,
``json://127.0.0.1:…``, ``json://2130706433/``, ``json://169.254.169.254/`` or a redirect would
reach services that trust their neighbours. ``check_address`` refuses, in plain words, before
an address is saved:

- schemes that stay on this machine or use raw sockets we cannot check (``file``, ``syslog``,
  desktop notifications, ``rsyslog``, MQTT, …);
- request shaping in the address: extra headers (``+Header=``, ``-Header=``), ``method=`` on
  ``json``/``xml``/``form``, and timeouts longer than ``MAX_TIMEOUT_SECONDS``;
- hosts that are, or resolve to, loopback, private, shared, link-local, multicast, reserved or
  unspecified addresses, IPv4 or IPv6, in every spelling (``2130706433``, ``0x7f000001``,
  ``0177.0.0.1``, ``127.1``, ``[::1]``, ``[::ffff:127.0.0.1]``).

``guarded_connections`` wraps a send. Apprise's plugins connect through ``requests`` (urllib3)
and ``smtplib``, and both look hosts up with ``socket.getaddrinfo``: while the guard is active
in a context, every lookup there is checked after resolution and its checked answer is what the
caller connects to, so DNS cannot change between check and connect, and a redirect to an
internal host fails the same way. (A ``requests`` session wrapper such as requests-hardened
cannot be used: Apprise calls ``requests.post`` itself.)
"""
from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import apprise
from apprise.url import URLBase

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

PUBLIC_ONLY = ("notifications can only go to services on the public internet")
LOCAL_SCHEMES = frozenset({"file", "unix", "syslog", "dbus", "kde", "qt", "glib", "gio", "gnome",
                           "macosx", "windows", "blink1"})
"""Schemes that deliver on this machine itself (files, its log, its desktop, its USB)."""
RAW_SOCKET_SCHEMES = frozenset({"rsyslog", "growl", "mqtt", "mqtts", "amqp", "amqps", "smpp", "smpps",
                                "xmpp", "xmpps", "aprs", "irc", "ircs", "nostr"})
"""Schemes whose plugins open their own sockets, which the send-time guard cannot check."""
METHOD_SCHEMES = frozenset({"json", "jsons", "xml", "xmls", "form", "forms"})
MAX_TIMEOUT_SECONDS = 10.0
RESOLVE_TIMEOUT_SECONDS = 3.0
LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")
LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_SHARED = ipaddress.ip_network("100.64.0.0/10")


class OutboundRefused(ValueError):
    """An address or connection outside what notifications may reach; the text says why."""


@dataclass(frozen=True)
class AllowList:
    """Hosts an operator allows despite the rules: exact names, addresses or networks."""

    names: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def parse(cls, entries: Iterable[str] | str) -> "AllowList":
        """From ``"127.0.0.1, hooks.lan, 10.0.0.0/8"`` (commas or spaces) or a list of entries."""
        items = entries.replace(",", " ").split() if isinstance(entries, str) else list(entries)
        names, networks = set(), []
        for item in (entry.strip().strip("[]").lower() for entry in items):
            if not item:
                continue
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                names.add(item.rstrip("."))
        return cls(frozenset(names), tuple(networks))

    def allows_name(self, host: str) -> bool:
        return host.lower().rstrip(".").strip("[]") in self.names

    def allows_ip(self, address: IPAddress) -> bool:
        return any(address.version == network.version and address in network for network in self.networks)


def refusal_for_ip(address: IPAddress) -> str | None:
    """Why ``address`` is not a public internet address (e.g. "a loopback address"), or ``None``."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            return refusal_for_ip(embedded)
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_loopback:
        return "a loopback address (this server itself)"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_reserved:
        return "a reserved address"
    if address.is_private or (address.version == 4 and address in _SHARED):
        return "a private network address"
    if not address.is_global:
        return "a reserved address"
    return None


def literal_ip(host: str) -> IPAddress | None:
    """The address a host written as numbers means, in any spelling; ``None`` for a name."""
    bare = host.strip().strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        pass
    if bare and all(character in "0123456789abcdefxABCDEFX." for character in bare):
        try:  # inet_aton reads what URL parsers do: 2130706433, 0x7f000001, 0177.0.0.1, 127.1
            return ipaddress.IPv4Address(socket.inet_aton(bare))
        except OSError:
            return None
    return None


def check_host(host: str, allow: AllowList, resolve: bool = True) -> None:
    """Raise ``OutboundRefused`` unless ``host`` is allowed or only reaches public addresses.

    A name that does not resolve passes (it cannot be reached now; the send-time guard checks it
    again); so does one when ``resolve`` is off.
    """
    name = host.strip().lower().rstrip(".")
    if not name or allow.allows_name(name):
        return
    address = literal_ip(name)
    if address is not None:
        _refuse_ip(host, address, allow)
        return
    if name in LOCAL_NAMES or name.endswith(LOCAL_SUFFIXES):
        raise OutboundRefused(f"{host} is a name for this server or its local network: {PUBLIC_ONLY}.")
    if resolve:
        for address in _resolve(name):
            _refuse_ip(host, address, allow, resolved=True)


def check_address(url: str, allow: AllowList, resolve: bool = True) -> None:
    """Raise ``OutboundRefused`` if the Apprise URL may not be used, saying why in plain words."""
    parsed = URLBase.parse_url(url.strip(), verify_host=False) or {}
    scheme = (parsed.get("schema") or url.partition(":")[0]).strip().lower()
    if scheme in LOCAL_SCHEMES or "unix" in scheme:
        raise OutboundRefused(f"{scheme}:// addresses deliver on this server itself: {PUBLIC_ONLY}.")
    if scheme in RAW_SOCKET_SCHEMES:
        raise OutboundRefused(f"{scheme}:// addresses are not supported: Cramp Coach sends only through "
                              "web and e-mail services it can check.")
    if parsed.get("qsd+") or parsed.get("qsd-"):
        raise OutboundRefused("Extra request headers (+Header=… or -Header=…) are not allowed in a "
                              "notification address.")
    arguments = parsed.get("qsd") or {}
    if scheme in METHOD_SCHEMES and "method" in arguments:
        raise OutboundRefused("Choosing the request method (method=…) is not allowed in a notification "
                              "address; notifications are always sent as POST.")
    for timeout in ("rto", "cto"):
        if timeout in arguments and not _short_timeout(arguments[timeout]):
            raise OutboundRefused(f"{timeout}= can be at most {MAX_TIMEOUT_SECONDS:g} seconds in a "
                                  "notification address.")
    for host in _hosts(url, parsed):
        check_host(host, allow, resolve=resolve)


@contextmanager
def guarded_connections(allow: AllowList) -> Iterator[None]:
    """While active (in this thread, and in threads started with a copy of its context), every
    host looked up must be allowed or public.

    A refused lookup fails inside the sender as a name-resolution error; on leaving the block
    ``OutboundRefused`` is raised with the reason, whatever the sender made of it.
    """
    _install()
    guard = _Guard(allow)
    token = _active_guard.set(guard)
    try:
        yield
    except Exception as error:
        if guard.refusals:
            raise OutboundRefused(guard.refusals[0]) from error
        raise
    finally:
        _active_guard.reset(token)
    if guard.refusals:
        raise OutboundRefused(guard.refusals[0])


@dataclass
class _Guard:
    allow: AllowList
    refusals: list[str] = field(default_factory=list)

    def check(self, host: object, results: list) -> list:
        name = host.decode() if isinstance(host, bytes) else str(host or "")
        if self.allow.allows_name(name):
            return results
        for *_, sockaddr in results:
            address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
            try:
                _refuse_ip(name, address, self.allow, resolved=literal_ip(name) is None)
            except OutboundRefused as refused:
                self.refusals.append(str(refused))
                raise socket.gaierror(socket.EAI_NONAME, str(refused)) from None
        return results


_active_guard: ContextVar[_Guard | None] = ContextVar("outbound_guard", default=None)
"""A context variable rather than a thread-local: Apprise runs each send on its own worker
thread with a copy of the caller's context (``apprise.apprise.submit_with_context``)."""
_install_lock = threading.Lock()
_real_getaddrinfo = socket.getaddrinfo
_resolver_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="outbound-resolve")


def _guarded_getaddrinfo(host, port, *args, **kwargs):
    results = _real_getaddrinfo(host, port, *args, **kwargs)
    guard = _active_guard.get()
    return results if guard is None else guard.check(host, results)


def _install() -> None:
    """Wrap ``socket.getaddrinfo`` once; threads without an active guard see no difference."""
    with _install_lock:
        if socket.getaddrinfo is not _guarded_getaddrinfo:
            socket.getaddrinfo = _guarded_getaddrinfo


def _refuse_ip(host: str, address: IPAddress, allow: AllowList, resolved: bool = False) -> None:
    if allow.allows_ip(address):
        return
    reason = refusal_for_ip(address)
    if reason is not None:
        where = f"{host} leads to {address}, {reason}" if resolved else f"{host} is {reason}"
        raise OutboundRefused(f"{where}: {PUBLIC_ONLY}.")


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address inside an IPv4-mapped, -compatible, NAT64 or 6to4 IPv6 address."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64 or (int(address) >> 32 == 0 and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _resolve(name: str) -> list[IPAddress]:
    """The name's addresses; a slow resolver is given ``RESOLVE_TIMEOUT_SECONDS`` on a small pool
    of its own, so a hostile name server cannot hold the thread that asked for long."""
    future = _resolver_pool.submit(_real_getaddrinfo, name, None, 0, socket.SOCK_STREAM)
    try:
        results = future.result(timeout=RESOLVE_TIMEOUT_SECONDS)
    except TimeoutError:
        raise OutboundRefused(f"{name} could not be looked up in time; try again in a minute.") from None
    except (socket.gaierror, UnicodeError, OSError):
        return []
    return [ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0]) for *_, sockaddr in results]


def _hosts(url: str, parsed: dict) -> list[str]:
    """The hosts the address sends to: the URL's own and those the plugin will really use.

    A host that is one bare number (``2130706433``, ``0x7f000001``) is an address only for
    plugins that connect to their host; Telegram's, Discord's or Pushover's "host" is a token.
    """
    plugin = apprise.Apprise.instantiate(url.strip(), suppress_exceptions=True)
    hosts = [parsed.get("host") or ""]
    try:  # the generic reading too, for what Apprise's parser gives up on
        hosts.append(urlsplit(url.strip()).hostname or "")
    except ValueError:
        pass
    hosts += [value for value in (getattr(plugin, name, None) for name in ("host", "smtp_host"))
              if isinstance(value, str)]
    return [host for host in dict.fromkeys(hosts)
            if host and (not _bare_number(host) or _connects_to(plugin, host))]


def _bare_number(host: str) -> bool:
    return "." not in host and ":" not in host and literal_ip(host) is not None


def _connects_to(plugin: object, host: str) -> bool:
    """Whether the plugin connects to ``host``: its identity lists the host followed by a port."""
    identity = getattr(plugin, "url_identifier", None) if plugin is not None else None
    if not isinstance(identity, (tuple, list)):
        return True
    for index, part in enumerate(identity[:-1]):
        if part == host and (identity[index + 1] is None or isinstance(identity[index + 1], int)):
            return True
    return False


def _short_timeout(text: str) -> bool:
    try:
        return 0 < float(text) <= MAX_TIMEOUT_SECONDS
    except ValueError:
        return False
