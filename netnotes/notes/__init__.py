"""One file in, one Note out: YAML with positions, properties, the Log, links, name resolution, vault-wide checks. Imports base and vault."""
