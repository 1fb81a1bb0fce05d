// Officials by how many others they meet: their degree in the co-attendance network.
//
// Answers: per official who attended or spoke at a meeting, the meetings and the distinct
// officials met there (co_attendees); the most connected first. Betweenness and communities
// need the whole network: kg.centrality() and kg.communities() in Python.
// @param limit int = 100  at most this many rows
// @example newsgraph query official_degree --param limit=10
MATCH (o:Official)-[:ATTENDED|SPOKE_AT]->(m:Meeting)
WITH o, count(DISTINCT m) AS meetings
OPTIONAL MATCH (o)-[:ATTENDED|SPOKE_AT]->(:Meeting)<-[:ATTENDED|SPOKE_AT]-(other:Official)
WHERE other.key <> o.key
RETURN o.key AS official, meetings, count(DISTINCT other) AS co_attendees
ORDER BY co_attendees DESC, meetings DESC, official
LIMIT $limit
