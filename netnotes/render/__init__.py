"""Report values to text: Jinja environments, terminal tables, the review page, publishing and the report cache. Imports the layers below."""
