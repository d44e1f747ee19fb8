// Store a new load as running, before any of its data (server/store/types.ts LoadRecord).
// $load: {id, by, origin, inputs (JSON text), startedAt, owner (JSON text)}
CREATE (l:Load {
  id: $load.id, status: 'running', byUser: $load.by, origin: $load.origin, inputs: $load.inputs,
  startedAt: toInteger($load.startedAt), owner: $load.owner, records: 0, batches: 0
})
