"""The OpenAPI document covers every route and tells the truth about real responses."""

import jsonschema
import pytest
import requests

from tests.support.client import new_client_id, order_body


@pytest.fixture(scope="module")
def document(server):
    return requests.get(server.url + "/api/v1/openapi.json", timeout=5).json()


def test_document_is_openapi_3_with_every_route(document):
    from server import create_app

    assert document["openapi"].startswith("3.")
    app = create_app({"DATABASE": ":memory:"})
    documented = {(p, m.upper()) for p, ops in document["paths"].items() for m in ops}
    # The live socket is described as a socket, beside the paths (not as an HTTP GET).
    socket = document["x-websockets"]["/api/v1/live"]
    assert set(socket["client-frames"]) == {"hello", "ping", "submit", "submit_batch"}
    assert "health" in socket["client-frames"]["ping"]["properties"]
    documented.add(("/api/v1/live", "GET"))
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        path = rule.rule.replace("<", "{").replace(">", "}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method) in documented, (path, method)


def response_schema(document, path, method, status):
    return document["paths"][path][method]["responses"][str(status)]["content"]["application/json"][
        "schema"
    ]


def check(document, path, method, response):
    schema = response_schema(document, path, method, response.status_code)
    validator = jsonschema.Draft202012Validator({**schema, "components": document["components"]})
    validator.validate(response.json())


def test_real_responses_match_the_documented_schemas(document, kiosk, floor, manager):
    order = kiosk.post("/orders", order_body())
    check(document, "/api/v1/orders", "post", order)
    order_id = order.json()["order"]["id"]
    check(
        document,
        "/api/v1/orders/{order_id}/status",
        "post",
        floor.post(
            f"/orders/{order_id}/status", {"client_id": new_client_id(), "status": "accepted"}
        ),
    )
    check(
        document,
        "/api/v1/orders/{order_id}/status",
        "post",
        floor.post(f"/orders/{order_id}/status", {"client_id": new_client_id(), "status": "paid"}),
    )
    check(document, "/api/v1/floor", "get", floor.get("/floor"))
    check(document, "/api/v1/events", "get", floor.get("/events", params={"since": 0}))
    check(document, "/api/v1/menu", "get", floor.get("/menu"))
    check(document, "/api/v1/stats", "get", manager.get("/stats"))
    check(
        document,
        "/api/v1/tables/{table_id}",
        "patch",
        floor.patch("/tables/nowhere", {"client_id": new_client_id(), "status": "free"}),
    )
    check(document, "/api/v1/orders", "post", kiosk.post("/orders", {"lines": []}))
