"""HTTP routes. Every module with a ``blueprint`` is mounted by dcsim.app; no SQL here."""
