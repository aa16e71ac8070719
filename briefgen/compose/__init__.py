"""Compose: records -> format-neutral Documents (all content decisions live here)."""
