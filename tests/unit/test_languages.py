import pytest

from phrasebook.languages import (
    LanguageError,
    base_language,
    check_configured,
    normalize_tag,
    script_mismatch,
    scripts_in,
)

CONFIGURED = ("ko", "uk", "ru", "en")


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("ko", "ko"), ("ko-kp", "ko-KP"), ("KO-KP", "ko-KP"), ("en-us", "en-US"), ("uk", "uk")],
)
def test_normalize_tag_returns_canonical_bcp47(tag: str, expected: str) -> None:
    assert normalize_tag(tag) == expected


@pytest.mark.parametrize("tag", ["", " ko", "ko_KP", "english", "12", "x-", "ko--KP", "zz"])
def test_normalize_tag_rejects_malformed(tag: str) -> None:
    with pytest.raises(LanguageError):
        normalize_tag(tag)


def test_regional_variant_of_configured_language_is_accepted() -> None:
    assert check_configured("ko-KP", CONFIGURED) == "ko-KP"
    assert base_language("ko-KP") == "ko"


def test_unconfigured_language_names_the_setting() -> None:
    with pytest.raises(LanguageError, match="PHRASEBOOK_LANGUAGES"):
        check_configured("ja", CONFIGURED)
    assert check_configured("ja", (*CONFIGURED, "ja")) == "ja"


def test_scripts_in_detects_each_script() -> None:
    assert scripts_in("감사합니다") == {"Hang"}
    assert scripts_in("Дякую, ґанок") == {"Cyrl"}
    assert scripts_in("GPS 위치") == {"Latn", "Hang"}
    assert scripts_in("123 !?") == set()


def test_script_mismatch_flags_only_certain_cases() -> None:
    assert script_mismatch("ko", "Thank you") is not None
    assert script_mismatch("ko-KP", "Спасибо") is not None
    assert script_mismatch("ko", "GPS 위치를 보여 주세요") is None
    assert script_mismatch("ko", "112") is None
    assert script_mismatch("uk", "Дякую") is None
    assert script_mismatch("en", "감사합니다") is not None
