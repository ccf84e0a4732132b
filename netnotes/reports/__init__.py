"""Pure computations over a session: facts, follow-ups, introductions, asks, reciprocity, groups, pipeline, graph, the weekly review. Imports the layers below."""
