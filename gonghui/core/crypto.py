"""Field encryption (AES-256-GCM, versioned keys) and keyed hashes (HMAC-SHA256) for lookups.

Ciphertext is text: ``g1:<key version>:<base64(nonce || ciphertext+tag)>``; the field's label is the
associated data, so a value copied into another column does not decrypt. The newest key version
encrypts; every listed version decrypts, which is what lets keys be rotated later. The hash key does
not rotate: rotating it would mean re-hashing every row (see docs/adr/0003-private-data.md).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from gonghui.core.errors import KeyConfigurationError

PREFIX = "g1"
CANARY_PLAINTEXT = "gonghui-key-check"
_lock = threading.Lock()
_keyring: Keyring | None = None


@dataclass(frozen=True)
class Keyring:
    keys: dict[int, bytes]
    hash_key: bytes
    source: str

    @property
    def active_version(self) -> int:
        return max(self.keys)

    def encrypt(self, plaintext: str, *, label: str) -> str:
        version = self.active_version
        nonce = os.urandom(12)
        sealed = AESGCM(self.keys[version]).encrypt(nonce, plaintext.encode("utf-8"), label.encode("utf-8"))
        return f"{PREFIX}:{version}:{base64.b64encode(nonce + sealed).decode('ascii')}"

    def decrypt(self, token: str, *, label: str) -> str:
        try:
            prefix, version_text, payload = token.split(":", 2)
            version = int(version_text)
            raw = base64.b64decode(payload, validate=True)
        except ValueError as exc:
            raise KeyConfigurationError(f"字段「{label}」的密文格式不正确，数据可能已损坏") from exc
        if prefix != PREFIX:
            raise KeyConfigurationError(f"字段「{label}」的密文格式不正确，数据可能已损坏")
        key = self.keys.get(version)
        if key is None:
            raise KeyConfigurationError(
                f"缺少第 {version} 版字段加密密钥（{self.source}），无法解密「{label}」；请恢复该版本的密钥"
            )
        try:
            return AESGCM(key).decrypt(raw[:12], raw[12:], label.encode("utf-8")).decode("utf-8")
        except InvalidTag as exc:
            raise KeyConfigurationError(
                f"字段加密密钥与数据库不匹配（{self.source}），无法解密「{label}」；请检查密钥文件是否被替换"
            ) from exc

    def keyed_hash(self, value: str, *, purpose: str) -> str:
        return hmac.new(self.hash_key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def _decode_key(text: str, what: str, source: str) -> bytes:
    try:
        key = base64.b64decode(text, validate=True)
    except ValueError as exc:
        raise KeyConfigurationError(f"密钥文件 {source} 中的{what}不是有效的 base64") from exc
    if len(key) != 32:
        raise KeyConfigurationError(f"密钥文件 {source} 中的{what}长度应为 32 字节")
    return key


def load_keyring(path: Path) -> Keyring:
    """Read a key file; a missing or malformed file is a startup error, never an empty field."""
    source = str(path)
    if not path.exists():
        raise KeyConfigurationError(
            f"未找到字段加密密钥文件 {source}。已有数据的系统不能没有密钥启动：请恢复密钥文件，"
            "或设置 GONGHUI_FIELD_KEY_FILE 指向它"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        raw_keys = data["keys"]
        keys = {
            int(version): _decode_key(text, f"第 {version} 版密钥", source)
            for version, text in raw_keys.items()
        }
        hash_key = _decode_key(data["hash_key"], "哈希密钥", source)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        if isinstance(exc, KeyConfigurationError):
            raise
        raise KeyConfigurationError(f"字段加密密钥文件 {source} 格式不正确：{exc}") from exc
    if not keys:
        raise KeyConfigurationError(f"字段加密密钥文件 {source} 中没有任何密钥")
    return Keyring(keys=keys, hash_key=hash_key, source=source)


def write_new_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "keys": {"1": base64.b64encode(secrets.token_bytes(32)).decode("ascii")},
        "hash_key": base64.b64encode(secrets.token_bytes(32)).decode("ascii"),
    }
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
    tmp.chmod(0o600)
    tmp.replace(path)


def get_keyring() -> Keyring:
    """The process-wide keyring. On a database with no canary yet, a key file is created."""
    global _keyring
    if _keyring is not None:
        return _keyring
    with _lock:
        if _keyring is None:
            _keyring = _open_or_create_keyring()
    return _keyring


def _open_or_create_keyring() -> Keyring:
    from django.conf import settings

    from gonghui.core.models import KeyCanary

    path = Path(settings.GONGHUI_FIELD_KEY_FILE)
    if not path.exists() and not KeyCanary.objects.exists():
        write_new_key_file(path)
    keyring = load_keyring(path)
    _check_canaries(keyring)
    return keyring


def _check_canaries(keyring: Keyring) -> None:
    from gonghui.core.models import KeyCanary

    canaries = list(KeyCanary.objects.all())
    for canary in canaries:
        if keyring.decrypt(canary.ciphertext, label="core.KeyCanary") != CANARY_PLAINTEXT:
            raise KeyConfigurationError(f"字段加密密钥与数据库不匹配（{keyring.source}）")
        if canary.hash_check != keyring.keyed_hash(CANARY_PLAINTEXT, purpose="canary"):
            raise KeyConfigurationError(
                f"哈希密钥与数据库不匹配（{keyring.source}）；按身份证号查找的记录将无法找到"
            )
    known = {canary.key_version for canary in canaries}
    if keyring.active_version not in known:
        KeyCanary.objects.create(
            key_version=keyring.active_version,
            ciphertext=keyring.encrypt(CANARY_PLAINTEXT, label="core.KeyCanary"),
            hash_check=keyring.keyed_hash(CANARY_PLAINTEXT, purpose="canary"),
        )


def verify_field_keys() -> Keyring:
    """Open the keyring now (commands call this at start so a bad key stops them at once)."""
    reset_keyring()
    return get_keyring()


def reset_keyring() -> None:
    global _keyring
    with _lock:
        _keyring = None
