"""What the config options the Spot rules care about mean: default, meaning and version
notes, from the shared Nextflow reference (§2 process directives, §3 AWS Batch, §4 Fusion and
Wave). Shown by the language server's hover."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OptionDoc:
    """What hover shows for a config option."""

    default: str
    text: str


# Keyed by the option's canonical name; directives written in a selector are `process.X`.
OPTION_DOCS: dict[str, OptionDoc] = {
    "aws.batch.maxSpotAttempts": OptionDoc(
        "0 since Nextflow 24.10 (24.08.0-edge); 5 from 22.04 to 24.07",
        "How many times AWS Batch itself runs a job whose EC2 host was reclaimed (status reason "
        "`Host EC2*`): the **total** number of AWS attempts, 1–10, where 1 means no retry. These "
        "retries happen inside AWS: same Nextflow task and work directory, `task.attempt` unchanged, "
        "`queue` not re-evaluated, nothing in the log, and the reclaimed runs are billed.\n\n"
        "With Fusion Snapshots (`fusion.enabled` and `fusion.snapshots`, Nextflow 25.04 / 24.10.6+) an "
        "unset **or 0** value is forced to **5**. Only read as `aws.batch.maxSpotAttempts`: "
        "`process.maxSpotAttempts` is ignored. A Fargate Spot interruption never matches the retry rule."),
    "process.errorStrategy": OptionDoc(
        "`terminate`",
        "What Nextflow does when a task fails: `terminate`, `finish`, `ignore` or `retry` (or a closure "
        "returning one, evaluated after the failure with `task.exitStatus` and `task.attempt`). When the "
        "retries are exhausted the result is `terminate`.\n\n"
        "A Spot reclaim usually leaves **no exit status**: `task.exitStatus` is 2147483647 "
        "(Integer.MAX_VALUE, shown as `-`); 137 or 143 are possible. A closure that retries only listed "
        "exit codes gives up on a reclaim."),
    "process.maxRetries": OptionDoc(
        "1",
        "How many times Nextflow retries one task (N means up to N+1 attempts; `task.attempt` counts "
        "from 1). **`maxRetries = 0` is treated as 1.** It only has an effect when `errorStrategy` "
        "resolves to `retry`."),
    "process.maxErrors": OptionDoc(
        "-1 (unlimited)",
        "How many failed tasks of one process (across all its tasks) may be retried before the run "
        "stops. nf-core writes the string `'-1'`."),
    "process.queue": OptionDoc(
        "none",
        "The AWS Batch job queue (a string or a closure). **Mandatory for `awsbatch`** (\"Missing AWS "
        "Batch job queue\"). A closure is re-evaluated on each Nextflow retry (`task.attempt`), the "
        "usual Spot → On-Demand fallback, but never for AWS's own `maxSpotAttempts` retries. "
        "Comma-separated queue lists are not supported by cloud executors."),
    "process.time": OptionDoc(
        "none",
        "A task's time limit (a duration or a closure). On AWS Batch it becomes the job's per-attempt "
        "timeout (`attemptDurationSeconds`, at least 60 s): the work a Spot reclaim can throw away. "
        "Duration strings are case-sensitive (`'1h'`, `'1d 6h'`; not `'1H'` or `'1hr'`)."),
    "process.memory": OptionDoc(
        "none",
        "A task's memory (a memory unit or a closure such as `{ 6.GB * task.attempt }`, re-evaluated on "
        "each Nextflow retry). Strings: `'8 GB'`, `'8G'`, `'512MB'`; the unit letter is case-insensitive "
        "but a trailing `B` must be uppercase (`'8 gb'` and `'8 GiB'` are rejected)."),
    "process.executor": OptionDoc(
        "`local`",
        "Where tasks run; `'awsbatch'` submits them to AWS Batch (then `queue`, a container and an S3 "
        "work dir are needed). Not dynamic: a closure is not allowed. Without it, `executor.name` is "
        "the fallback."),
    "executor": OptionDoc(
        "—",
        "The executor scope: `executor.name` (the executor when `process.executor` is unset), "
        "`queueSize` (AWS Batch default 1000), `pollInterval` (10s), and per-executor settings as "
        "`executor.$awsbatch.*`. A bare `executor = 'awsbatch'` at the top level is not a documented form."),
    "executor.name": OptionDoc(
        "`local`",
        "The executor used when `process.executor` is unset, e.g. `'awsbatch'`."),
    "aws.batch.platformType": OptionDoc(
        "unset (EC2)",
        "`ec2` or `fargate`. Fargate needs `wave.enabled = true` and `aws.batch.executionRole`. A Fargate "
        "Spot interruption (\"Your Spot Task was interrupted.\") does not match the `Host EC2*` rule of "
        "`maxSpotAttempts`, so AWS never retries it: Nextflow's `errorStrategy` must."),
    "fusion.enabled": OptionDoc(
        "false",
        "Fusion file system. Needs `wave.enabled = true` (else \"Fusion feature requires enabling Wave "
        "service\"), a container and an object-store work directory."),
    "fusion.snapshots": OptionDoc(
        "false",
        "Fusion Snapshots (Nextflow 25.04, preview): checkpoint a task on Spot reclaim (AWS gives a 120 s "
        "warning) and restore it elsewhere. Needs Fusion, Wave, AWS Batch, Spot instances; without "
        "`fusion.enabled` it has no effect. With snapshots on, an unset or 0 `aws.batch.maxSpotAttempts` "
        "becomes **5**. Exit status 175 = dump failed, 176 = restore failed (retryable)."),
    "wave.enabled": OptionDoc(
        "false",
        "The Wave container service. Required by Fusion (`fusion.enabled`) and by "
        "`aws.batch.platformType = 'fargate'`."),
}
