"""The command line's params of a run: `--params-file FILE` (YAML or JSON), then each
`--param NAME=VALUE`, converted as `nextflow run` converts them (CmdRun.parsedParams in
NF:modules/nf-cli-v1/src/main/groovy/nextflow/cli/CmdRun.groovy). A file that cannot be
used raises RunParamsError with its path and, where there is one, line and column.
"""

from __future__ import annotations

import json
import os
import re

from ..sources import ConfigReadError, read_config

# CmdRun.VALID_PARAMS_FILE and the extensions parsedParams reads.
PARAMS_FILE_EXTENSIONS = ("json", "yml", "yaml")
_DOT_NOT_ESCAPED = re.compile(r"(?<!\\)\.")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_PARAMS_FILE_VARIABLE = re.compile(r"\$\{([A-Za-z_$][\w$]*)}")
_LONG_RANGE = (-(2**63), 2**63 - 1)


class RunParamsError(ValueError):
    """A params file or `--param` that cannot be used (exit 2)."""


def run_params(params_file: str | None, params: tuple[str, ...], project_dir: str,
               typed: bool = True) -> dict[str, object]:
    """The params a run gets from its command line, the file's first and `--param`s over
    them. `typed`: detect booleans and numbers in `--param` values, as the legacy parser's
    Nextflow does (with the strict syntax parser, or NXF_DISABLE_PARAMS_TYPE_DETECTION, they
    stay strings: CmdRun.parseParamValue)."""
    result: dict[str, object] = {}
    if params_file is not None:
        for name, value in read_params_file(params_file, project_dir).items():
            _put(result, name, value)
    for given in params:
        name, equals, value = given.partition("=")
        if not equals or not name.strip():
            raise RunParamsError(f"--param {given!r}: expected NAME=VALUE")
        _add_param(result, name.strip(), value, typed, given)
    return result


def read_params_file(path: str, project_dir: str) -> dict[str, object]:
    extension = os.path.splitext(path)[1].lstrip(".").lower()
    if extension not in PARAMS_FILE_EXTENSIONS:
        raise RunParamsError(f"{path}: not a valid params file extension: it must be one of "
                             f"{', '.join(PARAMS_FILE_EXTENSIONS)} (as nextflow -params-file)")
    try:
        text = read_config(path)
    except ConfigReadError as error:
        raise RunParamsError(str(error)) from None
    text = _replace_variables(text, project_dir)
    data = _parse_json(path, text) if extension == "json" else _parse_yaml(path, text)
    if not isinstance(data, dict):
        raise RunParamsError(f"{path}:1:1: a params file must be a mapping of param names to values, "
                             f"not {_kind(data)}")
    return {str(name): value for name, value in data.items()}


def _replace_variables(text: str, project_dir: str) -> str:
    """`${projectDir}`, `${baseDir}` and `${launchDir}` in a params file's text are replaced
    before it is parsed (CmdRun.replaceVars0 with ConfigBuilder.getConfigVars); any other
    `${name}` is left as written, as Nextflow does (with a warning) outside strict mode."""
    known = {"baseDir": project_dir, "projectDir": project_dir, "launchDir": os.getcwd()}
    return _PARAMS_FILE_VARIABLE.sub(lambda m: known.get(m.group(1), m.group(0)), text)


def _parse_json(path: str, text: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise RunParamsError(f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}") from None


def _parse_yaml(path: str, text: str) -> object:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        data = YAML(typ="safe", pure=True).load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{mark.line + 1}:{mark.column + 1}" if mark is not None else "1:1"
        raise RunParamsError(f"{path}:{where}: not valid YAML: {error.problem or error.context}") from None
    except YAMLError as error:
        raise RunParamsError(f"{path}:1:1: not valid YAML: {error}") from None
    return _plain(data)


def _plain(value: object) -> object:
    """YAML's values as the evaluator knows them: dates and other tags become text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _kind(value: object) -> str:
    if value is None:
        return "an empty document"
    return {list: "a list", str: "a string"}.get(type(value), f"a {type(value).__name__}")


def _add_param(params: dict[str, object], key: str, value: str, typed: bool, full_key: str) -> None:
    """CmdRun.addParam: `a.b=1` nests ({'a': {'b': 1}}), `a\\.b` is one name with a dot."""
    match = _DOT_NOT_ESCAPED.search(key)
    if match is None:
        _put(params, key.replace("\\.", "."), _param_value(value) if typed else value)
        return
    root = key[: match.start()]
    if not root:
        raise RunParamsError(f"--param {full_key}: invalid parameter name")
    nested = params.get(root)
    if not isinstance(nested, dict):
        nested = params[root] = {}
    _add_param(nested, key[match.end():], value, typed, full_key)


def _put(params: dict[str, object], key: str, value: object) -> None:
    """CmdRun.addParam0: a kebab-case name is stored in camelCase (`--max-time` is max_time's
    neighbour `maxTime`, not `max_time`)."""
    if "-" in key:
        head, *rest = key.split("-")
        key = head + "".join(part[:1].upper() + part[1:] for part in rest)
    params[key] = value


def _param_value(text: str) -> object:
    """CmdRun.parseParamValue: true/false in any case, then Integer, Long, Double (digits
    only, with at most one fraction part: `1e3` and `.5` stay text)."""
    if text.lower() == "true":
        return True
    if text.lower() == "false":
        return False
    if _NUMBER.fullmatch(text):
        if "." not in text and _LONG_RANGE[0] <= int(text) <= _LONG_RANGE[1]:
            return int(text)  # Integer or Long: one kind of number here
        return float(text)
    return text
