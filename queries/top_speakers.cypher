// Who speaks most at meetings, and in which roles.
//
// Answers: per official, the number of meetings spoken at and the distinct speech verbs as
// printed (主持, 讲话, 点评 …), the most frequent first (ties by the verb). One row per official,
// most meetings first.
// @param limit int = 100  at most this many rows
// @example newsgraph query top_speakers --param limit=20
MATCH (o:Official)-[:SPOKE_AT]->(m:Meeting)
WITH o, count(DISTINCT m) AS meetings
MATCH (o)-[s:SPOKE_AT]->(m:Meeting)
UNWIND CASE WHEN size(coalesce(s.roles, [])) = 0 THEN [null] ELSE s.roles END AS role
WITH o, meetings, role, count(DISTINCT m) AS times
ORDER BY o.key, times DESC, role
WITH o, meetings, collect(role) AS roles
RETURN o.key AS official, meetings, roles
ORDER BY meetings DESC, official
LIMIT $limit
