"""Menu photos at ``/media/<restaurant>/<hash>.webp`` (``server.http.media``): public, cached for
a year under a name that is their hash, and nothing else answers there."""

from __future__ import annotations

from server import create_app
from tests.support.photos import photo
from tests.support.server_process import seed_demo


def test_a_picture_is_served_for_a_year_and_nothing_else_is(tmp_path):
    db = str(tmp_path / "passline.db")
    seed_demo(db, ("demo", "other"))
    client = create_app({"DATABASE": db}).test_client()
    token = client.post("/api/v1/login", json={"restaurant": "demo", "pin": "9999"})
    auth = {"Authorization": f"Bearer {token.get_json()['token']}"}
    put = client.put("/api/v1/menu/items/hummus/image", data=photo(),
                     headers={**auth, "Content-Type": "image/jpeg"})  # fmt: skip
    url = put.get_json()["item"]["image"]
    name = url.rsplit("/", 1)[1]
    got = client.get(url)  # no token: an <img> cannot send one
    assert got.status_code == 200 and got.mimetype == "image/webp" and got.data[:4] == b"RIFF"
    assert got.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert got.headers["ETag"] == f'"{name[:-5]}"'
    for wrong in (
        url.replace("/demo/", "/other/"),  # another restaurant's name space
        url.replace(".webp", ".png"),
        f"/media/demo/{name[:-5].upper()}.webp",
        "/media/demo/../passline.db",
        f"/media/{'x' * 65}/{name}",
    ):
        assert client.get(wrong).status_code == 404, wrong
