"""A throwaway PKI shaped like Amazon's: root CA, intermediate, signing certificate, signed bodies (tests and the endpoint benchmark)."""
from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CHAIN_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem"
SIGNING_NAME = "echo-api.amazon.com"


@cache
def rsa_key(role: str) -> rsa.RSAPrivateKey:
    """One 2048-bit key per role for the whole run: generating keys is the slow part."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Cramp Coach Test PKI"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _ca_certificate(subject: str, key: rsa.RSAPrivateKey, issuer: x509.Certificate | None,
                    issuer_key: rsa.RSAPrivateKey, not_before: datetime, not_after: datetime) -> x509.Certificate:
    issuer_name = issuer.subject if issuer else _name(subject)
    issuer_public = issuer_key.public_key()
    return (x509.CertificateBuilder()
            .subject_name(_name(subject)).issuer_name(issuer_name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(not_before).not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None if issuer is None else 0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_public), critical=False)
            .sign(issuer_key, hashes.SHA256()))


def _leaf_certificate(names: list[str], issuer: x509.Certificate, issuer_key: rsa.RSAPrivateKey,
                      not_before: datetime, not_after: datetime) -> x509.Certificate:
    key = rsa_key("leaf")
    return (x509.CertificateBuilder()
            .subject_name(_name(names[0])).issuer_name(issuer.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(not_before).not_valid_after(not_after)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name) for name in names]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=True,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH,
                                                  ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
                           critical=False)
            .sign(issuer_key, hashes.SHA256()))


@dataclass(frozen=True)
class AlexaPki:
    """A root, an intermediate and a signing certificate; ``chain_pem`` is what Amazon serves."""

    root: x509.Certificate
    intermediate: x509.Certificate
    leaf: x509.Certificate

    def chain_pem(self) -> bytes:
        return b"".join(cert.public_bytes(serialization.Encoding.PEM)
                        for cert in (self.leaf, self.intermediate))

    def write_roots(self, directory: Path) -> Path:
        path = directory / "trusted-roots.pem"
        path.write_bytes(self.root.public_bytes(serialization.Encoding.PEM))
        return path


def make_pki(now: datetime, *, names: tuple[str, ...] = (SIGNING_NAME,), root_role: str = "root",
             leaf_valid_from: timedelta = timedelta(days=-1), leaf_valid_for: timedelta = timedelta(days=30),
             intermediate_valid_for: timedelta = timedelta(days=365)) -> AlexaPki:
    """A PKI whose signing certificate is valid from ``now + leaf_valid_from`` for ``leaf_valid_for``."""
    root = _ca_certificate(f"Test Root CA ({root_role})", rsa_key(root_role), None, rsa_key(root_role),
                           now - timedelta(days=3650), now + timedelta(days=3650))
    intermediate = _ca_certificate("Test Signing CA", rsa_key("intermediate"), root, rsa_key(root_role),
                                   now - timedelta(days=365), now + intermediate_valid_for)
    leaf_start = now + leaf_valid_from
    leaf = _leaf_certificate(list(names), intermediate, rsa_key("intermediate"),
                             leaf_start, leaf_start + leaf_valid_for)
    return AlexaPki(root, intermediate, leaf)


def sign(body: bytes, key_role: str = "leaf") -> str:
    """The ``Signature-256`` header value for ``body``: base64 RSA PKCS#1 v1.5 over SHA-256."""
    signature = rsa_key(key_role).sign(body, padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode("ascii")


def signed_headers(body: bytes, chain_url: str = CHAIN_URL) -> dict[str, str]:
    return {"SignatureCertChainUrl": chain_url, "Signature-256": sign(body)}
