"""Output formats: one pure `render(diagnostics, ...) -> str` each, in a plain dict."""
