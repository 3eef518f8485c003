"""dcsim: a local simulator of the Atlassian Data Center REST contract for application links and OAuth.

Layers: ``routes`` (HTTP, negotiation, error shapes) -> ``services`` (rules of the contract) -> ``store``
(SQLite). Routes never run SQL; the store never speaks HTTP.
"""

__version__ = "0.1.0"
