"""Text → Document: the parser entry, nodes with their spans, tree building, string tokens."""
