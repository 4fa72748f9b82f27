"""mkdocs-diffusion: publish a curated list of research papers as an MkDocs site."""

__version__ = "0.1.0"
