"""Reads of slides: a talk's record and versions, the organisers' tracking, publication."""
