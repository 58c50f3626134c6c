"""Every API error leaves as ``{"error": {"code", "message"}}`` with a fitting HTTP status."""

from __future__ import annotations

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from domain.errors import DomainError

from ..store import DatabaseUnavailable

# Codes not listed here are payload problems: 422.
HTTP_STATUS: dict[str, int] = {
    "invalid_json": 400,
    "bad_request": 400,
    "unauthorized": 401,
    "token_expired": 401,
    "device_revoked": 401,
    "wrong_pin": 401,
    # Nobody is signed in on this paired device (a switch, the idle lock, a person deactivated,
    # role PINs ended): a PIN signs someone in; the device keeps its pairing.
    "signed_out": 401,
    # A real restaurant takes PINs only from devices that joined with a manager's code.
    "not_paired": 403,
    "wrong_code": 403,
    "code_used": 409,
    "code_expired": 403,
    "too_many_codes": 409,
    "no_manager_person": 409,
    "demo": 409,
    "forbidden": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "illegal_transition": 409,
    # A well-formed change that names what the restaurant does not have (now): an item, a
    # modifier, a table, an area, a category, an order, a picture; or a day not begun.
    "unknown_item": 409,
    "unknown_modifier": 409,
    "unknown_table": 409,
    "unknown_area": 409,
    "unknown_category": 409,
    "unknown_order": 409,
    "unknown_image": 409,
    "unknown_job": 409,
    "day_not_begun": 409,
    "item_unavailable": 409,
    "out_of_stock": 409,
    "idempotency_mismatch": 409,
    "category_not_empty": 409,
    "pin_in_use": 409,
    # Printers: a name taken; a bill or Z report with no printer set to print it.
    "already_exists": 409,
    "no_printer": 409,
    # The bill moved on: paid already, closed, or less is owed than this payment says.
    "order_closed": 409,
    "already_paid": 409,
    "not_settled": 409,  # paid means settled: payments that cover the bill, or a comp
    "overpayment": 409,
    "over_refund": 409,  # more than that payment has left to give back
    # Another device changed the order first (served, voided, added to): the reason says what.
    "line_served": 409,
    "line_voided": 409,
    "has_additions": 409,
    "not_this_station": 422,  # a station bumps only its own lines
    "paid_beyond": 409,
    # The cash drawer: open already, counted and closed, or which one is not said.
    "drawer_open": 409,
    "drawer_closed": 409,
    "drawer_needed": 422,
    # The close of day: drawers still open, checks still open, or that day is closed.
    "drawers_open": 409,
    "checks_open": 409,
    "day_closed": 409,
    "approval_needed": 403,
    # A manager's approval for another change, used already, or ended (a new manager PIN).
    "approval_mismatch": 403,
    "approval_used": 409,
    "approval_ended": 403,
    "wrong_role": 403,
    "payload_too_large": 413,
    "unsupported_media_type": 415,
    "too_many_attempts": 429,
    "rate_limited": 429,
    "internal_error": 500,
    # PostgreSQL unreachable: nothing was saved; the device keeps the change and sends it again.
    "database_unavailable": 503,
    # This process holds as many live sockets as it is allowed (LIVE_SOCKETS_MAX): later.
    "server_full": 503,
}

_HTTP_CODES: dict[int, str] = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


def error_response(code: str, message: str, field: str | None = None) -> tuple[Response, int]:
    body = DomainError(code, message, field=field).to_dict()
    return jsonify({"error": body}), HTTP_STATUS.get(code, 422)


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError) -> tuple[Response, int]:
        return error_response(exc.code, exc.message, exc.field)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[Response, int] | HTTPException:
        if not request.path.startswith("/api/"):
            return exc
        code = _HTTP_CODES.get(exc.code or 500, "bad_request")
        message = {
            "payload_too_large": f"the body is over {request.max_content_length:,} bytes",
        }.get(code, exc.description or code)
        response, status = error_response(code, message)
        valid = getattr(exc, "valid_methods", None)
        if valid:  # a 405 says what is allowed (RFC 9110); werkzeug's own answer did
            response.headers["Allow"] = ", ".join(sorted(valid))
        return response, status

    @app.errorhandler(DatabaseUnavailable)
    def database_down(exc: DatabaseUnavailable) -> tuple[Response, int]:
        app.logger.warning("database unavailable on %s %s: %s", request.method, request.path, exc)
        response, status = error_response(
            "database_unavailable", "the database cannot be reached; nothing was saved, try again"
        )
        response.headers["Retry-After"] = "2"
        return response, status

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> tuple[Response, int]:
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return error_response("internal_error", "the server failed; the change was not saved")
