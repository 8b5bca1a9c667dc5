"""The command line: click commands, the program's start-up, linting many files (--jobs)."""
