"""facilitator: a terminal cockpit for running live training sessions."""

__version__ = "0.2.0"
