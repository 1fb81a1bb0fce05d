// An official's meetings in time order.
//
// Answers: which meetings did this official attend or speak at, oldest first (meetings without
// a date come last), with whether the official spoke there.
// @param official string  the official's key (usually the name), e.g. 孟景伟
// @example newsgraph query official_meetings --param official=孟景伟
MATCH (o:Official {key: $official})-[r:ATTENDED|SPOKE_AT]->(m:Meeting)
WITH m, collect(DISTINCT type(r)) AS how
RETURN m.key AS meeting, m.name AS name, m.date AS date, 'SPOKE_AT' IN how AS spoke
ORDER BY coalesce(m.date, '9999-99-99'), meeting
