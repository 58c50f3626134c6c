"""The stored floor never goes back: a tab behind another does not store its floor over it."""

from sync.floor_record import replaces


def floor(seq: int, owner: str = "demo/floor", epoch: str = "e1") -> dict:
    return {"snapshot": {"seq": seq}, "owner": owner, "epoch": epoch}


def test_a_floor_is_stored_over_one_as_far_or_behind_never_over_one_further_on():
    assert replaces(None, floor(3))
    assert replaces(floor(3), floor(3)) and replaces(floor(2), floor(3))
    assert not replaces(floor(4), floor(3))


def test_another_sign_in_or_a_restored_server_has_seqs_that_do_not_compare():
    assert replaces(floor(9, owner="demo/kiosk"), floor(3))
    assert replaces(floor(9, epoch="e0"), floor(3))
    assert not replaces(floor(9, epoch=""), floor(3))  # an epoch not known yet: the same life


def test_a_record_not_a_floor_is_replaced():
    assert replaces("garbage", floor(1)) and replaces({"snapshot": {}}, floor(1))
    assert replaces({"snapshot": "x", "owner": "demo/floor", "epoch": "e1"}, floor(1))
