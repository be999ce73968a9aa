"""Reader pages link to sign-in, and show an editor's links once signed in."""

from typing import Any

from app import create_app
from phrasebook.store import Store
from tests.support.accounts import fill_store, sign_in


def make_client(store: Store) -> Any:
    return create_app(
        {"TESTING": True, "PHRASEBOOK_SETTINGS": store.settings, "PHRASEBOOK_STORE": store}
    ).test_client()


def test_reader_pages_offer_sign_in_then_editor_links(make_store: Any) -> None:
    store = make_store()
    fill_store(store)
    client = make_client(store)
    for path in ("/", "/search?q=stop"):
        page = client.get(path).get_data(as_text=True)
        assert 'href="/login"' in page, path
        assert 'href="/edit/"' not in page, path
    assert sign_in(client, "editor").status_code in (302, 303)
    page = client.get("/").get_data(as_text=True)
    assert 'href="/login"' not in page
    assert "Sign out editor" in page
    assert 'href="/edit/"' in page
    assert page.count('action="/logout"') == 1
