"""netnotes.base.text.name_sort_key (issue 16): names sort as a person reads them, by the
Unicode Collation Algorithm, not by code point; the key is a total order, so every list that
uses it comes out the same whichever way its rows were gathered."""

from __future__ import annotations

import functools
import random

from hypothesis import given, settings, strategies as st

from netnotes.base.text import name_sort_key


def test_accented_names_sort_with_their_letters() -> None:
    names = ["Zoé Field", "Émile Zola", "alain gervais", "Øyvind Berg", "Olivia Chen", "Ahmed Yusuf"]
    assert sorted(names, key=name_sort_key) == [
        "Ahmed Yusuf", "alain gervais", "Émile Zola", "Olivia Chen", "Øyvind Berg", "Zoé Field"]
    assert sorted(names) != sorted(names, key=name_sort_key)  # code point order puts É and Ø after Z


def test_case_and_accents_only_break_ties() -> None:
    assert sorted(["Zoe", "zoe", "Zoé", "Zoey"], key=name_sort_key) == ["zoe", "Zoe", "Zoé", "Zoey"]


@settings(deadline=None)  # the first example loads the collation table
@given(st.lists(st.text(max_size=12), max_size=20))
def test_the_order_is_total_and_does_not_depend_on_the_input_order(names) -> None:
    once = sorted(names, key=name_sort_key)
    shuffled = list(names)
    random.Random(len(names)).shuffle(shuffled)
    assert sorted(shuffled, key=name_sort_key) == once
    keys = [name_sort_key(n) for n in once]
    assert all((a == b) == (x == y) for (a, x), (b, y) in zip(zip(keys, once), zip(keys[1:], once[1:])))


plain = st.text(" -.'0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", max_size=10)


@functools.cache
def collator():
    import pyuca

    return pyuca.Collator()


def full(name: str) -> tuple:
    """pyuca's own key, then the name: the order name_sort_key must give."""
    return collator().sort_key(name), name


@settings(deadline=None)  # the first example loads the collation table
@given(plain, plain)
def test_plain_names_compare_as_the_collation_says(a, b) -> None:
    assert (name_sort_key(a) < name_sort_key(b)) == (full(a) < full(b))
    assert (name_sort_key(a) == name_sort_key(b)) == (a == b)


accented = st.text(" -.'abezABEZéèêëÉÈçÇñÑöÖøØåÅæßłŁ\u0301\u0300\u0308\u0327李娜🎉", max_size=8)


@settings(deadline=None)  # the first example loads the collation table
@given(accented, accented)
def test_accented_names_compare_as_the_collation_says(a, b) -> None:
    assert (name_sort_key(a) < name_sort_key(b)) == (full(a) < full(b))


@settings(deadline=None)
@given(st.lists(st.one_of(plain, accented, st.text(max_size=8)), max_size=15))
def test_a_mixed_list_sorts_as_the_full_collation(names) -> None:
    assert sorted(names, key=name_sort_key) == sorted(names, key=full)
