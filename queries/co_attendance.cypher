// Pairs of officials who attended the same meetings, most shared meetings first.
//
// Answers: who appears together with whom; attending includes speaking (ATTENDED or SPOKE_AT).
// Each pair is listed once, official_a < official_b.
// @param min_meetings int = 1  only pairs sharing at least this many meetings
// @param limit int = 100  at most this many pairs
// @example newsgraph query co_attendance --param min_meetings=2
MATCH (a:Official)-[:ATTENDED|SPOKE_AT]->(m:Meeting)<-[:ATTENDED|SPOKE_AT]-(b:Official)
WHERE a.key < b.key
WITH a, b, count(DISTINCT m) AS meetings
WHERE meetings >= $min_meetings
RETURN a.key AS official_a, b.key AS official_b, meetings
ORDER BY meetings DESC, official_a, official_b
LIMIT $limit
