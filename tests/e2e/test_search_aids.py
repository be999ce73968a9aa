"""Search results, as you type too, carry the target text's pronunciation aid."""

from typing import Any


def test_search_api_gives_the_aid_in_the_readers_script(client: Any) -> None:
    client.set_cookie("reader", "uk")
    client.set_cookie("target", "ko")
    results = client.get("/api/v1/search?q=дякую").get_json()["results"]
    thanks = next(r for r in results if r["id"] == "basics.thank-you")
    assert thanks["target"]["text"] == "감사합니다."
    assert thanks["pronunciation"] == {"lang": "uk", "text": "камсахамніда.", "manual": False}
    client.set_cookie("reader", "en")
    results = client.get("/api/v1/search?q=thank").get_json()["results"]
    thanks = next(r for r in results if r["id"] == "basics.thank-you")
    assert thanks["pronunciation"]["text"] == "gamsahamnida."


def test_live_results_show_the_aid(live_server: Any, page: Any) -> None:
    page.context.add_cookies(
        [
            {"name": "reader", "value": "ru", "url": live_server.url},
            {"name": "target", "value": "ko", "url": live_server.url},
        ]
    )
    page.goto(live_server.url + "/search")
    page.locator("#search-q").press_sequentially("спасибо", delay=30)
    card = page.locator('#search-results .phrase-card[data-uid="basics.thank-you"]')
    card.wait_for()
    aid = card.locator("p.pronunciation")
    assert aid.inner_text() == "камсахамнида."
    assert aid.get_attribute("lang") == "ru"
