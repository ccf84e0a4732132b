"""netnotes watch: re-read and re-render after each burst of edits. Imports the layers below."""
