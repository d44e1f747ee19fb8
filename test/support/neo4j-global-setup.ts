/**
 * vitest global setup of the neo4j project. The Neo4j store issue fills this in: start (or find) a real Neo4j and `provide` its URI.
 */
export default function setup(): void {}
