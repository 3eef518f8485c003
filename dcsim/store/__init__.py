"""SQLite persistence. Each module here owns its tables (its ``SCHEMA``) and speaks no HTTP."""
