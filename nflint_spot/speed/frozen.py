"""Fast construction of frozen slots dataclasses, for the parser's hot path.

Calling a frozen dataclass runs its generated __init__, which stores each field through
`object.__setattr__` (the class's own __setattr__ refuses): ~3 µs for a Span, and the
parser makes a few hundred thousand spans and nodes on a large corpus. A constructor from
`constructor(cls)` stores the fields through the slots' own descriptors instead, about three
times faster, and makes the same object: every field given, so the dataclass's defaults and
__init__ have nothing left to do (the classes using this have no __post_init__).
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any, Callable


def constructor(cls: type) -> Callable[..., Any]:
    """`make(*values)` → an instance of `cls`, the values in `dataclasses.fields(cls)` order."""
    if hasattr(cls, "__post_init__") or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__} is not a slots dataclass without __post_init__")
    new = object.__new__
    setters = [getattr(cls, f.name).__set__ for f in fields(cls)]
    # Unrolled for the field counts in use (a loop costs a third more); 8 is the loader's Setting.
    if len(setters) == 2:
        s0, s1 = setters

        def make2(v0: Any, v1: Any) -> Any:
            obj = new(cls)
            s0(obj, v0)
            s1(obj, v1)
            return obj

        return make2
    if len(setters) == 3:
        s0, s1, s2 = setters

        def make3(v0: Any, v1: Any, v2: Any) -> Any:
            obj = new(cls)
            s0(obj, v0)
            s1(obj, v1)
            s2(obj, v2)
            return obj

        return make3
    if len(setters) == 4:
        s0, s1, s2, s3 = setters

        def make4(v0: Any, v1: Any, v2: Any, v3: Any) -> Any:
            obj = new(cls)
            s0(obj, v0)
            s1(obj, v1)
            s2(obj, v2)
            s3(obj, v3)
            return obj

        return make4
    if len(setters) == 5:
        s0, s1, s2, s3, s4 = setters

        def make5(v0: Any, v1: Any, v2: Any, v3: Any, v4: Any) -> Any:
            obj = new(cls)
            s0(obj, v0)
            s1(obj, v1)
            s2(obj, v2)
            s3(obj, v3)
            s4(obj, v4)
            return obj

        return make5
    if len(setters) == 6:
        s0, s1, s2, s3, s4, s5 = setters

        def make6(v0: Any, v1: Any, v2: Any, v3: Any, v4: Any, v5: Any) -> Any:
            obj = new(cls)
            s0(obj, v0)
            s1(obj, v1)
            s2(obj, v2)
            s3(obj, v3)
            s4(obj, v4)
            s5(obj, v5)
            return obj

        return make6
    if len(setters) == 8:
        s0, s1, s2, s3, s4, s5, s6, s7 = setters

        def make8(v0: Any, v1: Any, v2: Any, v3: Any, v4: Any, v5: Any, v6: Any, v7: Any) -> Any:
            obj = new(cls)
            s0(obj, v0)
            s1(obj, v1)
            s2(obj, v2)
            s3(obj, v3)
            s4(obj, v4)
            s5(obj, v5)
            s6(obj, v6)
            s7(obj, v7)
            return obj

        return make8

    def make(*values: Any) -> Any:
        if len(values) != len(setters):
            raise TypeError(f"{cls.__name__} takes {len(setters)} values, got {len(values)}")
        obj = new(cls)
        for setter, value in zip(setters, values):
            setter(obj, value)
        return obj

    return make
