"""The ways an address was found to reach this machine or its network (issue 15), as host spellings."""
from __future__ import annotations

LOOPBACK_SPELLINGS = ["127.0.0.1", "localhost", "2130706433", "0x7f000001", "0177.0.0.1", "127.1",
                      "[::1]", "[::ffff:127.0.0.1]", "LOCALHOST", "127.0.0.1."]
INTERNAL_HOSTS = ["169.254.169.254", "10.0.0.7", "192.168.1.1", "172.16.0.1", "100.64.0.1", "0.0.0.0",
                  "224.0.0.1", "240.0.0.1", "[fe80::1]", "[fd00::1]", "[::]", "[64:ff9b::7f00:1]",
                  "[2002:7f00:1::]", "metadata.internal"]
SHAPED_ADDRESSES = {
    "json://hooks.example.com/x?method=PUT": "method=",
    "json://hooks.example.com/x?+X-Injected=yes": "Extra request headers",
    "xml://hooks.example.com/x?-Accept=1": "Extra request headers",
    "form://hooks.example.com/x?method=DELETE": "method=",
    "json://hooks.example.com/x?rto=3600": "rto= can be at most 10 seconds",
}
LOCAL_SCHEMES = {
    "syslog://": "deliver on this server itself",
    "rsyslog://127.0.0.1": "not supported",
    "rsyslog://logs.example.com": "not supported",
    "mqtt://broker.example.com/topic": "not supported",
    "dbus://": "deliver on this server itself",
    "file:///etc/passwd": "deliver on this server itself",
    "unix:///run/docker.sock": "deliver on this server itself",
}
