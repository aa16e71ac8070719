"""Renderers: one module per format, each `render(document, theme) -> bytes`."""
