"""Forms of slides: uploads, comments and verdicts; the organisers' settings and publication pages."""
