"""Parse and validate a ``phrasebook/1`` file completely before anything is written.

Errors name where the problem is: ``line L, column C`` for broken JSON, a JSON pointer
(RFC 6901) for everything else.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import answers
from ..errors import InvalidInput, TooLarge
from ..languages import LanguageError, check_configured, is_right_to_left, script_mismatch
from ..textcheck import MAX_LABEL, MAX_NOTE, MAX_TEXT, clean, json_depth_problem, problem

# The validators are imported where they are first used: commands that read no file (stats,
# serve) do not pay for them.
if TYPE_CHECKING:
    import jsonschema_rs
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

FORMAT = "phrasebook/1"
SCHEMA_PATH = Path(__file__).with_name("phrasebook-1.schema.json")

_JSON_TYPES = {
    dict: "an object",
    list: "an array",
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "true/false",
    type(None): "null",
}


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text("utf-8"))
    return loaded


def _inline_refs(node: Any, definitions: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/") and len(node) == 1:
            return _inline_refs(definitions[ref.removeprefix("#/$defs/")], definitions)
        return {key: _inline_refs(value, definitions) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline_refs(item, definitions) for item in node]
    return node


@cache
def fast_validator() -> jsonschema_rs.Draft202012Validator:
    """The same schema, checked by jsonschema-rs (Rust): 10,000 phrases in well under a
    second, where jsonschema's Python takes two. Used to let a valid file through; a file it
    refuses is checked again by jsonschema, whose errors are the ones reported."""
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(schema())


@cache
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    # The same schema with its local $refs replaced by what they name (it has no recursive
    # definitions): resolving a $ref per phrase and field was 40% of validating a big file.
    # The published file keeps the $refs; validate_export checks against it as it is.
    document = schema()
    return Draft202012Validator(_inline_refs(document, document.get("$defs", {})))


def pointer(path: Iterable[str | int]) -> str:
    parts = [str(p).replace("~", "~0").replace("/", "~1") for p in path]
    return "/" + "/".join(parts) if parts else "/"


@dataclass
class ParsedDocument:
    """A validated document; ``data`` has normalized language tags."""

    data: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        self.key = key


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _describe(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _schema_message(error: ValidationError) -> str:
    validator = error.validator
    if validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return f"missing required field {missing[0]!r}" if missing else error.message
    if validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - allowed)
        return f"unknown field {extra[0]!r}" if extra else error.message
    if validator == "type":
        expected = _JSON_TYPES_BY_NAME.get(str(error.validator_value), error.validator_value)
        return f"expected {expected}, got {_describe(error.instance)}"
    if validator == "enum":
        choices = ", ".join(str(c) for c in error.validator_value)
        return f"{error.instance!r} is not one of: {choices}"
    if validator == "pattern" and error.validator_value == "\\S":
        return "text is empty or whitespace only"
    if validator == "pattern" and "a-z0-9" in str(error.validator_value):
        return (
            f"invalid id {error.instance!r}: use 1-100 lower-case letters, digits, '.', '_' "
            "or '-', starting with a letter or digit"
        )
    if validator == "pattern" and "\\d{4}" in str(error.validator_value):
        return f"invalid timestamp {error.instance!r}: expected YYYY-MM-DDTHH:MM:SSZ"
    if validator == "minLength":
        return "text is empty or whitespace only"
    if validator == "minProperties":
        return "at least one translation is required"
    if validator == "minimum":
        return f"must be at least {error.validator_value}, got {error.instance}"
    if validator == "const":
        return f"expected {error.validator_value!r}, got {error.instance!r}"
    return str(error.message)


_JSON_TYPES_BY_NAME = {
    "object": "an object",
    "array": "an array",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true/false",
}


def decode_json(raw: bytes, *, max_bytes: int) -> Any:
    """Bytes to JSON values, with the size limit and precise syntax error positions."""
    if len(raw) > max_bytes:
        raise TooLarge(
            "",
            f"file is {len(raw):,} bytes, over the import limit of {max_bytes:,} bytes "
            "(PHRASEBOOK_IMPORT_MAX_BYTES)",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"byte {exc.start}", "not UTF-8 text") from None
    deep = json_depth_problem(raw)
    if deep:
        raise InvalidInput("", f"malformed JSON: {deep}")
    try:
        return json.loads(
            text, object_pairs_hook=_reject_duplicate_keys, parse_constant=_reject_constant
        )
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"line {exc.lineno}, column {exc.colno}", f"malformed JSON: {exc.msg}"
        ) from None
    except _DuplicateKey as exc:
        raise InvalidInput(
            "", f"malformed JSON: key {exc.key!r} appears twice in one object"
        ) from None
    except ValueError as exc:
        raise InvalidInput("", f"malformed JSON: {exc}") from None


def parse_document(
    raw: bytes | str,
    *,
    languages: Iterable[str],
    max_bytes: int,
    known_phrase_ids: Callable[[str], bool] = lambda _uid: False,
) -> ParsedDocument:
    """Validate a whole file. ``known_phrase_ids`` says whether the store already has an id
    (a set in the file may name a phrase that exists only in the store)."""
    data = decode_json(raw.encode("utf-8") if isinstance(raw, str) else raw, max_bytes=max_bytes)
    if not isinstance(data, dict):
        raise InvalidInput("/", f"expected an object, got {_describe(data)}")
    version = data.get("format")
    if "format" not in data:
        raise InvalidInput("/", "missing required field 'format' (expected 'phrasebook/1')")
    if version != FORMAT:
        raise InvalidInput(
            "/format", f"unknown format version {version!r} (this phrasebook reads {FORMAT!r})"
        )
    # Before the schema: its fast validator (Rust) cannot even hold a lone surrogate.
    _clean_strings(data)
    if not fast_validator().is_valid(data):
        # jsonschema has the last word and says exactly where and why.
        errors = sorted(_validator().iter_errors(data), key=_path_order)
        if errors:
            error = errors[0]
            raise InvalidInput(pointer(error.absolute_path), _schema_message(error))
    return _check_semantics(data, list(languages), known_phrase_ids)


def _limit_for(path: list[str | int]) -> int:
    if "notes" in path:
        return MAX_NOTE
    return MAX_TEXT if path and path[-1] == "text" else MAX_LABEL


def _text_language(path: list[str | int]) -> str | None:
    """The language of a text at ``path``: a translation's text or note, a phrase's note (a
    string note is English), or None for everything else (ids, names, tags, provenance)."""
    if "notes" in path:
        after = path[path.index("notes") + 1 :]
        return str(after[0]) if after else "en"
    if len(path) >= 3 and path[-1] == "text" and path[-3] == "translations":
        return str(path[-2])
    return None


# Fields of one line (a line separator there is refused): names and tags.
_ONE_LINE = ("names", "tags")


def _clean_strings(data: dict[str, Any]) -> None:
    """Every string of the document (keys too) passes the one text rule (phrasebook.textcheck):
    no lone surrogates or control characters, bounded; values are NFC-normalized in place."""
    stack: list[tuple[Any, list[str | int]]] = [(data, [])]
    while stack:
        node, path = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in list(items):
            where = [*path, key]
            if isinstance(key, str):
                reason = problem(key, multiline=False)
                if reason:
                    raise InvalidInput(pointer(path), f"a key {reason}")
            if isinstance(value, str):
                lang = _text_language(where)
                node[key] = clean(
                    value,
                    pointer(where),
                    limit=_limit_for(where),
                    multiline=not any(part in _ONE_LINE for part in where),
                    bidi=lang is not None and is_right_to_left(lang),
                )
            elif isinstance(value, dict | list):
                stack.append((value, where))


def _path_order(error: ValidationError) -> tuple[tuple[int, int, str], ...]:
    # Report the first problem in document order.
    return tuple(
        (0, part, "") if isinstance(part, int) else (1, 0, str(part))
        for part in error.absolute_path
    )


def _check_semantics(
    data: dict[str, Any], languages: list[str], known_phrase_ids: Callable[[str], bool]
) -> ParsedDocument:
    warnings: list[str] = []
    seen_categories: set[str] = set()
    for index, category in enumerate(data.get("categories", [])):
        if category["id"] in seen_categories:
            raise InvalidInput(
                pointer(["categories", index, "id"]), f"duplicate category id {category['id']!r}"
            )
        seen_categories.add(category["id"])
        category["names"] = _normalize_localized(
            category.get("names", {}), ["categories", index, "names"], languages
        )

    phrase_ids: set[str] = set()
    for index, phrase in enumerate(data["phrases"]):
        if phrase["id"] in phrase_ids:
            raise InvalidInput(
                pointer(["phrases", index, "id"]), f"duplicate phrase id {phrase['id']!r}"
            )
        phrase_ids.add(phrase["id"])
        _normalize_notes(phrase, ["phrases", index], languages)
        normalized: dict[str, Any] = {}
        for tag, translation in phrase["translations"].items():
            where = pointer(["phrases", index, "translations", tag])
            try:
                canonical = check_configured(tag, languages)
            except LanguageError as exc:
                raise InvalidInput(where, str(exc)) from None
            if canonical in normalized:
                raise InvalidInput(where, f"language {canonical!r} appears twice in this phrase")
            normalized[canonical] = translation
            _normalize_notes(translation, ["phrases", index, "translations", tag], languages)
            mismatch = script_mismatch(canonical, translation["text"])
            if mismatch:
                warnings.append(f"{where}/text: {mismatch}")
        phrase["translations"] = normalized
    # Panels name the same labels again and again (a body map's 24): ask the store once each.
    known = cache(known_phrase_ids)
    for index, phrase in enumerate(data["phrases"]):
        if "answers" in phrase:
            answers.check(
                phrase["answers"],
                pointer(["phrases", index, "answers"]),
                phrase["id"],
                lambda ref: ref in phrase_ids or known(ref),
            )

    set_ids: set[str] = set()
    for index, phrase_set in enumerate(data.get("sets", [])):
        if phrase_set["id"] in set_ids:
            raise InvalidInput(
                pointer(["sets", index, "id"]), f"duplicate set id {phrase_set['id']!r}"
            )
        set_ids.add(phrase_set["id"])
        members: set[str] = set()
        for position, uid in enumerate(phrase_set["phrases"]):
            where = pointer(["sets", index, "phrases", position])
            if uid in members:
                raise InvalidInput(
                    where, f"phrase {uid!r} is listed twice in set {phrase_set['id']!r}"
                )
            members.add(uid)
            if uid not in phrase_ids and not known_phrase_ids(uid):
                raise InvalidInput(
                    where, f"set {phrase_set['id']!r} names phrase {uid!r}, which does not exist"
                )
        for key in ("names", "descriptions"):
            phrase_set[key] = _normalize_localized(
                phrase_set.get(key, {}), ["sets", index, key], languages
            )
    return ParsedDocument(data=data, warnings=warnings)


def _normalize_notes(item: dict[str, Any], path: list[str | int], languages: list[str]) -> None:
    """Notes given by language have configured, normalized tags (a string is English)."""
    if isinstance(item.get("notes"), dict):
        item["notes"] = _normalize_localized(item["notes"], [*path, "notes"], languages)


def _normalize_localized(
    values: dict[str, str], path: list[str | int], languages: list[str]
) -> dict[str, str]:
    normalized: dict[str, str] = {}
    for tag, text in values.items():
        try:
            canonical = check_configured(tag, languages)
        except LanguageError as exc:
            raise InvalidInput(pointer([*path, tag]), str(exc)) from None
        normalized[canonical] = text
    return normalized


def validate_export(document: dict[str, Any]) -> None:
    """Raise if an exported document does not satisfy the schema (used by tests and export)."""
    import jsonschema

    jsonschema.validate(document, schema(), cls=jsonschema.Draft202012Validator)
