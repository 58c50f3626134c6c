from sync.error_log import MESSAGE_CHARS, ErrorLog


def test_the_same_error_is_one_report_with_a_count():
    log = ErrorLog()
    for second in range(3):
        log.record("render kitchen", "KeyError: 'x'", at=f"12:00:0{second}")
    (report,) = log.recent()
    assert (report.count, report.at) == (3, "12:00:02")


def test_the_panel_shows_the_newest_few_first_and_the_log_stays_bounded():
    log = ErrorLog(keep=4)
    for n in range(10):
        log.record("tick", f"error {n}", at="t")
    assert [r.message for r in log.recent(3)] == ["error 9", "error 8", "error 7"]
    assert len(log.recent(100)) == 4


def test_reports_go_at_a_bounded_pace_with_what_happened_since_the_last_send():
    log = ErrorLog(send_every_s=10)
    log.record("tick", "boom", at="t")
    assert log.to_send(0) == [{"where": "tick", "message": "boom", "count": 1, "at": "t"}]
    log.sent()
    for _ in range(500):  # a crash loop
        log.record("tick", "boom", at="t")
    assert log.to_send(5) == []  # not before its time
    assert log.to_send(10)[0]["count"] == 500
    log.sent()
    assert log.to_send(100) == []  # nothing new


def test_a_failed_send_is_sent_again_later():
    log = ErrorLog(send_every_s=10)
    log.record("post", "TypeError", at="t")
    assert log.to_send(0)
    assert log.to_send(1) == []  # one send at a time
    log.send_failed()
    log.record("post", "TypeError", at="t")
    assert log.to_send(10)[0]["count"] == 2


def test_reports_fit_the_servers_limits():
    log = ErrorLog()
    log.record("w" * 100, "m" * 10_000, at="t")
    (report,) = log.to_send(0)
    assert len(report["where"]) == 64 and len(report["message"]) == MESSAGE_CHARS
