"""nflint-spot: a linter for Nextflow configs that finds what makes AWS Batch Spot
interruptions expensive or fatal."""

__version__ = "0.1.0"
