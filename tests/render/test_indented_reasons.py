"""The introductions table's reasons (netnotes.render.report_views): a reason that fits on one
line is printed without the wrapper, and must read exactly as the wrapper would print it."""

from __future__ import annotations

import textwrap

from hypothesis import given
from hypothesis import strategies as st

from netnotes.render.report_views import _indented


def _wrapper(width: int) -> textwrap.TextWrapper:
    return textwrap.TextWrapper(width, initial_indent="    ", subsequent_indent="    ",
                                break_long_words=False, break_on_hyphens=False)


@given(st.text(alphabet=st.sampled_from(list("ab -;é\t\n\r\u00a0\u2003\x0b\x0c\x1c")) | st.characters(),
               max_size=300), st.sampled_from([8, 20, 80, 84, 160]))
def test_a_reason_reads_as_the_wrapper_prints_it(text, width):
    wrapper = _wrapper(width)
    assert _indented(text, wrapper) == wrapper.fill(text)


def test_short_and_long_reasons():
    wrapper = _wrapper(40)
    assert _indented("Ann needs tax; Bob offers tax", wrapper) == "    Ann needs tax; Bob offers tax"
    assert _indented("Ann needs tax; Bob offers tax ", wrapper) == "    Ann needs tax; Bob offers tax"
    long = "Ann needs small-business tax; Bob offers small-business tax"
    assert _indented(long, wrapper) == "    Ann needs small-business tax; Bob\n    offers small-business tax"


@given(st.lists(st.text(alphabet="abcdefghij-;:é", min_size=1, max_size=30), min_size=1, max_size=40),
       st.sampled_from([8, 20, 80, 84, 160]))
def test_words_fill_as_the_wrapper_fills_them(words, width):
    wrapper = _wrapper(width)
    text = " ".join(words)
    assert _indented(text, wrapper) == wrapper.fill(text)
