"""Named Cypher queries (``*.cypher`` beside this file) and the loader that reads them."""
