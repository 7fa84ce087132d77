"""Model fields for private data."""

from __future__ import annotations

from typing import Any

from django.db import models

from gonghui.core.crypto import PREFIX, get_keyring


class EncryptedTextField(models.TextField):
    """Text encrypted at rest with the field keyring; the Python value is always plaintext.

    Find rows through a keyed-hash column beside it, never by filtering on this field.
    """

    description = "加密文本"

    def _label(self) -> str:
        return f"{self.model._meta.label}.{self.name}"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return get_keyring().decrypt(value, label=self._label())

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        if isinstance(value, str) and value.startswith(PREFIX + ":"):
            raise ValueError("EncryptedTextField was given ciphertext where plaintext was expected")
        return get_keyring().encrypt(value, label=self._label())

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in {"isnull"}:
            raise TypeError(f"加密字段 {self.name} 不能按「{lookup_name}」查询；请使用其哈希列")
        return super().get_lookup(lookup_name)
