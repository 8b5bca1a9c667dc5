"""Document(s) → LoadedConfig → ConfigModel: sources, includes, profiles, params, layers,
the pipeline's scripts (processes, includes, names), selectors, versions."""
