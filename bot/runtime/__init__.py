"""The runtime: starting, training and wiring the servers (launcher, spaCy build, channels)."""
