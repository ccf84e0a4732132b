"""netnotes: a plain-text personal CRM for people who grow their business through networking."""

__version__ = "0.1.0"
