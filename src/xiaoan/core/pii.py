"""Personal information (个人信息) at rest: encryption, keyed lookup hashes, masks.

Callers' and reporters' names and phone numbers are stored encrypted with a
key from the environment (`XIAOAN_PII_KEY`): SM4-GCM by default (the national
standard cipher), AES-256-GCM where `XIAOAN_PII_CIPHER=aes-gcm`. Each value
gets a fresh random nonce, so the same number never encrypts to the same text.

A stored value reads ``<cipher tag>.<key id>.<base64 of nonce + ciphertext +
tag>``. The key id (eight hex digits derived from the key) tells which key
wrote a value, so a changed key is detected instead of yielding garbage, and
`xiaoan reencrypt-pii` can move old values to the new key. The cipher tag lets
values written under the other cipher still be read.

Ciphertext can neither be searched nor compared, so the places that look a
record up by phone keep a keyed hash beside it (`lookup_hash`: HMAC-SHA256 of
the normalised number under a key derived from the same secret).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from xiaoan.core.errors import XiaoanError

NONCE_BYTES = 12
TAG_BYTES = 16
#: cipher name (XIAOAN_PII_CIPHER) → the tag that starts its stored values
CIPHER_TAGS = {"sm4-gcm": "s1", "aes-gcm": "a1"}
TOKEN = re.compile(r"^(s1|a1)\.([0-9a-f]{8})\.([A-Za-z0-9_-]+={0,2})$")


class PiiKeyError(XiaoanError):
    """A stored value cannot be read with the configured key."""

    code = "pii_key"


@dataclass(frozen=True)
class PiiKey:
    """One secret and what is derived from it: the cipher key, the hash key, the id."""

    secret: str

    def _derive(self, purpose: str) -> bytes:
        return hmac.new(self.secret.encode(), purpose.encode(), hashlib.sha256).digest()

    @cached_property
    def key_id(self) -> str:
        return self._derive("xiaoan pii key id").hex()[:8]

    @cached_property
    def cipher_key(self) -> bytes:
        return self._derive("xiaoan pii encryption")

    @cached_property
    def index_key(self) -> bytes:
        return self._derive("xiaoan pii lookup index")

    @cached_property
    def _aes(self) -> AESGCM:
        return AESGCM(self.cipher_key)

    @cached_property
    def _sm4(self) -> algorithms.SM4:
        return algorithms.SM4(self.cipher_key[:16])

    def seal(self, data: bytes, cipher: str) -> bytes:
        """The nonce and the authenticated ciphertext of `data`."""
        nonce = os.urandom(NONCE_BYTES)
        if cipher == "aes-gcm":
            return nonce + self._aes.encrypt(nonce, data, None)
        enc = Cipher(self._sm4, modes.GCM(nonce)).encryptor()
        return nonce + enc.update(data) + enc.finalize() + enc.tag

    def unseal(self, tag: str, raw: bytes) -> bytes:
        nonce, sealed = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
        if tag == "a1":
            return self._aes.decrypt(nonce, sealed, None)
        body, mac = sealed[:-TAG_BYTES], sealed[-TAG_BYTES:]
        dec = Cipher(self._sm4, modes.GCM(nonce, mac)).decryptor()
        return dec.update(body) + dec.finalize()

    def encrypt(self, text: str, cipher: str) -> str:
        payload = base64.urlsafe_b64encode(self.seal(text.encode(), cipher)).decode()
        return f"{CIPHER_TAGS[cipher]}.{self.key_id}.{payload}"

    def decrypt(self, tag: str, payload: str) -> str:
        return self.unseal(tag, base64.urlsafe_b64decode(payload)).decode()

    def lookup_hash(self, normalised: str) -> str:
        return hmac.new(self.index_key, normalised.encode(), hashlib.sha256).hexdigest()


@lru_cache(maxsize=8)
def _key(secret: str) -> PiiKey:
    return PiiKey(secret)


MISSING_KEY = (
    "XIAOAN_PII_KEY 未设置：生产环境必须通过环境变量 XIAOAN_PII_KEY 提供个人信息"
    "（来电人、举报人姓名和电话）加密密钥，至少 32 个字符"
    "（可用 `python -c 'import secrets; print(secrets.token_urlsafe(32))'` 生成，"
    "务必妥善保存：丢失后已加密的个人信息无法恢复；开发或演示请设置 XIAOAN_DEBUG=1）。"
)


def current_key() -> PiiKey:
    if not settings.XIAOAN_PII_KEY:
        raise ImproperlyConfigured(MISSING_KEY)
    return _key(settings.XIAOAN_PII_KEY)


def require_key() -> None:
    """Refuse to start a web or worker process without the key (ImproperlyConfigured)."""
    current_key()


def key_from_secret(secret: str) -> PiiKey:
    return _key(secret)


def is_token(value: str) -> bool:
    return bool(TOKEN.match(value))


def encrypt(text: str, key: PiiKey | None = None) -> str:
    """`text` as stored; the empty text stays empty (nothing was given)."""
    if not text:
        return ""
    return (key or current_key()).encrypt(text, settings.XIAOAN_PII_CIPHER)


def decrypt(value: str, keys: tuple[PiiKey, ...] = ()) -> str:
    """The clear text of a stored value, with the current key or one of `keys`.

    A value that is not in the stored form (a row written before encryption)
    is returned as it is; `xiaoan reencrypt-pii` encrypts such rows."""
    if not value:
        return ""
    match = TOKEN.match(value)
    if match is None:
        return value
    tag, key_id, payload = match.groups()
    for key in (current_key(), *keys):
        if key.key_id == key_id:
            try:
                return key.decrypt(tag, payload)
            except (InvalidTag, ValueError) as exc:
                raise PiiKeyError(f"个人信息密文已损坏，无法解密（密钥编号 {key_id}）。") from exc
    raise PiiKeyError(
        f"个人信息由另一把密钥（编号 {key_id}）加密，当前密钥编号为 {current_key().key_id}："
        "密钥已更换，请用 `xiaoan reencrypt-pii --old-key-env 变量名` 以旧密钥重新加密。"
    )


#: the start of a stored file that holds personal information, encrypted
FILE_MAGIC = b"XAPII1"


def encrypt_file_content(data: bytes) -> bytes:
    """A file's content as stored: magic, cipher tag, key id, nonce, sealed data.
    Uploaded 12345 exports and their rejected rows hold callers' names and
    numbers, so they are kept like the database columns."""
    key = current_key()
    cipher = settings.XIAOAN_PII_CIPHER
    header = FILE_MAGIC + CIPHER_TAGS[cipher].encode() + key.key_id.encode()
    return header + key.seal(data, cipher)


def decrypt_file_content(data: bytes, keys: tuple[PiiKey, ...] = ()) -> bytes:
    """The clear content of a stored file; a file kept before encryption is
    returned as it is."""
    if not data.startswith(FILE_MAGIC):
        return data
    start = len(FILE_MAGIC)
    tag, key_id = data[start : start + 2].decode(), data[start + 2 : start + 10].decode()
    for key in (current_key(), *keys):
        if key.key_id == key_id:
            try:
                return key.unseal(tag, data[start + 10 :])
            except (InvalidTag, ValueError) as exc:
                raise PiiKeyError(f"文件密文已损坏，无法解密（密钥编号 {key_id}）。") from exc
    raise PiiKeyError(
        f"文件由另一把密钥（编号 {key_id}）加密，当前密钥编号为 {current_key().key_id}："
        "请用 `xiaoan reencrypt-pii --old-key-env 变量名` 以旧密钥重新加密。"
    )


def key_id_of_file(data: bytes) -> str | None:
    if not data.startswith(FILE_MAGIC):
        return None
    start = len(FILE_MAGIC) + 2
    return data[start : start + 8].decode()


def key_id_of(value: str) -> str | None:
    match = TOKEN.match(value or "")
    return match.group(2) if match else None


# ----- phone numbers: normalising, hashing, masking -----

_NOT_DIGITS = re.compile(r"[^\d]")


def normalise_phone(phone: str) -> str:
    """Digits only, without a +86 / 0086 country prefix: the form two records of
    one number share however they were written."""
    digits = _NOT_DIGITS.sub("", phone or "")
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 11:
            return digits[len(prefix) :]
    return digits


def phone_hash(phone: str, key: PiiKey | None = None) -> str:
    """The keyed lookup hash of a phone number ("" for no number)."""
    normalised = normalise_phone(phone)
    if not normalised:
        return ""
    return (key or current_key()).lookup_hash(normalised)


def mask_phone(phone: str) -> str:
    """138****1234; short numbers keep only their first digit."""
    if not phone:
        return ""
    if len(phone) <= 7:
        return phone[:1] + "*" * (len(phone) - 1)
    return f"{phone[:3]}****{phone[-4:]}"


def mask_name(name: str) -> str:
    """张* for two characters, 张*明 for three, 欧阳** for longer names."""
    name = (name or "").strip()
    if not name:
        return ""
    if len(name) == 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    if len(name) == 3:
        return name[0] + "*" + name[-1]
    return name[:2] + "*" * (len(name) - 2)


def masked(value: Any, kind: str) -> str:
    """The masked form of a name (`kind` "name") or phone ("phone")."""
    text = "" if value is None else str(value)
    return mask_name(text) if kind == "name" else mask_phone(text)
