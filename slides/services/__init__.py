"""Writes of slides. Each function changes rows and emits its domain event atomically."""
