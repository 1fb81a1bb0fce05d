"""newsgraph: knowledge graphs from Chinese local-government news.

Pipeline: ``extract`` (text → articles → mentions → entities and relations with evidence) →
``graph`` (networkx graph, entity resolution, Neo4j loading, JSON/HTML exports) → ``queries``
(named Cypher).
"""
__version__ = "0.1.0"

from .api import KnowledgeGraph, build  # noqa: E402  (public API)

__all__ = ["build", "KnowledgeGraph", "__version__"]
