"""Writes of the call for papers. Each function changes rows and emits its domain event atomically."""
