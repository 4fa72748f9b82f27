"""Couplings to other MkDocs plugins, one module each, so the plugin itself only wires events."""
