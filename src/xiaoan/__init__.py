"""xiaoan (消安): fire-safety hazard campaign platform."""

__version__ = "0.1.0"
