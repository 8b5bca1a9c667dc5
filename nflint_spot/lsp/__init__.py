"""The language server: session, runs, code actions, hover, positions (LSP over stdio)."""
