"""What the import stores beside a row's values, made the way the services make it, many at a time:
the ID number's keyed hash, the ciphertexts of ID numbers and phones, and the name's sort keys.

Each gives exactly what its reference gives (`services.id_number_hash`, `Keyring.encrypt`,
`core.names.stroke_key`/`pinyin_key`/`pinyin_initials`); test_import_reference checks them against it.
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
import os
from collections.abc import Sequence
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from gonghui.core.crypto import PREFIX, Keyring
from gonghui.core.names import (
    PINYIN_KEY_MAX_LENGTH,
    STROKE_KEY_MAX_LENGTH,
    SURNAME_READINGS,
    pinyin_syllables,
    split_surname,
    stroke_chunk,
)

ID_LABEL = "members.Person.id_number"
PHONE_LABEL = "members.Person.phone"
NONCE_BYTES = 12
NONCES_PER_DRAW = 4096  # nonces drawn from the OS at a time: one getrandom() call instead of 4,096


def load_name_tables() -> None:
    """Load what NameKeys reads (pypinyin's dictionaries, the stroke table: a sixth of a second).

    The importer runs this in a thread while python-calamine reads the file, which it does without
    holding the GIL, so that the load costs the import nothing.
    """
    from pypinyin.constants import PHRASES_DICT  # importing pypinyin loads its dictionaries

    assert PHRASES_DICT
    stroke_chunk("一")


class IdHasher:
    """services.id_number_hash with the HMAC key schedule done once: the same digest, a third of the time."""

    def __init__(self, keyring: Keyring) -> None:
        # Keyring.keyed_hash is HMAC-SHA256 over "purpose:value"; the prefix is hashed once and copied.
        self._prefix: Any = hmac.new(keyring.hash_key, b"id_number:", hashlib.sha256)
        # The C object under hmac.HMAC: copying it skips the Python wrapper (same state, same digest).
        inner = getattr(self._prefix, "_hmac", None)
        if inner is not None:
            self._prefix = inner

    def __call__(self, id_number: str) -> str:
        digest = self._prefix.copy()
        digest.update(id_number.strip().upper().encode())
        return str(digest.hexdigest())

    def many(self, id_numbers: Sequence[str | None]) -> list[str]:
        """`__call__` for a whole column at once; "" for a blank number."""
        prefix_copy = self._prefix.copy
        hashes: list[str] = []
        append = hashes.append
        for number in id_numbers:
            if number:
                digest = prefix_copy()
                digest.update(number.strip().upper().encode())
                append(digest.hexdigest())
            else:
                append("")
        return hashes


class Sealer:
    """Keyring.encrypt's format (g1:<version>:<base64(nonce ‖ ciphertext+tag)>) with one AESGCM object.

    Nonces are fresh random 96-bit values as in Keyring.encrypt, drawn from the OS 4,096 at a time.
    """

    def __init__(self, keyring: Keyring) -> None:
        version = keyring.active_version
        self._encrypt = AESGCM(keyring.keys[version]).encrypt
        self._prefix = f"{PREFIX}:{version}:"
        self._pool = b""
        self._used = 0

    def seal_many(self, plaintexts: Sequence[str], label: bytes) -> list[str]:
        """`seal` for a whole column ("" stays ""), the loop without a call per value."""
        encrypt, prefix, encode = self._encrypt, self._prefix, binascii.b2a_base64
        pool, used = self._pool, self._used
        sealed: list[str] = []
        append = sealed.append
        for plaintext in plaintexts:
            if not plaintext:
                append("")
                continue
            if used >= len(pool):
                pool, used = os.urandom(NONCE_BYTES * NONCES_PER_DRAW), 0
            nonce = pool[used : used + NONCE_BYTES]
            used += NONCE_BYTES
            append(
                prefix
                + encode(nonce + encrypt(nonce, plaintext.encode("utf-8"), label), newline=False).decode(
                    "ascii"
                )
            )
        self._pool, self._used = pool, used
        return sealed

    def seal(self, plaintext: str, label: bytes) -> str:
        return self.seal_many([plaintext], label)[0]


class NameKeys:
    """core.names' stroke_key, pinyin_key and pinyin_initials (cut to 20, as the services store it) of a name.

    The pinyin of each surname and each given name is computed once, and the stroke chunk of each
    character: a 100,000-row roster has some 80,000 different names but fewer than 20,000 different parts
    and a few thousand characters, and pypinyin costs about 12 µs a call. The steps are core.names' own
    (`_syllables`, `stroke_key`); test_import_reference checks that the keys agree for awkward names.
    """

    def __init__(self) -> None:
        self.parts: dict[str, list[str]] = {}
        self.chars: dict[str, list[str]] = {}
        self._phrases: Any = None
        self._readable: Any = None
        self.chunks: dict[str, str] = {}
        self.surname_keys: dict[str, tuple[str, str, str]] = {}
        self.given_keys: dict[str, tuple[str, str, str]] = {}
        self.names: dict[str, tuple[str, str, str]] = {}

    def _part(self, text: str) -> list[str]:
        found = self.parts.get(text)
        if found is None:
            found = self.parts[text] = self._read(text)
        return found

    def _read(self, text: str) -> list[str]:
        """pinyin_syllables(text), from each character's reading when pypinyin would read it that way.

        pypinyin reads a run of Han characters phrase by phrase from its phrase dictionary and every
        other character alone, by its first reading; so when no two or more consecutive characters of
        the text form a phrase it knows, the text's syllables are those of its characters one by one,
        each computed once (a roster's 17,000 given names have a few thousand characters).
        """
        if len(text) < 2:
            return pinyin_syllables(text)
        if self._phrases is None:
            from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

            self._phrases, self._readable = PHRASES_DICT, PINYIN_DICT
        readable, phrases, length = self._readable, self._phrases, len(text)
        if any(ord(char) not in readable for char in text) or any(
            text[start:stop] in phrases
            for start in range(length - 1)
            for stop in range(start + 2, length + 1)
        ):
            return pinyin_syllables(text)
        syllables: list[str] = []
        for char in text:
            reading = self.chars.get(char)
            if reading is None:
                reading = self.chars[char] = pinyin_syllables(char)
            if len(reading) != 1:  # not one syllable: leave the text to pypinyin whole
                return pinyin_syllables(text)
            syllables.extend(reading)
        return syllables

    def _chunks(self, text: str) -> str:
        """The stroke key of a text, uncut: its characters' chunks, each computed once."""
        chunks = self.chunks
        try:
            return "".join(map(chunks.__getitem__, text))
        except KeyError:
            for char in text:
                if char not in chunks:
                    chunks[char] = stroke_chunk(char)
            return "".join(map(chunks.__getitem__, text))

    def _part_keys(self, text: str, *, surname: bool) -> tuple[str, str, str]:
        """A surname's or given name's stroke chunks, pinyin and initials (uncut), computed once each."""
        cache = self.surname_keys if surname else self.given_keys
        keys = cache.get(text)
        if keys is None:
            reading = SURNAME_READINGS.get(text) if surname else None
            syllables = list(reading) if reading is not None else self._part(text)
            keys = cache[text] = (
                self._chunks(text),
                " ".join(syllables),
                "".join(syllable[0] for syllable in syllables),
            )
        return keys

    def __call__(self, name: str) -> tuple[str, str, str]:
        """The name's keys, joined from those of its surname and given name (core.names reads the two
        apart and concatenates: stroke chunks end to end, syllables with one space between)."""
        keys = self.names.get(name)
        if keys is None:
            stripped = name.strip()
            family, given = split_surname(stripped)
            family_strokes, family_pinyin, family_initials = self._part_keys(family, surname=True)
            given_strokes, given_pinyin, given_initials = self._part_keys(given, surname=False)
            # Spaces have no chunk; other characters that strip() removes would: then the name whole.
            strokes = family_strokes + given_strokes if stripped == name else self._chunks(name)
            pinyin = (
                f"{family_pinyin} {given_pinyin}"
                if family_pinyin and given_pinyin
                else family_pinyin or given_pinyin
            )
            keys = (
                strokes[:STROKE_KEY_MAX_LENGTH],
                pinyin[:PINYIN_KEY_MAX_LENGTH],
                (family_initials + given_initials)[:20],
            )
            self.names[name] = keys
        return keys
