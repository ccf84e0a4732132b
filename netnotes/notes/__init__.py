"""One file in, one Note out: YAML read with positions and values written on one line, properties, the Log, links, name resolution, vault-wide checks. Imports base and vault."""
