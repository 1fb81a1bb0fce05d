"""Graph stage: merge extracted entities into a networkx graph, resolve them, load and export it."""
