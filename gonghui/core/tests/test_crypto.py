import json

import pytest
from django.db import connection

from gonghui.core import crypto
from gonghui.core.errors import KeyConfigurationError
from gonghui.core.models import KeyCanary
from gonghui.members.models import Person
from gonghui.testing.factories import make_person, make_union

pytestmark = pytest.mark.django_db


@pytest.fixture
def key_file(tmp_path, settings):
    path = tmp_path / "field-keys.json"
    settings.GONGHUI_FIELD_KEY_FILE = path
    crypto.reset_keyring()
    return path


def test_a_key_file_is_created_on_a_database_that_has_no_canary(key_file):
    assert not key_file.exists()
    keyring = crypto.get_keyring()
    assert key_file.exists() and oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert keyring.active_version == 1
    assert KeyCanary.objects.get().key_version == 1


def test_a_missing_key_file_is_a_startup_error_once_data_exists(key_file):
    crypto.get_keyring()
    key_file.unlink()
    with pytest.raises(KeyConfigurationError) as caught:
        crypto.verify_field_keys()
    assert "未找到字段加密密钥文件" in str(caught.value)


def test_a_wrong_key_is_a_startup_error_never_an_empty_field(key_file):
    person = make_person(make_union())
    crypto.write_new_key_file(key_file)  # someone replaced the key file
    with pytest.raises(KeyConfigurationError) as caught:
        crypto.verify_field_keys()
    assert "不匹配" in str(caught.value)
    crypto.reset_keyring()
    with pytest.raises(KeyConfigurationError):
        Person.objects.get(pk=person.pk)


def test_rotation_keeps_old_rows_readable_and_encrypts_new_ones_with_the_new_version(key_file):
    union = make_union()
    old = make_person(union, name="王芳")
    data = json.loads(key_file.read_text())
    data["keys"]["2"] = "A" * 43 + "="
    key_file.write_text(json.dumps(data))
    crypto.verify_field_keys()
    new = make_person(union, name="方明", female=False)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number FROM members_person WHERE id IN (%s, %s) ORDER BY id", [old.pk, new.pk]
        )
        tokens = [row[0] for row in cursor.fetchall()]
    assert tokens[0].startswith("g1:1:") and tokens[1].startswith("g1:2:")
    assert Person.objects.get(pk=old.pk).id_number == old.id_number
    assert set(KeyCanary.objects.values_list("key_version", flat=True)) == {1, 2}


def test_a_ciphertext_moved_to_another_column_does_not_decrypt(key_file):
    keyring = crypto.get_keyring()
    token = keyring.encrypt("13800138000", label="members.Person.phone")
    with pytest.raises(KeyConfigurationError):
        keyring.decrypt(token, label="members.Person.id_number")


def test_the_keyed_hash_is_stable_and_depends_on_the_purpose(key_file):
    keyring = crypto.get_keyring()
    assert keyring.keyed_hash("X", purpose="id_number") == keyring.keyed_hash("X", purpose="id_number")
    assert keyring.keyed_hash("X", purpose="id_number") != keyring.keyed_hash("X", purpose="phone")
