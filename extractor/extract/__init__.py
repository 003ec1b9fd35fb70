"""Extract: citations, money amounts and quantities, each with provenance."""
