"""Groovy values and the evaluator of closures: durations, memory, operators, functions."""
