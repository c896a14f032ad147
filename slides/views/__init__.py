"""Pages of slides: the speaker's portal, the slide review, the organisers' deadline and publication pages."""
