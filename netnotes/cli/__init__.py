"""The netnotes command: Click options in, one library call, output out. The only layer that imports Click or prints."""
