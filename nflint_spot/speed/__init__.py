"""The fenced speed machinery: what exists only to make nflint-spot fast.

Nothing here changes a result; every piece can be left out and the answers stay the same.
The stages reach it only through named gates (the command line's start-up installs the
code caches below); a rule never imports it.
"""
