"""newsgraph: knowledge graphs from Chinese local-government news.

Pipeline: ``extract`` (text → articles → mentions → entities and relations with evidence) →
``graph`` (networkx graph, entity resolution, Neo4j loading, JSON/HTML exports) → ``queries``
(named Cypher).
"""
__version__ = "0.1.0"

__all__ = ["build", "KnowledgeGraph", "__version__"]


def __getattr__(name: str):
    # The public API is imported on first use (PEP 562), so that importing a light module such
    # as newsgraph.schema does not load the extraction stack, jieba's tables or networkx.
    if name in ("build", "KnowledgeGraph"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'newsgraph' has no attribute {name!r}")
