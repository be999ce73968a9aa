"""phrasebook: the domain library of the offline field phrase book (no web framework here)."""

__version__ = "0.1.0"
