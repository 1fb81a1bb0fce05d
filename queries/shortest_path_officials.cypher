// Shortest path between two officials through shared meetings.
//
// Answers: how two officials are connected through meetings they attended or spoke at
// (official - meeting - official - …); hops counts the officials passed, path lists node keys.
// One shortest path is returned; no row when they are not connected within 6 hops. The same
// official twice gives hops 0 and a path of that official alone (Neo4j refuses shortestPath
// from a node to itself, error 51N23, so that case is its own branch).
// @param a string  one official's key, e.g. 孟景伟
// @param b string  the other official's key
// @example newsgraph query shortest_path_officials --param a=孟景伟 --param b=郑皓
MATCH (a:Official {key: $a})
MATCH (b:Official {key: $b})
WITH a, b
WHERE a <> b
MATCH p = shortestPath((a)-[:ATTENDED|SPOKE_AT*..12]-(b))
RETURN length(p) / 2 AS hops, [n IN nodes(p) | n.key] AS path
UNION ALL
MATCH (a:Official {key: $a})
WHERE $a = $b
RETURN 0 AS hops, [a.key] AS path
