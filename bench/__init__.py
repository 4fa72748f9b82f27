"""The scale benchmark: see bench/README.md."""
