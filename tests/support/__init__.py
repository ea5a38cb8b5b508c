"""Helpers shared by the tests (and the benchmarks' pty runner); no tests in here.

- ``shell_helpers``: ``make_app`` and stand-in panes for the app-shell tests.
- ``as_user``: run part of a test as uid 65534, so permission checks really apply.
- ``pty``: run a program on a pseudo-terminal and read what it draws.
- ``screen_mirror``: what a terminal would show, built from the frames the app paints.
"""
