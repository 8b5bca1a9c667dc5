"""The loader's real paths, a directory at a time, are os.path.realpath's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nflint_spot.speed.real_paths import RealPaths


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_the_same_as_os_path_realpath(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "conf" / "sub").mkdir(parents=True)
    (tmp_path / "conf" / "base.config").write_text("", encoding="utf-8")
    (tmp_path / "conf" / "sub" / "x.config").write_text("", encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "conf")  # a linked directory
    (tmp_path / "conf" / "alias.config").symlink_to("sub/x.config")  # a linked file, relative
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "file").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "conf")
    paths = [
        f"{tmp_path}/conf/base.config", f"{tmp_path}/linked/base.config", f"{tmp_path}/linked/sub/x.config",
        f"{tmp_path}/conf/alias.config", f"{tmp_path}/linked/alias.config", f"{tmp_path}/conf/missing.config",
        f"{tmp_path}/nowhere/x.config", f"{tmp_path}/loop/x.config", f"{tmp_path}/file/x.config",
        f"{tmp_path}/conf/sub/../base.config", f"{tmp_path}/conf/./base.config", f"{tmp_path}//conf/base.config",
        f"{tmp_path}/conf/", "base.config", "../linked/base.config", "/", "",
    ]
    real_paths = RealPaths()
    for _ in range(2):  # asked again: from what is known
        assert [real_paths(p) for p in paths] == [os.path.realpath(p) for p in paths]
    assert real_paths(f"{tmp_path}/linked/base.config") == f"{tmp_path}/conf/base.config"
