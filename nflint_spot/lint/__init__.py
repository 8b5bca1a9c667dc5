"""The linter: rules' findings → diagnostics, suppressions, settings (rules.yaml), fixes."""
