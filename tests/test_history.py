"""History: back and forward through visited places, as a browser does."""

from __future__ import annotations

from fasci_tui.history import History


def test_empty() -> None:
    history: History[str] = History()
    assert history.current is None and len(history) == 0
    assert not history.can_go_back and not history.can_go_forward
    assert history.back() is None and history.forward() is None


def test_back_and_forward() -> None:
    history: History[str] = History()
    for place in "abc":
        history.visit(place)
    assert list(history) == ["a", "b", "c"] and history.current == "c"
    assert history.back() == "b" and history.back() == "a"
    assert history.back() is None and history.current == "a"  # nothing further back
    assert history.forward() == "b" and history.can_go_forward
    assert history.forward() == "c" and not history.can_go_forward
    assert history.forward() is None and history.current == "c"


def test_a_new_visit_drops_the_forward_part() -> None:
    history: History[str] = History()
    for place in "abc":
        history.visit(place)
    history.back()
    history.back()
    history.visit("d")
    assert list(history) == ["a", "d"] and not history.can_go_forward
    assert history.back() == "a"


def test_visiting_where_we_stand_changes_nothing() -> None:
    history: History[str] = History()
    history.visit("a")
    history.visit("b")
    history.back()
    history.visit("a")  # where we stand: the forward part stays
    assert list(history) == ["a", "b"] and history.forward() == "b"
    history.visit("b")
    assert list(history) == ["a", "b"]
