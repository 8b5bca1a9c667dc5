"""The report: text, JSON, SARIF, GitHub, GitLab and JUnit formats, `show`, the rule docs."""
