"""The vault on disk: finding it, its config, Obsidian's settings, init, templates' folders, and writes that never half-write. Imports base."""
