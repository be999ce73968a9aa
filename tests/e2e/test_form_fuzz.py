"""Property-based fuzzing of the HTML forms (hypothesis): any value in any field, or the
field left out, gets an answer below 500, and a refusal (4xx) leaves the store byte-identical.

Through the test client on a real SQLite file, signed in as an admin with a real CSRF token;
bounded in examples per form so the whole module takes well under a minute."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phrasebook.store import Store
from tests.support.accounts import csrf_token, fill_store, sign_in
from tests.support.snapshot import store_snapshot
from tests.support.stores import open_store
from tests.support.webapp import make_app

EXAMPLES_PER_FORM = 40
NOTE_FIELDS = ("notes_en", "notes_uk", "notes_ru", "notes_ko")

# Values people and attackers actually send, beside hypothesis' own text.
HOSTILE = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\u202etxet",
    "\ufeff",
    "e\u0301",
    "-1",
    "0",
    "1e999",
    "nan",
    "99999999999999999999999",
    "stop",
    "surrender",
    "ko",
    "ko-KP",
    "zz",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "x" * 20_000,
    "Ъ" * 600,
)
field_values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40),  # not encodable: Cs
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)
maybe_value = st.one_of(st.none(), field_values)


def form_of(fields: tuple[str, ...]) -> st.SearchStrategy[dict[str, str]]:
    """Each field present with some value, or left out."""
    return st.fixed_dictionaries({name: maybe_value for name in fields}).map(
        lambda drawn: {name: value for name, value in drawn.items() if value is not None}
    )


# (path, fields) of every form an editor can send; "sets" also repeats.
FORMS = {
    "new phrase": (
        "/edit/new",
        (
            "uid",
            "category",
            "register",
            "tags",
            "sets",
            *NOTE_FIELDS,
            "text_ko",
            "text_uk",
            "text_ru",
            "text_en",
        ),
    ),
    "phrase": ("/edit/phrases/stop", ("category", "register", "tags", "sets", *NOTE_FIELDS)),
    "translation": ("/edit/phrases/stop/ko", ("text", "revision", *NOTE_FIELDS)),
    "review": ("/edit/phrases/stop/ko/review", ("revision",)),
    "revert": ("/edit/phrases/stop/ko/revert", ("revision", "to_revision")),
    "delete translation": ("/edit/phrases/thanks/uk/delete", ("revision",)),
    "set order": ("/edit/sets/surrender", ("position_stop", "position_thanks", "position_water")),
    "pronunciation": ("/pronunciation/stop/ko", ("reader", "text")),
}


@pytest.fixture(scope="module")
def signed_in_admin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Store]]:
    data_dir = tmp_path_factory.mktemp("form-fuzz") / "data"
    store = open_store(data_dir)
    fill_store(store)
    client = make_app(store).test_client()
    assert sign_in(client, "admin").status_code == 302
    yield client, store
    store.close()


def post_checked(client: Any, store: Store, path: str, form: dict[str, str]) -> int:
    before = store_snapshot(store)
    token = csrf_token(client, "/edit/new")
    response = client.post(path, data={**form, "csrf_token": token})
    assert response.status_code < 500, (path, form, response.get_data(as_text=True)[:500])
    if 400 <= response.status_code < 500:
        assert store_snapshot(store) == before, (path, form, response.status_code)
    return int(response.status_code)


@pytest.mark.parametrize("form_name", sorted(FORMS))
def test_a_form_never_fails_and_a_refusal_writes_nothing(
    form_name: str, signed_in_admin: tuple[Any, Store]
) -> None:
    client, store = signed_in_admin
    path, fields = FORMS[form_name]

    @settings(
        max_examples=EXAMPLES_PER_FORM,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(form=form_of(fields))
    def check(form: dict[str, str]) -> None:
        post_checked(client, store, path, form)

    check()


@settings(max_examples=EXAMPLES_PER_FORM, deadline=None)
@given(name=field_values, password=field_values, next_url=field_values)
def test_the_sign_in_form_never_fails(
    name: str, password: str, next_url: str, signed_out: Callable[[], Any]
) -> None:
    client = signed_out()
    response = client.post(
        "/login",
        data={
            "name": name,
            "password": password,
            "next": next_url,
            "csrf_token": csrf_token(client),
        },
    )
    assert response.status_code in (401, 429), response.get_data(as_text=True)[:300]


@settings(max_examples=EXAMPLES_PER_FORM, deadline=None)
@given(
    params=st.dictionaries(
        st.sampled_from(["q", "reader", "target", "variant", "next", "ui", "limit", "set"]),
        field_values,
        max_size=4,
    )
)
def test_reader_pages_never_fail_on_their_parameters(
    params: dict[str, str], signed_out: Callable[[], Any]
) -> None:
    client = signed_out()
    for path in ("/search", "/prefs", "/sets/surrender", "/mycard", "/print.pdf"):
        response = client.get(path, query_string=params)
        assert response.status_code < 500, (path, params)


@pytest.fixture(scope="module")
def signed_out(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[], Any]]:
    """A fresh client (no cookies) on one app; limits off so a run of failures stays 401."""
    data_dir = tmp_path_factory.mktemp("form-fuzz-reader") / "data"
    store = open_store(data_dir, {"PHRASEBOOK_RATELIMITS": "0"})
    fill_store(store)
    yield make_app(store).test_client
    store.close()
