#!/usr/bin/env bash
# The shell step of action.yml (the composite GitHub Action), kept in a file so that
# tests/test_github_action.py can run it outside GitHub.
#
# Inputs arrive as environment variables (never interpolated into the script, so a path or
# argument cannot inject shell code):
#   NFLINT_SPOT_PATHS       configs to lint, separated by whitespace (globs are expanded)
#   NFLINT_SPOT_ARGS        extra `nflint-spot check` arguments, separated by whitespace
#   NFLINT_SPOT_SARIF_FILE  when set, also write a SARIF report there
#   NFLINT_SPOT_SKIP_INSTALL=1  use the nflint-spot already on PATH (tests)
# and from GitHub: GITHUB_ACTION_PATH (this action's checkout), GITHUB_STEP_SUMMARY (the
# job summary file nflint-spot appends a table of all findings to), GITHUB_OUTPUT.
#
# Exit status: the one of the `--format github` run (0 clean, 1 findings, 2 usage error);
# the SARIF run never hides it. A usage error is annotated (`::error`, on the file, line and
# column its message names). The SARIF report is written to a temporary file beside it and
# renamed only when complete: a failed run never leaves an empty or partial report for
# upload-sarif to reject, nor a previous run's report for it to upload as this one's (the
# upload step's `hashFiles` check only asks whether the file exists).
#
# nflint-spot runs twice (one output format per run: annotations, then SARIF), but each
# message is printed once: after a usage error the SARIF run, given the same arguments,
# would only fail again; and the SARIF run's stderr is printed only when it is not the
# first run's again (the same warning).
set -euo pipefail

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

if [[ "${NFLINT_SPOT_SKIP_INSTALL:-}" != "1" ]]; then
    python -m pip install --disable-pip-version-check --quiet "${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}"
fi

read -r -a args <<< "${NFLINT_SPOT_ARGS:-}"
read -r -a paths <<< "$(tr '\n' ' ' <<< "${NFLINT_SPOT_PATHS:-nextflow.config}")"
if (( ${#paths[@]} == 0 )); then
    paths=(nextflow.config)
fi
# Expand globs (`conf/*.config`) ourselves: a pattern matching nothing stays as written, so
# nflint-spot reports the missing file instead of the step silently linting nothing.
expanded=()
for pattern in "${paths[@]}"; do
    matches=()
    if [[ "$pattern" == *[*?[]* ]]; then
        shopt -s nullglob
        matches=($pattern)
        shopt -u nullglob
    fi
    if (( ${#matches[@]} )); then
        expanded+=("${matches[@]}")
    else
        expanded+=("$pattern")
    fi
done

if [[ -n "${NFLINT_SPOT_SARIF_FILE:-}" ]] && [[ -e "$NFLINT_SPOT_SARIF_FILE" || -L "$NFLINT_SPOT_SARIF_FILE" ]]; then
    # Gone before this run starts: if it writes none, nothing stale is uploaded.
    rm -f -- "$NFLINT_SPOT_SARIF_FILE" \
        || echo "::warning title=nflint-spot::cannot remove the previous SARIF report $NFLINT_SPOT_SARIF_FILE"
fi

status=0
nflint-spot check ${args[@]+"${args[@]}"} --format github -- "${expanded[@]}" 2> "$scratch/stderr" || status=$?
cat "$scratch/stderr" >&2
if (( status == 2 )); then
    # The Python nflint-spot was installed with (its words for the annotation: one escaping).
    python -c 'import sys
from nflint_spot.output.formats.github import usage_error_annotation
print(usage_error_annotation(sys.stdin.read()))' < "$scratch/stderr"
fi

if [[ -n "${NFLINT_SPOT_SARIF_FILE:-}" ]]; then
    sarif_status=0
    why=""
    if (( status == 2 )); then
        sarif_status=2  # a usage error: the same arguments fail the same way
    # Beside the report, so that the rename is atomic (same file system).
    elif partial=$(mktemp "$NFLINT_SPOT_SARIF_FILE.partial.XXXXXX"); then
        nflint-spot check ${args[@]+"${args[@]}"} --format sarif --exit-zero -- "${expanded[@]}" \
            > "$partial" 2> "$scratch/sarif-stderr" || sarif_status=$?
        if ! cmp -s "$scratch/stderr" "$scratch/sarif-stderr"; then
            cat "$scratch/sarif-stderr" >&2
        fi
    else
        sarif_status=1
        why="cannot create a file in its directory"
    fi
    if (( sarif_status == 0 )); then
        chmod 644 "$partial"  # mktemp's 600: the report is an ordinary file for the next steps
        mv -f "$partial" "$NFLINT_SPOT_SARIF_FILE"
    else
        rm -f "${partial:-}"
        echo "::warning title=nflint-spot::no SARIF report written to $NFLINT_SPOT_SARIF_FILE: ${why:-nflint-spot exited $sarif_status}"
        if (( status == 0 )); then
            status=$sarif_status
        fi
    fi
fi

if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
    echo "exit-code=$status" >> "$GITHUB_OUTPUT"
fi
exit "$status"
