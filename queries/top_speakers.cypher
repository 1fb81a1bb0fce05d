// Who speaks most at meetings, and in which role.
//
// Answers: per official, the number of meetings spoken at (speeches) and, one row per role as
// printed (主持, 讲话, 点评 …; '' when none), how often. Officials with the most speeches first.
// @param limit int = 100  at most this many rows
// @example newsgraph query top_speakers --param limit=20
MATCH (o:Official)-[s:SPOKE_AT]->(:Meeting)
WITH o, coalesce(s.role, '') AS role, count(*) AS times
WITH o, collect({role: role, times: times}) AS per_role, sum(times) AS speeches
UNWIND per_role AS pr
RETURN o.key AS official, speeches, pr.role AS role, pr.times AS times
ORDER BY speeches DESC, official, times DESC, role
LIMIT $limit
