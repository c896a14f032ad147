"""Writes of office hours and rehearsals. Each function changes rows and emits its domain event atomically."""
