"""Checks of an uploaded deck's bytes: `check.check_pdf` runs them in order (see its docstring)."""
