"""Tests of briefgen.load, one module per module of the stage."""
