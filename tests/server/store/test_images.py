"""Pictures as stored: once per content, named by it, and only this restaurant's are its own."""

from server.store import images
from tests.conftest import store_from


def test_a_picture_is_kept_once_and_found_only_by_its_restaurant(template, tmp_path):
    store = store_from(template, tmp_path)
    picture = images.Picture("ab" * 12 + ".webp", b"RIFF....WEBP", 4, 3)
    url = store.write("demo", lambda conn, now: ({"url": images.store(conn, "demo", picture)}, []))
    again = store.write(
        "demo", lambda conn, now: ({"url": images.store(conn, "demo", picture)}, [])
    )
    assert url[0]["url"] == again[0]["url"] == f"/media/demo/{picture.name}"
    assert store.picture("demo", picture.name) == picture.data
    assert store.picture("other", picture.name) is None
    assert store.read(lambda conn: images.exists(conn, "demo", f"/media/demo/{picture.name}"))
    assert not store.read(lambda conn: images.exists(conn, "demo", f"/media/other/{picture.name}"))
    assert not store.read(lambda conn: images.exists(conn, "demo", "https://elsewhere/x.webp"))
