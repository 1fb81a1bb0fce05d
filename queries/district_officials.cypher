// The officials of a district.
//
// Answers: officials holding a position in the district (HOLDS_POSITION) or attending/speaking
// at meetings located in it, with how many such meetings; most meetings first.
// @param district string  the district's key, e.g. 通州区
// @example newsgraph query district_officials --param district=通州区
MATCH (o:Official)-[r:HOLDS_POSITION|ATTENDED|SPOKE_AT]->(x)
WHERE (x:District AND x.key = $district)
   OR (x:Meeting AND (x)-[:LOCATED_IN]->(:District {key: $district}))
WITH o, collect(DISTINCT type(r)) AS how, count(DISTINCT CASE WHEN x:Meeting THEN x.key END) AS meetings
RETURN o.key AS official, o.name AS name, meetings, 'HOLDS_POSITION' IN how AS holds_position
ORDER BY meetings DESC, official
