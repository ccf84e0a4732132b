"""The SQLite cache of parsed notes and the Session that reads it. Imports base, vault and notes."""
